// Saved replies (定型文): search, create, edit and delete. The body is a Mustache
// template; the server refuses unknown variables and says which and where, and that
// message is shown as it comes.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, apiSend, query } from '../api/client';
import type { SavedReply } from '../api/types';
import { canWrite, useDesk } from '../app/session';
import { t } from '../i18n/i18n';
import { Field, ReadOnlyNote, SectionHead, useSave, SaveActions } from './common';
import { forgetIntents, IntentOptions } from '../ui/intents';
import { intentLabel } from '../ui/labels';

const VARIABLES = [
  'customer.salutation',
  'customer.name',
  'customer.family_name',
  'customer.given_name',
  'order.number',
  'tracking.number',
  'tracking.carrier',
  'tracking.url',
  'shop.name',
  'agent.name',
  'promised.reply_by',
  'promised.ship_by',
];

export function RepliesSection() {
  const desk = useDesk();
  const write = canWrite(desk);
  const [q, setQ] = useState('');
  const [items, setItems] = useState<SavedReply[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [status, setStatus] = useState('');
  const remove = useSave();

  useEffect(() => {
    let cancelled = false;
    const timer = window.setTimeout(() => {
      apiGet<{ items: SavedReply[] }>(`/api/v1/saved-replies${query({ q: q.trim() })}`)
        .then((r) => {
          if (cancelled) return;
          setItems(r.items);
          setLoadError('');
        })
        .catch((e: Error) => !cancelled && setLoadError(e.message));
    }, q ? 250 : 0);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [q, tick]);

  const done = (message: string) => {
    forgetIntents(); // a new or changed intent is offered in the inbox and conversations
    setEditing(null);
    setStatus(message);
    setTick((n) => n + 1);
  };

  const del = (reply: SavedReply) =>
    void remove.run(async () => {
      await apiSend('DELETE', `/api/v1/saved-replies/${reply.id}`);
      setConfirming(null);
      setTick((n) => n + 1);
      setStatus('');
      return t('settings.replies.deleted', { title: reply.title });
    });

  return (
    <section aria-labelledby="replies-title">
      <SectionHead id="replies-title" title={t('settings.replies.title')} lead={t('settings.replies.lead')} />
      {!write && <ReadOnlyNote text={t('settings.replies.read_only')} />}
      <div class="search-row">
        <div class="field">
          <label for="replies-search">{t('settings.replies.search')}</label>
          <input
            id="replies-search"
            type="search"
            value={q}
            placeholder={t('settings.replies.search_placeholder')}
            onInput={(e) => setQ((e.target as HTMLInputElement).value)}
          />
        </div>
        {write && editing !== 'new' && (
          <button
            type="button"
            class="primary"
            onClick={() => {
              setStatus('');
              setEditing('new');
            }}
          >
            {t('settings.replies.new')}
          </button>
        )}
      </div>
      {loadError && (
        <p class="error" role="alert">
          {t('settings.load_failed', { message: loadError })}
        </p>
      )}
      <p class="saved" role="status">
        {status || remove.status}
      </p>
      {remove.error && (
        <p class="error" role="alert">
          {remove.error}
        </p>
      )}
      {write && editing === 'new' && <ReplyForm reply={null} onDone={done} onCancel={() => setEditing(null)} />}
      {items === null && !loadError && <p class="loading">{t('common.loading')}</p>}
      {items && items.length === 0 && (
        <p class="empty">{q.trim() ? t('settings.replies.no_match') : t('settings.replies.empty')}</p>
      )}
      {items && items.length > 0 && (
        <ul class="settings-list replies">
          {items.map((r) => (
            <li key={r.id}>
              {editing === r.id ? (
                <ReplyForm reply={r} onDone={done} onCancel={() => setEditing(null)} />
              ) : (
                <>
                  <div class="item-head">
                    <strong>{r.title}</strong>
                    {r.shortcut && <code class="shortcut">/{r.shortcut}</code>}
                    <span class="badge">{r.language === 'en' ? 'English' : '日本語'}</span>
                    {r.intent && <span class="badge" data-intent={r.intent}>{intentLabel(r.intent)}</span>}
                    {r.tags.map((tag) => (
                      <span class="tag">{tag}</span>
                    ))}
                  </div>
                  <p class="reply-body">{r.body}</p>
                  {write && (
                    <div class="form-actions">
                      <button
                        type="button"
                        onClick={() => {
                          setStatus('');
                          setConfirming(null);
                          setEditing(r.id);
                        }}
                        aria-label={t('settings.replies.edit_named', { title: r.title })}
                      >
                        {t('settings.edit')}
                      </button>
                      {confirming === r.id ? (
                        <span class="confirm" role="group" aria-label={t('settings.replies.confirm', { title: r.title })}>
                          <span>{t('settings.replies.confirm', { title: r.title })}</span>
                          <button type="button" class="danger" disabled={remove.busy} onClick={() => del(r)}>
                            {t('settings.replies.delete_yes')}
                          </button>
                          <button type="button" onClick={() => setConfirming(null)}>
                            {t('common.cancel')}
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          onClick={() => {
                            remove.clear();
                            setConfirming(r.id);
                          }}
                          aria-label={t('settings.replies.delete_named', { title: r.title })}
                        >
                          {t('settings.delete')}
                        </button>
                      )}
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReplyForm(props: { reply: SavedReply | null; onDone: (message: string) => void; onCancel: () => void }) {
  const r = props.reply;
  const prefix = r ? `reply-${r.id}` : 'reply-new';
  const [title, setTitle] = useState(r?.title ?? '');
  const [shortcut, setShortcut] = useState(r?.shortcut ?? '');
  const [body, setBody] = useState(r?.body ?? '');
  const [language, setLanguage] = useState(r?.language ?? 'ja');
  const [intent, setIntent] = useState(r?.intent ?? '');
  const [tags, setTags] = useState(r?.tags.join(', ') ?? '');
  const save = useSave();

  const submit = (event: Event) => {
    event.preventDefault();
    if (!title.trim()) return save.fail(t('settings.replies.need_title'));
    if (!body.trim()) return save.fail(t('settings.replies.need_body'));
    const cut = shortcut.trim().replace(/^\//, '');
    if (/[\s/]/.test(cut)) return save.fail(t('settings.replies.bad_shortcut'));
    const fields = {
      title: title.trim(),
      shortcut: cut,
      body,
      language,
      intent: intent.trim(),
      tags: tags
        .split(/[,、]/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    void save.run(async () => {
      const saved = r
        ? await apiSend<SavedReply>('PATCH', `/api/v1/saved-replies/${r.id}`, fields)
        : await apiSend<SavedReply>('POST', '/api/v1/saved-replies', fields);
      props.onDone(r ? t('settings.replies.saved', { title: saved.title }) : t('settings.replies.created', { title: saved.title }));
      return '';
    });
  };

  return (
    <form class="settings-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{r ? t('settings.replies.edit_named', { title: r.title }) : t('settings.replies.new')}</legend>
        <Field id={`${prefix}-title`} label={t('settings.replies.field_title')} value={title} onInput={setTitle} required />
        <div class="field-row">
          <Field
            id={`${prefix}-shortcut`}
            label={t('settings.replies.shortcut')}
            value={shortcut}
            onInput={setShortcut}
            hint={t('settings.replies.shortcut_hint')}
          />
          <div class="field">
            <label for={`${prefix}-language`}>{t('settings.replies.language')}</label>
            <select id={`${prefix}-language`} value={language} onChange={(e) => setLanguage((e.target as HTMLSelectElement).value)}>
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          </div>
        </div>
        <div class="field">
          <label for={`${prefix}-body`}>
            {t('settings.replies.body')}
            <span class="required"> {t('settings.required')}</span>
          </label>
          <textarea
            id={`${prefix}-body`}
            rows={8}
            value={body}
            aria-describedby={`${prefix}-body-hint`}
            onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)}
          />
          <p class="hint muted" id={`${prefix}-body-hint`}>
            {t('settings.replies.variables')}{' '}
            {VARIABLES.map((v) => (
              <>
                <code>{`{{${v}}}`}</code>{' '}
              </>
            ))}
          </p>
        </div>
        <div class="field-row">
          <Field
            id={`${prefix}-intent`}
            label={t('settings.replies.intent')}
            value={intent}
            onInput={setIntent}
            list="reply-intents"
            hint={t('settings.replies.intent_hint')}
          />
          <Field id={`${prefix}-tags`} label={t('settings.replies.tags')} value={tags} onInput={setTags} hint={t('settings.replies.tags_hint')} />
        </div>
        <IntentOptions id="reply-intents" intents={['shipping', 'return', 'refund', 'exchange', 'stock', 'payment', 'order_change', 'thanks']} />
      </fieldset>
      <SaveActions save={save} label={r ? t('common.save') : t('settings.replies.create')} onCancel={props.onCancel} />
    </form>
  );
}
