// Beside the conversation: who the customer is (names, addresses, since when, their
// other conversations) and the order the conversation is about.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, query } from '../api/client';
import type { Conversation, ConversationPage, Customer } from '../api/types';
import { formatDateTime, t } from '../i18n/i18n';
import { statusLabel } from '../ui/labels';

interface Props {
  conversation: Conversation;
  customer: Customer;
  timeZone: string;
}

export function SidePanel({ conversation, customer, timeZone }: Props) {
  const [past, setPast] = useState<ConversationPage['items']>([]);
  useEffect(() => {
    let cancelled = false;
    apiGet<ConversationPage>('/api/v1/conversations' + query({ customer: customer.id, limit: 20 }))
      .then((page) => !cancelled && setPast(page.items.filter((c) => c.id !== conversation.id)))
      .catch(() => !cancelled && setPast([]));
    return () => {
      cancelled = true;
    };
  }, [customer.id, conversation.id]);

  const fullName = [customer.family_name, customer.given_name].filter(Boolean).join(' ');
  return (
    <aside class="side-panel" aria-label={t('side.title')} data-testid="side-panel">
      <section>
        <h2>{t('side.customer')}</h2>
        {customer.erased ? (
          <p class="muted">{t('side.erased')}</p>
        ) : (
          <dl>
            <dt>{t('side.name')}</dt>
            <dd>{fullName || customer.name || '—'}</dd>
            <dt>{t('side.identities')}</dt>
            <dd>{customer.email || '—'}</dd>
            <dt>{t('side.since')}</dt>
            <dd>{formatDateTime(customer.created_at, timeZone)}</dd>
            <dt>{t('side.lifetime_spend')}</dt>
            <dd class="muted">{t('side.no_order_data')}</dd>
          </dl>
        )}
      </section>
      <section>
        <h2>{t('side.order')}</h2>
        {conversation.order_id ? (
          <dl>
            <dt>{t('side.order_id')}</dt>
            <dd>
              <code>{conversation.order_id}</code>
            </dd>
            <dt>{t('side.order_details')}</dt>
            <dd class="muted">{t('side.no_order_data')}</dd>
          </dl>
        ) : (
          <p class="muted">{t('side.no_order')}</p>
        )}
      </section>
      <section>
        <h2>{t('side.past', { n: past.length })}</h2>
        {past.length === 0 ? (
          <p class="muted">{t('side.no_past')}</p>
        ) : (
          <ul class="past">
            {past.map((c) => (
              <li key={c.id}>
                <a href={`/conversations/${c.id}`}>{c.subject || t('conversation.no_subject')}</a>
                <span class="muted">
                  {statusLabel(c.status)} · {formatDateTime(c.last_activity_at, timeZone)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
