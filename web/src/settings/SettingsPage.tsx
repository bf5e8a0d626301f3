// The settings pages.
import { t } from '../i18n/i18n';

export default function SettingsPage(_props: { section: string }) {
  return (
    <section class="page">
      <h1>{t('settings.title')}</h1>
      <nav data-testid="settings-nav" aria-label={t('settings.title')}></nav>
    </section>
  );
}
