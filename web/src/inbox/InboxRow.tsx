// One conversation in the inbox: urgency colour and countdown, channel, customer, when
// the customer last wrote (bold with a dot while I have not read it), subject, assignee
// and tags. The whole row is a link; the checkbox selects it for bulk actions.
import type { ConversationRow } from '../api/types';
import { t } from '../i18n/i18n';
import { intentLabel, statusLabel } from '../ui/labels';
import { ChannelIcon } from '../ui/ChannelIcon';
import { countdownText, urgencyAt } from '../ui/clock';
import { shortWhen } from '../ui/zone';

interface Props {
  row: ConversationRow;
  now: number;
  channelKind: string;
  assigneeName: string;
  timeZone: string;
  selected: boolean;
  focused: boolean;
  active: boolean;
  onSelect: (id: number, on: boolean) => void;
}

export function InboxRow({ row, now, channelKind, assigneeName, timeZone, selected, focused, active, onSelect }: Props) {
  const urgency = urgencyAt(row.due_at, now);
  const classes = ['inbox-row', `urgency-${urgency}`];
  if (focused) classes.push('focused');
  if (active) classes.push('active');
  if (row.delivery_failed_at) classes.push('delivery-failed');
  // The open conversation is being read: it marks itself read a moment later.
  const unread = Boolean(row.unread) && !active;
  if (unread) classes.push('unread');
  const customer = row.customer.name || row.customer.email || t('customer.unknown');
  return (
    <div
      class={classes.join(' ')}
      data-testid="inbox-row"
      data-id={row.id}
      data-status={row.status}
      data-urgency={urgency}
      data-unread={unread ? 'true' : 'false'}
    >
      <label class="row-check">
        <input
          type="checkbox"
          data-testid="row-select"
          checked={selected}
          onChange={(e) => onSelect(row.id, (e.target as HTMLInputElement).checked)}
          aria-label={t('inbox.select_row', { subject: row.subject })}
        />
      </label>
      <a class="row-link" href={`/conversations/${row.id}`} aria-current={active ? 'page' : undefined}>
        <span class="row-top">
          <ChannelIcon kind={channelKind} />
          {unread && <span class="unread-dot" role="img" aria-label={t('inbox.unread')} />}
          <span class="row-customer">{customer}</span>
          {row.last_inbound_at && (
            <time class="row-received" dateTime={row.last_inbound_at} title={t('inbox.received_at')} data-testid="row-received">
              {shortWhen(row.last_inbound_at, timeZone, now)}
            </time>
          )}
          <span class={`row-due due-${urgency}`}>{dueText(row, now, timeZone)}</span>
        </span>

        <span class="row-subject">
          {row.subject || t('conversation.no_subject')}
          {row.snippet && <span class="row-snippet"> — {row.snippet.replace(/\s+/g, ' ')}</span>}
        </span>
        <span class="row-meta">
          {row.delivery_failed_at && (
            <span class="row-failed" data-testid="delivery-failed-mark" title={t('delivery.failed_mark')}>
              {t('delivery.failed')}
            </span>
          )}
          <span class="row-assignee">{assigneeName || t('inbox.unassigned')}</span>
          {row.intent && <span class="intent" data-intent={row.intent}>{intentLabel(row.intent)}</span>}
          {row.tags.slice(0, 3).map((tag) => (
            <span class="tag" key={tag}>
              {tag}
            </span>
          ))}
          {row.order_id && <span class="row-order">{row.order_id}</span>}
        </span>
      </a>
    </div>
  );
}

// The countdown while a response is owed; for a hold with an end, until when; else the status.
function dueText(row: ConversationRow, now: number, timeZone: string): string {
  const countdown = countdownText(row.due_at, now);
  if (countdown) return countdown;
  if (row.status === 'on_hold' && row.hold_until) return t('hold.until_short', { when: shortWhen(row.hold_until, timeZone, now) });
  return statusLabel(row.status);
}
