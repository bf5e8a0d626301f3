// Notices inside the desk (app/notify.ts onNotice): a mention in a note, with a link to
// the conversation, until dismissed or opened.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { onNotice, type Pending } from './notify';
import { navigate } from './router';

export function Toasts() {
  const [notices, setNotices] = useState<(Pending & { key: number })[]>([]);
  useEffect(() => {
    let next = 0;
    return onNotice((notice) => setNotices((old) => [...old.slice(-3), { ...notice, key: ++next }]));
  }, []);
  if (notices.length === 0) return null;
  const drop = (key: number) => setNotices((old) => old.filter((n) => n.key !== key));
  return (
    <div class="toasts" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div class="toast" data-testid="toast" key={notice.key}>
          <p>
            <strong>{notice.title}</strong>
          </p>
          <p>{notice.body}</p>
          <div class="toast-actions">
            <button
              type="button"
              class="primary"
              onClick={() => {
                drop(notice.key);
                navigate(`/conversations/${notice.conversationId}`);
              }}
            >
              {t('notify.open')}
            </button>
            <button type="button" onClick={() => drop(notice.key)}>
              {t('notify.dismiss')}
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
