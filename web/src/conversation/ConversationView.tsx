// One conversation: the thread, what can be done with it (status, flags, assignee,
// tags), the composer, and the customer beside it. Kept current over the WebSocket,
// with a warning when a colleague is looking at or typing in the same conversation.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiGet, apiSend } from '../api/client';
import type { Activity, Conversation, ConversationDetail, LiveEvent, Message, Status } from '../api/types';
import { navigate } from '../app/router';
import { canWrite, useDesk } from '../app/session';
import { formatDateTime, t } from '../i18n/i18n';
import { setRead } from '../inbox/readMarks';
import { onLiveEvent, setPresence } from '../live/socket';
import { ChannelIcon } from '../ui/ChannelIcon';
import { IntentOptions, useIntents } from '../ui/intents';
import { countdownText, urgencyAt, useNow } from '../ui/clock';
import { STATUSES, statusLabel } from '../ui/labels';
import { useShortcuts } from '../ui/shortcuts';
import { Composer, replyLengthLimit } from './Composer';
import { ActivityLine } from './ActivityLine';
import { HoldForm } from './HoldForm';
import { MessageItem } from './MessageItem';
import { SidePanel } from './SidePanel';

interface Colleague {
  name: string;
  state: 'viewing' | 'typing';
  until: number;
}

export function ConversationView({ id }: { id: number }) {
  const desk = useDesk();
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState('');
  const [actionError, setActionError] = useState('');
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [pickerRequest, setPickerRequest] = useState(0);
  const [focusRequest, setFocusRequest] = useState(0);
  const [colleagues, setColleagues] = useState<Map<number, Colleague>>(new Map());
  const [tagDraft, setTagDraft] = useState('');
  const [intentDraft, setIntentDraft] = useState('');
  const [holding, setHolding] = useState(false);
  const intents = useIntents();
  const now = useNow();
  const rendered = useRef(false);

  const load = useCallback(async () => {
    try {
      const next = await apiGet<ConversationDetail>(`/api/v1/conversations/${id}`);
      setDetail(next);
      setIntentDraft(next.conversation.intent);
      setError('');
      // Open is read: on opening, and when the customer writes while it is open.
      if (next.unread) {
        void setRead(id, true).catch(() => {
          // Stays unread; the next load tries again.
        });
      }
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);

  useEffect(() => {
    rendered.current = false;
    setDetail(null);
    setColleagues(new Map());
    void load();
    setPresence(id, 'viewing');
    return () => setPresence(null);
  }, [id, load]);

  useEffect(() => {
    if (detail && !rendered.current && detail.conversation.id === id) {
      rendered.current = true;
      performance.mark('conversation:rendered');
      if (performance.getEntriesByName('conversation:open', 'mark').length) {
        performance.measure('conversation:open→rendered', 'conversation:open', 'conversation:rendered');
      }
    }
  }, [detail, id]);

  // Live: reload on any event of this conversation; colleagues' presence.
  useEffect(() => {
    let timer: number | undefined;
    const stop = onLiveEvent((event: LiveEvent) => {
      if (event.conversation_id !== id) return;
      if (event.type === 'presence') {
        if (event.agent_id === undefined || event.agent_id === desk.shop.agent_id) return;
        setColleagues((old) => {
          const next = new Map(old);
          if (event.state === 'left' || !event.state) next.delete(event.agent_id!);
          else next.set(event.agent_id!, { name: event.agent_name ?? '', state: event.state, until: Date.now() + 30_000 });
          return next;
        });
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void load(), 100);
    });
    return () => {
      stop();
      window.clearTimeout(timer);
    };
  }, [id, load, desk.shop.agent_id]);

  const act = async (request: Promise<Conversation>) => {
    setActionError('');
    try {
      const conversation = await request;
      setDetail((old) => (old ? { ...old, conversation } : old));
      setIntentDraft(conversation.intent);
    } catch (e) {
      setActionError((e as Error).message);
    }
  };
  const base = `/api/v1/conversations/${id}`;
  const setStatus = (status: Status, until?: string | null) =>
    act(apiSend('POST', `${base}/status`, until ? { status, until } : { status }));
  const writable = canWrite(desk);

  useShortcuts({
    r: () => {
      setMode('reply');
      setFocusRequest((n) => n + 1);
    },
    n: () => {
      setMode('note');
      setFocusRequest((n) => n + 1);
    },
    e: () => writable && void setStatus('resolved'),
    '/': () => {
      setMode('reply');
      setPickerRequest((n) => n + 1);
    },
    Escape: () => navigate('/inbox' + location.search),
  });

  if (error) {
    return (
      <section class="conversation" data-testid="conversation">
        <p class="error" role="alert">
          {error}
        </p>
        <a href="/inbox">{t('conversation.back')}</a>
      </section>
    );
  }
  if (!detail) {
    return (
      <section class="conversation" data-testid="conversation" aria-busy="true">
        <p class="loading">{t('common.loading')}</p>
      </section>
    );
  }

  const { conversation, customer, messages } = detail;
  const channel = desk.channels.find((c) => c.id === conversation.channel_id);
  const agentName = (agentId: number | null) =>
    agentId === null ? '' : (desk.agents.find((a) => a.id === agentId)?.name ?? '');
  const urgency = urgencyAt(conversation.due_at, now);
  const present = [...colleagues.values()].filter((c) => c.until > now);
  const typing = present.filter((c) => c.state === 'typing');

  const onSent = (message: Message) => {
    setDetail((old) => (old ? { ...old, messages: [...old.messages, message] } : old));
    void load();
  };

  const addTag = () => {
    const tag = tagDraft.trim();
    if (!tag || conversation.tags.includes(tag)) return;
    setTagDraft('');
    void act(apiSend('PUT', `${base}/tags`, { tags: [...conversation.tags, tag] }));
  };

  return (
    <div class="conversation-layout">
      <section class="conversation" data-testid="conversation" aria-labelledby="conversation-subject">
        <header class="conversation-head">
          <a class="back" href={'/inbox' + location.search} aria-label={t('conversation.back')}>
            ←
          </a>
          {channel && <ChannelIcon kind={channel.kind} />}
          <h1 id="conversation-subject" title={conversation.subject || undefined}>
            {conversation.subject || t('conversation.no_subject')}
          </h1>
          <span class={`row-due due-${urgency}`}>{countdownText(conversation.due_at, now)}</span>
        </header>
        {present.length > 0 && (
          <p class="collision" role="status" data-testid="collision-warning">
            {typing.length > 0
              ? t('presence.typing', { names: typing.map((c) => c.name).join('、') })
              : t('presence.viewing', { names: present.map((c) => c.name).join('、') })}
          </p>
        )}
        <div class="conversation-actions" role="toolbar" aria-label={t('conversation.actions')}>
          <div class="status-buttons" role="group" aria-label={t('conversation.status')}>
            {STATUSES.filter((s) => s !== 'closed').map((s) => (
              <button
                type="button"
                aria-pressed={conversation.status === s}
                class={conversation.status === s ? 'active' : ''}
                disabled={!writable}
                aria-expanded={s === 'on_hold' ? holding : undefined}
                data-testid={`status-${s}`}
                onClick={() => (s === 'on_hold' ? setHolding(!holding) : void setStatus(s))}
              >
                {statusLabel(s)}
              </button>
            ))}
          </div>
          <button
            type="button"
            data-testid="mark-unread"
            onClick={() =>
              void setRead(id, false)
                .then(() => navigate('/inbox' + location.search))
                .catch((e) => setActionError((e as Error).message))
            }
          >
            {t('conversation.mark_unread')}
          </button>
          <label>
            {t('conversation.assignee')}
            <select
              value={conversation.assignee_id === null ? '' : String(conversation.assignee_id)}
              disabled={!writable}
              onChange={(e) => {
                const value = (e.target as HTMLSelectElement).value;
                void act(apiSend('POST', `${base}/assign`, { agent_id: value ? Number(value) : null }));
              }}
            >
              <option value="">{t('inbox.unassigned')}</option>
              {desk.agents.map((a) => (
                <option value={String(a.id)}>{a.name || a.email}</option>
              ))}
            </select>
          </label>
          <div class="flag-buttons">
            <button
              type="button"
              aria-pressed={conversation.no_reply_needed}
              disabled={!writable}
              onClick={() => void act(apiSend('POST', `${base}/flags`, { no_reply_needed: !conversation.no_reply_needed }))}
            >
              {t('conversation.no_reply_needed')}
            </button>
            <button
              type="button"
              aria-pressed={conversation.spam}
              disabled={!writable}
              onClick={() => void act(apiSend('POST', `${base}/flags`, { spam: !conversation.spam }))}
            >
              {t('conversation.spam')}
            </button>
          </div>
          <form
            class="intent-form"
            onSubmit={(e) => {
              e.preventDefault();
              const value = intentDraft.trim().toLowerCase();
              if (value !== conversation.intent) void act(apiSend('PUT', `${base}/intent`, { intent: value }));
            }}
          >
            <label>
              {t('conversation.intent')}
              <input
                type="text"
                list="conversation-intents"
                value={intentDraft}
                disabled={!writable}
                placeholder={t('conversation.intent_placeholder')}
                onInput={(e) => setIntentDraft((e.target as HTMLInputElement).value)}
                onBlur={(e) => (e.target as HTMLInputElement).form?.requestSubmit()}
              />
            </label>
            <IntentOptions id="conversation-intents" intents={intents} />
          </form>
          <div class="tags" aria-label={t('conversation.tags')}>
            {conversation.tags.map((tag) => (
              <span class="tag" key={tag}>
                {tag}
                {writable && (
                  <button
                    type="button"
                    class="tag-remove"
                    aria-label={t('conversation.remove_tag', { tag })}
                    onClick={() =>
                      void act(apiSend('PUT', `${base}/tags`, { tags: conversation.tags.filter((x) => x !== tag) }))
                    }
                  >
                    ×
                  </button>
                )}
              </span>
            ))}
            {writable && (
              <form
                class="tag-add"
                onSubmit={(e) => {
                  e.preventDefault();
                  addTag();
                }}
              >
                <input
                  type="text"
                  value={tagDraft}
                  aria-label={t('conversation.add_tag')}
                  placeholder={t('conversation.add_tag')}
                  onInput={(e) => setTagDraft((e.target as HTMLInputElement).value)}
                />
              </form>
            )}
          </div>
        </div>
        {holding && (
          <HoldForm
            timeZone={desk.timeZone}
            onCancel={() => setHolding(false)}
            onSubmit={(until) => {
              setHolding(false);
              void setStatus('on_hold', until);
            }}
          />
        )}
        {conversation.status === 'on_hold' && conversation.hold_until && (
          <p class="hold-note" role="status" data-testid="hold-note">
            {t('hold.banner', { when: formatDateTime(conversation.hold_until, desk.timeZone) })}
          </p>
        )}
        {actionError && (
          <p class="error" role="alert">
            {actionError}
          </p>
        )}
        <div class="thread" aria-label={t('conversation.thread')}>
          {threadItems(messages, detail.activity ?? []).map((item) =>
            'direction' in item ? (
              <MessageItem
                key={`m${item.id}`}
                message={item}
                authorName={agentName(item.author_agent_id)}
                timeZone={desk.timeZone}
                onChanged={() => void load()}
              />
            ) : (
              <ActivityLine key={`a${item.id}`} activity={item} who={agentName(item.agent_id)} timeZone={desk.timeZone} />
            ),
          )}
        </div>
        <Composer
          conversationId={id}
          mode={mode}
          onModeChange={setMode}
          pickerRequest={pickerRequest}
          focusRequest={focusRequest}
          onSent={onSent}
          conversationIntent={conversation.intent}
          lengthLimit={channel ? replyLengthLimit(channel.kind) : null}
          copiesAllowed={channel?.kind === 'email'}
          disabled={!writable}
        />
      </section>
      <SidePanel conversation={conversation} customer={customer} timeZone={desk.timeZone} />
    </div>
  );
}

// Messages and activity lines in time order (an activity at the same moment as a
// message, such as a status set with a reply, follows it).
function threadItems(messages: Message[], activity: Activity[]): (Message | Activity)[] {
  const out: (Message | Activity)[] = [];
  let a = 0;
  for (const m of messages) {
    while (a < activity.length && Date.parse(activity[a].at) < Date.parse(m.created_at)) out.push(activity[a++]);
    out.push(m);
  }
  return out.concat(activity.slice(a));
}
