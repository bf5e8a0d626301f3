// The settings: a navigation of sections (/settings/SECTION, /settings shows the
// first), each a form that loads the current values and saves through the API.
// Owners and admins change the shop's sections; others see them read-only. Saved
// replies are every writing agent's.
import type { ComponentType } from 'preact';
import { t } from '../i18n/i18n';
import { AgentsSection } from './AgentsSection';
import { AwaySection } from './AwaySection';
import { ChannelsSection } from './ChannelsSection';
import { HoursSection } from './HoursSection';
import { RepliesSection } from './RepliesSection';
import { ShopSection } from './ShopSection';
import { SlaSection } from './SlaSection';

const SECTIONS = [
  { id: 'channels', label: 'settings.nav.channels', component: ChannelsSection },
  { id: 'sla', label: 'settings.nav.sla', component: SlaSection },
  { id: 'hours', label: 'settings.nav.hours', component: HoursSection },
  { id: 'away', label: 'settings.nav.away', component: AwaySection },
  { id: 'replies', label: 'settings.nav.replies', component: RepliesSection },
  { id: 'agents', label: 'settings.nav.agents', component: AgentsSection },
  { id: 'shop', label: 'settings.nav.shop', component: ShopSection },
] as const satisfies readonly { id: string; label: string; component: ComponentType }[];

export default function SettingsPage({ section }: { section: string }) {
  const current = section ? SECTIONS.find((s) => s.id === section) : SECTIONS[0];
  const Section = current?.component;
  return (
    <section class="page settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <div class="settings-layout">
        <nav data-testid="settings-nav" class="settings-nav" aria-label={t('settings.nav')}>
          <ul>
            {SECTIONS.map((s) => (
              <li>
                <a href={`/settings/${s.id}`} aria-current={s === current ? 'page' : undefined}>
                  {t(s.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="settings-body">
          {Section ? (
            <Section key={current.id} />
          ) : (
            <div>
              <h2>{t('settings.not_found')}</h2>
              <p>
                <a href="/settings">{t('settings.back')}</a>
              </p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
