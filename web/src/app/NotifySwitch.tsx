// The topbar's notification switches: desktop notifications and the chime, for this
// browser (app/notify.ts).
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { notifyPrefs, setNotifyPrefs, type NotifyPrefs } from './notify';

export function NotifySwitch() {
  const [prefs, setPrefs] = useState<NotifyPrefs>(notifyPrefs);
  const [refused, setRefused] = useState(false);
  const change = async (next: NotifyPrefs) => {
    const ok = await setNotifyPrefs(next);
    setRefused(!ok);
    setPrefs(notifyPrefs());
  };
  const on = prefs.desktop || prefs.sound;
  return (
    <details class="notify-switch" data-testid="notify-switch">
      <summary aria-label={t('notify.settings')} title={t('notify.settings')}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="2">
          <path d="M5 14V9a5 5 0 0 1 10 0v5l1.5 2h-13zM8 18h4" />
          {!on && <path d="M3 3l14 14" />}
        </svg>
      </summary>
      <div class="notify-menu">
        {(['desktop', 'sound'] as const).map((key) => (
          <label>
            <input
              type="checkbox"
              data-testid={`notify-${key}`}
              checked={prefs[key]}
              onChange={(e) => void change({ ...prefs, [key]: (e.target as HTMLInputElement).checked })}
            />
            {t(`notify.${key}`)}
          </label>
        ))}
        <p class="muted">{t('notify.what')}</p>
        {refused && (
          <p class="error" role="alert">
            {t('notify.refused')}
          </p>
        )}
      </div>
    </details>
  );
}
