// 日本語 ⇄ English. Every text re-renders through the catalogue.
import { language, setLanguage } from '../i18n/i18n';

export function LanguageSwitch() {
  const next = language() === 'ja' ? 'en' : 'ja';
  return (
    <button
      type="button"
      class="lang-switch"
      data-testid="lang-switch"
      lang={next}
      aria-label={next === 'en' ? 'Switch to English' : '日本語に切り替え'}
      onClick={() => setLanguage(next)}
    >
      <span class="long">{next === 'en' ? 'English' : '日本語'}</span>
      <span class="short" aria-hidden="true">
        {next === 'en' ? 'EN' : '日本'}
      </span>
    </button>
  );
}
