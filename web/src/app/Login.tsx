// The login form: e-mail and password against POST /api/v1/session. The server sets
// an HttpOnly session cookie; the answer carries the CSRF token for later changes.
import { useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import type { Session } from '../api/types';
import { t } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';

export function Login({ onLoggedIn }: { onLoggedIn: (session: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onLoggedIn(await apiSend<Session>('POST', '/api/v1/session', { email: email.trim(), password }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form id="login-form" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">shopdesk</h1>
        <p class="muted">{t('login.lead')}</p>
        <label for="login-email">{t('login.email')}</label>
        <input
          id="login-email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
        />
        <label for="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
