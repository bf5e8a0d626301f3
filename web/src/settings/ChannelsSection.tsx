// Channels: the list with their health, and (owners, admins) adding a mail channel or
// changing one's address, display name and IMAP / SMTP servers, entered as host,
// security, port and user, with a connection test that says in words what failed.
// Passwords are never shown; an empty password field keeps the stored one.
import { useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import type { Channel } from '../api/types';
import { canManage, useDesk } from '../app/session';
import { formatDateTime, t } from '../i18n/i18n';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { errorBodyText, storedErrorText, type ErrorBody } from '../api/errors';
import { Field, LoadState, ReadOnlyNote, SectionHead, useLoad, useSave, SaveActions } from './common';
import { isWebChannel, WebChannelFacts, WebChannelForm } from './WebChannelForm';
import {
  defaultPort,
  emptyServer,
  parseServer,
  SECURITIES,
  serverProblem,
  serverUrl,
  type MailProtocol,
  type MailServer,
  type Security,
} from './mailServer';

interface ChannelRow extends Channel {
  last_checked_at: string | null;
  imap_url: string;
  imap_user: string;
  smtp_url: string;
  smtp_user: string;
  smtp_starttls: boolean;
}

interface Draft {
  name: string;
  address: string;
  display_name: string;
  imap: MailServer;
  imap_password: string;
  smtp: MailServer;
  smtp_password: string;
}

const EMPTY: Draft = {
  name: '',
  address: '',
  display_name: '',
  imap: emptyServer('imap'),
  imap_password: '',
  smtp: emptyServer('smtp'),
  smtp_password: '',
};

interface ConnectionCheck {
  part: 'inbound' | 'outbound';
  ok: boolean;
  pending?: number;
  error: ErrorBody | null;
}

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
                {isWebChannel(c) ? (
                  <WebChannelFacts channel={c} />
                ) : (
                  <>
                    <dt>IMAP</dt>
                    <dd>{c.imap_configured ? t('settings.channels.configured') : t('settings.channels.not_configured')}</dd>
                    <dt>SMTP</dt>
                    <dd>{c.smtp_configured ? t('settings.channels.configured') : t('settings.channels.not_configured')}</dd>
                  </>
                )}
                {c.last_checked_at && (
                  <>
                    <dt>{t('settings.channels.last_checked')}</dt>
                    <dd>{formatDateTime(c.last_checked_at, desk.timeZone)}</dd>
                  </>
                )}
                {c.last_error && (
                  <>
                    <dt>{t('settings.channels.last_error')}</dt>
                    <dd class="error">{storedErrorText(c)}</dd>
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
              {manage && editing === c.id && !isWebChannel(c) && (
                <ChannelForm channel={c} onDone={done} onCancel={() => setEditing(null)} />
              )}
              {manage && editing === c.id && isWebChannel(c) && (
                <WebChannelForm channel={c} onDone={done} onCancel={() => setEditing(null)} />
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
    adding
      ? EMPTY
      : {
          ...EMPTY,
          address: c.address,
          display_name: c.display_name,
          imap: parseServer('imap', c.imap_url ?? '', c.imap_user ?? '', false),
          smtp: parseServer('smtp', c.smtp_url ?? '', c.smtp_user ?? '', c.smtp_starttls ?? false),
        },
  );
  const save = useSave();
  const [checks, setChecks] = useState<ConnectionCheck[] | null>(null);
  const [testing, setTesting] = useState(false);
  const [testError, setTestError] = useState('');
  const set = (key: 'name' | 'address' | 'display_name' | 'imap_password' | 'smtp_password') => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setChecks(null);
  };
  const setServer = (protocol: MailProtocol, change: Partial<MailServer>) => {
    setDraft((d) => ({ ...d, [protocol]: { ...d[protocol], ...change } }));
    setChecks(null);
  };

  // The settings as the API takes them; null (with the form's complaint) when invalid.
  const settings = (): Record<string, string | boolean> | null => {
    for (const protocol of ['imap', 'smtp'] as const) {
      const problem = serverProblem(draft[protocol]);
      if (problem) {
        save.fail(t(`settings.channels.bad_${problem}`, { server: protocol.toUpperCase() }));
        return null;
      }
    }
    const body: Record<string, string | boolean> = {
      imap_url: serverUrl('imap', draft.imap),
      imap_user: draft.imap.user.trim(),
      smtp_url: serverUrl('smtp', draft.smtp),
      smtp_user: draft.smtp.user.trim(),
      smtp_starttls: draft.smtp.security === 'starttls',
    };
    for (const key of ['imap_password', 'smtp_password'] as const) {
      if (draft[key]) body[key] = draft[key];
    }
    return body;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (adding && !draft.name.trim()) return save.fail(t('settings.channels.need_name'));
    if (!draft.address.trim() || !draft.address.includes('@')) return save.fail(t('settings.channels.need_address'));
    const servers = settings();
    if (!servers) return;
    const body = { address: draft.address.trim(), display_name: draft.display_name.trim(), ...servers };
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

  const test = async () => {
    const servers = settings();
    if (!servers) return;
    if (!servers.imap_url && !servers.smtp_url) {
      setTestError(t('settings.channels.test_nothing'));
      return;
    }
    setTesting(true);
    setTestError('');
    setChecks(null);
    try {
      const body = adding ? servers : { channel_id: c.id, ...servers };
      const result = await apiSend<{ checks: ConnectionCheck[] }>('POST', '/api/v1/channels/test', body);
      setChecks(result.checks);
    } catch (e) {
      setTestError((e as Error).message);
    } finally {
      setTesting(false);
    }
  };

  const keepHint = adding ? undefined : t('settings.channels.keep_hint');
  const serverFields = (protocol: MailProtocol) => {
    const server = draft[protocol];
    const id = `${prefix}-${protocol}`;
    return (
      <fieldset>
        <legend>{t(`settings.channels.${protocol}`)}</legend>
        {!adding && (protocol === 'imap' ? c.imap_configured : c.smtp_configured) && (
          <p class="hint muted">{t('settings.channels.configured_keep')}</p>
        )}
        <Field
          id={`${id}-host`}
          label={t('settings.channels.host')}
          value={server.host}
          onInput={(host) => setServer(protocol, { host })}
          placeholder={protocol === 'imap' ? 'imap.example.jp' : 'smtp.example.jp'}
          hint={protocol === 'imap' ? t('settings.channels.imap_host_hint') : t('settings.channels.smtp_host_hint')}
        />
        <div class="field-row">
          <div class="field">
            <label for={`${id}-security`}>{t('settings.channels.security')}</label>
            <select
              id={`${id}-security`}
              value={server.security}
              onChange={(e) => {
                const security = (e.target as HTMLSelectElement).value as Security;
                // A port still at the old security's default follows the new one.
                const port = server.port === defaultPort(protocol, server.security) || !server.port
                  ? defaultPort(protocol, security) : server.port;
                setServer(protocol, { security, port });
              }}
            >
              {SECURITIES[protocol].map((security) => (
                <option value={security}>{t(`settings.channels.security_${security}`)}</option>
              ))}
            </select>
          </div>
          <Field
            id={`${id}-port`}
            label={t('settings.channels.port')}
            value={server.port}
            inputMode="numeric"
            onInput={(port) => setServer(protocol, { port })}
          />
        </div>
        {protocol === 'imap' && (
          <Field
            id={`${id}-folder`}
            label={t('settings.channels.folder')}
            value={server.folder}
            onInput={(folder) => setServer(protocol, { folder })}
            hint={t('settings.channels.folder_hint')}
          />
        )}
        <Field
          id={`${id}-user`}
          label={t('settings.channels.user')}
          value={server.user}
          autocomplete="off"
          onInput={(user) => setServer(protocol, { user })}
        />
        <Field
          id={`${id}-password`}
          type="password"
          autocomplete="new-password"
          label={t('settings.channels.password')}
          value={draft[`${protocol}_password`]}
          onInput={set(`${protocol}_password`)}
          hint={keepHint}
        />
      </fieldset>
    );
  };

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
      {serverFields('imap')}
      {serverFields('smtp')}
      <div class="connection-test">
        <button type="button" data-testid="channel-test" disabled={testing} onClick={() => void test()}>
          {testing ? t('settings.channels.testing') : t('settings.channels.test')}
        </button>
        {testError && (
          <p class="error" role="alert">
            {testError}
          </p>
        )}
        {checks && (
          <ul class="connection-checks" aria-live="polite" data-testid="channel-test-result">
            {checks.map((check) => (
              <li key={check.part} data-part={check.part} data-ok={String(check.ok)} class={check.ok ? 'ok' : 'error'}>
                <strong>{t(`settings.channels.test_${check.part}`)}</strong>{' '}
                {check.ok
                  ? check.part === 'inbound'
                    ? t('settings.channels.test_inbound_ok', { count: check.pending ?? 0 })
                    : t('settings.channels.test_outbound_ok')
                  : check.error && errorBodyText(check.error)}
              </li>
            ))}
          </ul>
        )}
      </div>
      <SaveActions save={save} label={adding ? t('settings.channels.add_submit') : t('common.save')} onCancel={props.onCancel} />
    </form>
  );
}
