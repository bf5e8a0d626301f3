// "?" shows the keyboard shortcuts.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalogue';

const KEYS: [string, MessageKey][] = [
  ['j / k', 'help.move'],
  ['Enter', 'help.open'],
  ['r', 'help.reply'],
  ['n', 'help.note'],
  ['e', 'help.resolve'],
  ['/', 'help.saved_replies'],
  ['Ctrl/⌘ + Enter', 'help.send'],
  ['Esc', 'help.back'],
  ['?', 'help.help'],
];

export function HelpDialog({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  // Listening from the moment it is on screen (a layout effect runs before the paint; an
  // effect after it, so an Escape pressed at once could be missed).
  useLayoutEffect(() => {
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div class="dialog-backdrop" onClick={onClose}>
      <div
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        data-testid="help-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="help-title">{t('help.title')}</h2>
        <table>
          <tbody>
            {KEYS.map(([key, text]) => (
              <tr key={key}>
                <th scope="row">
                  <kbd>{key}</kbd>
                </th>
                <td>{t(text)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" ref={close} onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
