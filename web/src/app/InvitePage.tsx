// The page an invitation mail links to (/invite/TOKEN), before any login: who the link
// is for, and a form to set one's own password. A used, expired or unknown link says
// so and who to ask; after the password is set, the login page is one click away.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, apiSend } from '../api/client';
import { formatDateTime, t } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';

interface Info {
  shop_name: string;
  email: string;
  name: string;
  expires_at: string;
}

export function InvitePage({ token }: { token: string }) {
  const [info, setInfo] = useState<Info | null>(null);
  const [loadError, setLoadError] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    apiGet<Info>(`/api/v1/invitations/${encodeURIComponent(token)}`)
      .then(setInfo)
      .catch((e: Error) => setLoadError(e.message));
  }, [token]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (password.length < 10) return setError(t('invite.too_short'));
    if (password !== again) return setError(t('invite.mismatch'));
    setBusy(true);
    setError('');
    try {
      await apiSend('POST', `/api/v1/invitations/${encodeURIComponent(token)}`, { password });
      setDone(true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login invite">
      <form id="invite-form" onSubmit={(e) => void submit(e)} aria-labelledby="invite-title" noValidate>
        <h1 id="invite-title">shopdesk</h1>
        {loadError && (
          <p class="error" role="alert">
            {loadError}
          </p>
        )}
        {info && !done && (
          <>
            <p data-testid="invite-lead">{t('invite.lead', { shop: info.shop_name, email: info.email })}</p>
            <p class="muted">{t('invite.expires', { at: formatDateTime(info.expires_at) })}</p>
            <input type="email" name="email" autocomplete="username" value={info.email} hidden readOnly />
            <label for="invite-password">{t('invite.password')}</label>
            <input
              id="invite-password"
              name="password"
              type="password"
              autocomplete="new-password"
              minLength={10}
              required
              value={password}
              onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            />
            <p class="hint muted">{t('settings.agents.password_hint')}</p>
            <label for="invite-again">{t('invite.again')}</label>
            <input
              id="invite-again"
              type="password"
              autocomplete="new-password"
              required
              value={again}
              onInput={(e) => setAgain((e.target as HTMLInputElement).value)}
            />
            {error && (
              <p class="error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" class="primary" disabled={busy}>
              {t('invite.submit')}
            </button>
          </>
        )}
        {done && (
          <p role="status" data-testid="invite-done">
            {t('invite.done')} <a href="/login">{t('invite.to_login')}</a>
          </p>
        )}
        <LanguageSwitch />
      </form>
    </main>
  );
}
