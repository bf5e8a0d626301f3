// Channels: the list with their health, and (owners, admins) adding a mail channel or
// changing one's address, display name and IMAP / SMTP settings. Passwords are never
// shown; an empty password field keeps the stored one.
import { useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import type { Channel } from '../api/types';
import { canManage, useDesk } from '../app/session';
import { formatDateTime, t } from '../i18n/i18n';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { Check, Field, LoadState, ReadOnlyNote, SectionHead, useLoad, useSave, SaveActions } from './common';

interface ChannelRow extends Channel {
  last_checked_at: string | null;
}

interface Draft {
  name: string;
  address: string;
  display_name: string;
  imap_url: string;
  imap_user: string;
  imap_password: string;
  smtp_url: string;
  smtp_user: string;
  smtp_password: string;
  starttls: 'keep' | 'on' | 'off';
}

const EMPTY: Draft = {
  name: '',
  address: '',
  display_name: '',
  imap_url: '',
  imap_user: '',
  imap_password: '',
  smtp_url: '',
  smtp_user: '',
  smtp_password: '',
  starttls: 'off',
};

export function ChannelsSection() {
  const desk = useDesk();
  const manage = canManage(desk);
  const state = useLoad<{ items: ChannelRow[] }>('/api/v1/channels');
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [status, setStatus] = useState('');

  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
    state.reload();
  };

  return (
    <section aria-labelledby="channels-title">
      <SectionHead id="channels-title" title={t('settings.channels.title')} lead={t('settings.channels.lead')} />
      {!manage && <ReadOnlyNote />}
      <LoadState state={state} />
      <p class="saved" role="status">
        {status}
      </p>
      {state.data && state.data.items.length === 0 && <p class="empty">{t('settings.channels.empty')}</p>}
      {state.data && (
        <ul class="settings-list">
          {state.data.items.map((c) => (
            <li key={c.id}>
              <div class="item-head">
                <ChannelIcon kind={c.kind} />
                <strong>{c.name}</strong>
                <span class="muted">{channelLabel(c.kind)}</span>
                <span class={`badge ${c.healthy ? 'badge-ok' : 'badge-bad'}`}>
                  {c.healthy ? t('settings.channels.healthy') : t('settings.channels.unhealthy')}
                </span>
              </div>
              <dl class="facts">
                <dt>{t('settings.channels.address')}</dt>
                <dd>{c.address || '—'}</dd>
                <dt>{t('settings.channels.display_name')}</dt>
                <dd>{c.display_name || '—'}</dd>
                <dt>IMAP</dt>
                <dd>{c.imap_configured ? t('settings.channels.configured') : t('settings.channels.not_configured')}</dd>
                <dt>SMTP</dt>
                <dd>{c.smtp_configured ? t('settings.channels.configured') : t('settings.channels.not_configured')}</dd>
                {c.last_checked_at && (
                  <>
                    <dt>{t('settings.channels.last_checked')}</dt>
                    <dd>{formatDateTime(c.last_checked_at, desk.timeZone)}</dd>
                  </>
                )}
                {c.last_error && (
                  <>
                    <dt>{t('settings.channels.last_error')}</dt>
                    <dd class="error">{c.last_error}</dd>
                  </>
                )}
              </dl>
              {manage && editing !== c.id && (
                <button
                  type="button"
                  onClick={() => {
                    setStatus('');
                    setEditing(c.id);
                  }}
                  aria-label={t('settings.channels.edit_named', { name: c.name })}
                >
                  {t('settings.edit')}
                </button>
              )}
              {manage && editing === c.id && (
                <ChannelForm channel={c} onDone={done} onCancel={() => setEditing(null)} />
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && state.data && editing !== 'new' && (
        <button
          type="button"
          class="primary"
          onClick={() => {
            setStatus('');
            setEditing('new');
          }}
        >
          {t('settings.channels.add')}
        </button>
      )}
      {manage && editing === 'new' && <ChannelForm channel={null} onDone={done} onCancel={() => setEditing(null)} />}
    </section>
  );
}

function ChannelForm(props: { channel: ChannelRow | null; onDone: (message: string) => void; onCancel: () => void }) {
  const c = props.channel;
  const adding = c === null;
  const prefix = adding ? 'new-channel' : `channel-${c.id}`;
  const [draft, setDraft] = useState<Draft>(
    adding ? EMPTY : { ...EMPTY, address: c.address, display_name: c.display_name, starttls: 'keep' },
  );
  const save = useSave();
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: Event) => {
    event.preventDefault();
    if (adding && !draft.name.trim()) return save.fail(t('settings.channels.need_name'));
    if (!draft.address.trim() || !draft.address.includes('@')) return save.fail(t('settings.channels.need_address'));
    if (draft.imap_url && !/^imaps?:\/\//i.test(draft.imap_url.trim())) return save.fail(t('settings.channels.bad_imap_url'));
    if (draft.smtp_url && !/^smtps?:\/\//i.test(draft.smtp_url.trim())) return save.fail(t('settings.channels.bad_smtp_url'));
    const body: Record<string, string | boolean> = {
      address: draft.address.trim(),
      display_name: draft.display_name.trim(),
    };
    for (const key of ['imap_url', 'imap_user', 'smtp_url', 'smtp_user'] as const) {
      if (draft[key].trim()) body[key] = draft[key].trim();
    }
    for (const key of ['imap_password', 'smtp_password'] as const) {
      if (draft[key]) body[key] = draft[key];
    }
    if (draft.starttls !== 'keep') body.smtp_starttls = draft.starttls === 'on';
    void save.run(async () => {
      if (adding) {
        const created = await apiSend<Channel>('POST', '/api/v1/channels', { kind: 'email', name: draft.name.trim(), ...body });
        props.onDone(t('settings.channels.added', { name: created.name }));
      } else {
        const updated = await apiSend<Channel>('PATCH', `/api/v1/channels/${c.id}`, body);
        props.onDone(t('settings.channels.saved', { name: updated.name }));
      }
      return '';
    });
  };

  const keepHint = adding ? undefined : t('settings.channels.keep_hint');
  return (
    <form class="settings-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{adding ? t('settings.channels.add') : t('settings.channels.edit_named', { name: c.name })}</legend>
        {adding && (
          <Field
            id={`${prefix}-name`}
            label={t('settings.channels.name')}
            value={draft.name}
            onInput={set('name')}
            required
            hint={t('settings.channels.name_hint')}
          />
        )}
        <Field
          id={`${prefix}-address`}
          type="email"
          label={t('settings.channels.address')}
          value={draft.address}
          onInput={set('address')}
          required
          placeholder="support@example.jp"
        />
        <Field
          id={`${prefix}-display`}
          label={t('settings.channels.display_name')}
          value={draft.display_name}
          onInput={set('display_name')}
          hint={t('settings.channels.display_hint')}
        />
      </fieldset>
      <fieldset>
        <legend>{t('settings.channels.imap')}</legend>
        {!adding && c.imap_configured && <p class="hint muted">{t('settings.channels.configured_keep')}</p>}
        <Field
          id={`${prefix}-imap-url`}
          type="url"
          label={t('settings.channels.imap_url')}
          value={draft.imap_url}
          onInput={set('imap_url')}
          placeholder="imaps://mail.example.jp:993/INBOX"
        />
        <Field id={`${prefix}-imap-user`} label={t('settings.channels.user')} value={draft.imap_user} onInput={set('imap_user')} />
        <Field
          id={`${prefix}-imap-password`}
          type="password"
          autocomplete="new-password"
          label={t('settings.channels.password')}
          value={draft.imap_password}
          onInput={set('imap_password')}
          hint={keepHint}
        />
      </fieldset>
      <fieldset>
        <legend>{t('settings.channels.smtp')}</legend>
        {!adding && c.smtp_configured && <p class="hint muted">{t('settings.channels.configured_keep')}</p>}
        <Field
          id={`${prefix}-smtp-url`}
          type="url"
          label={t('settings.channels.smtp_url')}
          value={draft.smtp_url}
          onInput={set('smtp_url')}
          placeholder="smtp://mail.example.jp:587"
        />
        <Field id={`${prefix}-smtp-user`} label={t('settings.channels.user')} value={draft.smtp_user} onInput={set('smtp_user')} />
        <Field
          id={`${prefix}-smtp-password`}
          type="password"
          autocomplete="new-password"
          label={t('settings.channels.password')}
          value={draft.smtp_password}
          onInput={set('smtp_password')}
          hint={keepHint}
        />
        {adding ? (
          <Check
            id={`${prefix}-starttls`}
            label={t('settings.channels.starttls')}
            checked={draft.starttls === 'on'}
            onChange={(on) => setDraft((d) => ({ ...d, starttls: on ? 'on' : 'off' }))}
          />
        ) : (
          <div class="field">
            <label for={`${prefix}-starttls`}>{t('settings.channels.starttls')}</label>
            <select
              id={`${prefix}-starttls`}
              value={draft.starttls}
              onChange={(e) => set('starttls')((e.target as HTMLSelectElement).value)}
            >
              <option value="keep">{t('settings.channels.starttls_keep')}</option>
              <option value="on">{t('settings.channels.starttls_on')}</option>
              <option value="off">{t('settings.channels.starttls_off')}</option>
            </select>
          </div>
        )}
      </fieldset>
      <SaveActions save={save} label={adding ? t('settings.channels.add_submit') : t('common.save')} onCancel={props.onCancel} />
    </form>
  );
}
