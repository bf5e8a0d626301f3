// While the shop is away (臨時休業, a scheduled 休業, or outside business hours with
// away mode on), a banner under the top bar says so, and what the automatic answer
// promises customers, so nobody wonders why mail is being answered by a machine.
// Re-read every minute (hours open and close) and after the away settings change.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../api/client';
import type { MessageKey } from '../i18n/catalogue';
import { formatDateTime, t } from '../i18n/i18n';

interface AwayState {
  away_now: boolean;
  away_reason: string | null;
  reply_by: string | null;
}

const AWAY_CHANGED = 'shopdesk:away-changed';

// Settings call this after saving away mode, so the banner follows at once.
export function announceAwayChanged(): void {
  window.dispatchEvent(new Event(AWAY_CHANGED));
}

export function AwayBanner({ timeZone }: { timeZone: string }) {
  const [away, setAway] = useState<AwayState | null>(null);
  useEffect(() => {
    let stopped = false;
    const load = () =>
      apiGet<AwayState>('/api/v1/away')
        .then((state) => !stopped && setAway(state))
        .catch(() => {
          /* the banner is a hint: a failed read leaves the last one */
        });
    void load();
    const timer = window.setInterval(load, 60000);
    window.addEventListener(AWAY_CHANGED, load);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener(AWAY_CHANGED, load);
    };
  }, []);
  if (!away?.away_now || !away.away_reason) return null;
  return (
    <div class="away-banner" role="status" data-testid="away-banner" data-reason={away.away_reason}>
      <strong>{t(`away.reason.${away.away_reason}` as MessageKey)}</strong>{' '}
      {t('away.banner', { reply_by: formatDateTime(away.reply_by, timeZone) })}{' '}
      <a href="/settings/away">{t('away.settings')}</a>
    </div>
  );
}
