// One conversation in the inbox: urgency colour and countdown, channel, customer,
// subject, assignee and tags. The whole row is a link; the checkbox selects it for
// bulk actions.
import type { ConversationRow } from '../api/types';
import { t } from '../i18n/i18n';
import { intentLabel, statusLabel } from '../ui/labels';
import { ChannelIcon } from '../ui/ChannelIcon';
import { countdownText, urgencyAt } from '../ui/clock';

interface Props {
  row: ConversationRow;
  now: number;
  channelKind: string;
  assigneeName: string;
  selected: boolean;
  focused: boolean;
  active: boolean;
  onSelect: (id: number, on: boolean) => void;
}

export function InboxRow({ row, now, channelKind, assigneeName, selected, focused, active, onSelect }: Props) {
  const urgency = urgencyAt(row.due_at, now);
  const classes = ['inbox-row', `urgency-${urgency}`];
  if (focused) classes.push('focused');
  if (active) classes.push('active');
  if (row.delivery_failed_at) classes.push('delivery-failed');
  const customer = row.customer.name || row.customer.email || t('customer.unknown');
  return (
    <div class={classes.join(' ')} data-testid="inbox-row" data-id={row.id} data-status={row.status} data-urgency={urgency}>
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
          <span class="row-customer">{customer}</span>
          <span class={`row-due due-${urgency}`}>{countdownText(row.due_at, now) || statusLabel(row.status)}</span>
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
