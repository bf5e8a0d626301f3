// One message of the thread. Inbound, outbound and internal notes look different;
// an outbound reply shows its delivery state, a failed one a retry button, and one to
// be sent by hand on the channel's own site (Etsy) a "mark as sent" button.
import { useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import { storedErrorText } from '../api/errors';
import type { Message } from '../api/types';
import { formatDateTime, t } from '../i18n/i18n';
import { deliveryLabel } from '../ui/labels';
import { Attachments } from './Attachments';
import { MailFrame } from './MailFrame';
import { MessageText } from './MessageText';

interface Props {
  message: Message;
  authorName: string;
  timeZone: string;
  onChanged: () => void;
}

export function MessageItem({ message, authorName, timeZone, onChanged }: Props) {
  const [retrying, setRetrying] = useState(false);
  const [error, setError] = useState('');
  const direction = message.direction;
  const who =
    direction === 'inbound'
      ? message.from_name || message.from_address
      : authorName || (message.flags.includes('auto_submitted') ? t('message.automatic') : t('message.agent'));
  const act = async (action: 'retry' | 'mark-sent') => {
    setRetrying(true);
    try {
      await apiSend('POST', `/api/v1/messages/${message.id}/${action}`);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRetrying(false);
    }
  };
  return (
    <article
      class={`message message-${direction}`}
      data-testid="message"
      data-id={message.id}
      data-direction={direction}
      data-delivery={direction === 'outbound' ? message.delivery : ''}
      aria-label={t(`message.kind.${direction}`)}
    >
      <header class="message-head">
        <span class="message-kind">{t(`message.kind.${direction}`)}</span>
        <span class="message-from">{who}</span>
        <time dateTime={message.created_at}>{formatDateTime(message.created_at, timeZone)}</time>
        {direction === 'outbound' && (
          <span class={`delivery delivery-${message.delivery}`} data-testid="delivery-state">
            {deliveryLabel(message.delivery)}
          </span>
        )}
      </header>
      {message.decode_note && <p class="decode-note">{message.decode_note}</p>}
      {message.html && direction === 'inbound' ? (
        <MailFrame html={message.html} />
      ) : (
        <MessageText text={message.text} fold={direction === 'inbound'} />
      )}
      <Attachments items={message.attachments} />
      {direction === 'outbound' && message.delivery === 'failed' && (
        <div class="delivery-problem" role="alert">
          <span>{t('delivery.failed_reason', { reason: storedErrorText(message) || '—' })}</span>
          <button type="button" onClick={() => void act('retry')} disabled={retrying} data-testid="retry">
            {t('delivery.retry')}
          </button>
          {error && <span class="error">{error}</span>}
        </div>
      )}
      {direction === 'outbound' && message.delivery === 'manual' && (
        <div class="delivery-manual">
          <span>{t('delivery.manual_hint')}</span>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(message.text)} data-testid="copy-text">
            {t('delivery.copy')}
          </button>
          <button type="button" class="primary" onClick={() => void act('mark-sent')} disabled={retrying} data-testid="mark-sent">
            {t('delivery.mark_sent')}
          </button>
          {error && <span class="error">{error}</span>}
        </div>
      )}
    </article>
  );
}
