// A message's attachments: images previewed (fetched with the session, shown from a
// blob: URL), everything else as a download link with its size.
import { useEffect, useState } from 'preact/hooks';
import { apiBlob, saveBlob } from '../api/client';
import type { Attachment } from '../api/types';
import { t } from '../i18n/i18n';
import { sizeText } from '../ui/sizeText';


function ImagePreview({ attachment }: { attachment: Attachment }) {
  const [url, setUrl] = useState('');
  useEffect(() => {
    let objectUrl = '';
    let cancelled = false;
    apiBlob(`/api/v1/attachments/${attachment.id}`)
      .then((blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => setUrl(''));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [attachment.id]);
  return url ? <img class="attachment-preview" src={url} alt={attachment.filename} loading="lazy" /> : null;
}

export function Attachments({ items }: { items: Attachment[] }) {
  if (items.length === 0) return null;
  const download = async (a: Attachment) => {
    try {
      saveBlob(await apiBlob(`/api/v1/attachments/${a.id}`), a.filename);
    } catch (e) {
      alert((e as Error).message);
    }
  };
  return (
    <ul class="attachments" aria-label={t('attachments.title')}>
      {items.map((a) => (
        <li key={a.id}>
          {a.stored && a.content_type.startsWith('image/') && a.size < 10_000_000 && <ImagePreview attachment={a} />}
          {a.stored ? (
            <button type="button" class="link" onClick={() => void download(a)}>
              {a.filename || t('attachments.unnamed')} ({sizeText(a.size)})
            </button>
          ) : (
            <span class="muted">
              {a.filename} — {t('attachments.not_stored')}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
