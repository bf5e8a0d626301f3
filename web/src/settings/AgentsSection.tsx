// Agents and roles: the shop's agents (removed ones too), adding one (its API token is
// shown once), changing a role, removing or restoring, and setting a login password.
// Only an owner grants the owner role or changes an owner, and the shop keeps one
// owner, so those controls are not offered where the server would refuse them.
import { useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import { errorBodyText, type ErrorBody } from '../api/errors';
import type { Agent, Role } from '../api/types';
import { canManage, useDesk } from '../app/session';
import { formatDateTime, t } from '../i18n/i18n';
import { Field, LoadState, Outcome, ReadOnlyNote, SectionHead, useLoad, useSave, SaveActions } from './common';
import { roleLabel } from '../ui/labels';

const ROLES: Role[] = ['owner', 'admin', 'agent', 'viewer'];

export function AgentsSection() {
  const desk = useDesk();
  const manage = canManage(desk);
  const owner = desk.shop.role === 'owner';
  const state = useLoad<{ items: Agent[] }>('/api/v1/agents');
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ agent: Agent; api_token: string } | null>(null);

  const items = state.data?.items ?? [];
  const activeOwners = items.filter((a) => a.role === 'owner' && a.active).length;
  const grantable = ROLES.filter((r) => owner || r !== 'owner');

  return (
    <section aria-labelledby="agents-title">
      <SectionHead id="agents-title" title={t('settings.agents.title')} lead={t('settings.agents.lead')} />
      {!manage && <ReadOnlyNote />}
      <LoadState state={state} />
      {created && (
        <div class="token-box" role="status">
          <p>{t('settings.agents.added', { name: created.agent.name || created.agent.email })}</p>
          <p>{t('settings.agents.token_once')}</p>
          <code class="token">{created.api_token}</code>
          <p class="hint muted">{t('settings.agents.password_next')}</p>
        </div>
      )}
      {state.data && (
        <ul class="settings-list agents">
          {items.map((a) => (
            <AgentRow
              key={a.id}
              agent={a}
              me={a.id === desk.shop.agent_id}
              mayChange={manage && (owner || a.role !== 'owner')}
              soleOwner={a.role === 'owner' && a.active && activeOwners <= 1}
              roles={grantable}
              timeZone={desk.timeZone}
              onSaved={(updated) => state.setData({ items: items.map((x) => (x.id === updated.id ? { ...x, ...updated } : x)) })}
            />
          ))}
        </ul>
      )}
      {manage && state.data && !adding && (
        <button
          type="button"
          class="primary"
          onClick={() => {
            setCreated(null);
            setAdding(true);
          }}
        >
          {t('settings.agents.add')}
        </button>
      )}
      {manage && adding && (
        <AddAgentForm
          roles={grantable}
          onCancel={() => setAdding(false)}
          onAdded={(result) => {
            setAdding(false);
            setCreated(result);
            state.reload();
          }}
        />
      )}
    </section>
  );
}

function AgentRow(props: {
  agent: Agent;
  me: boolean;
  mayChange: boolean;
  soleOwner: boolean;
  roles: Role[];
  timeZone: string;
  onSaved: (agent: Agent) => void;
}) {
  const a = props.agent;
  const lockedUntil = a.active && a.locked_until ? formatDateTime(a.locked_until, props.timeZone) : '';
  const [role, setRole] = useState<Role>(a.role);
  const [password, setPassword] = useState('');
  const [open, setOpen] = useState(false);
  const save = useSave();
  const id = `agent-${a.id}`;
  const name = a.name || a.email;

  const [invitation, setInvitation] = useState<InvitationResult | null>(null);
  const invite = () =>
    void save.run(async () => {
      const result = await apiSend<InvitationResult>('POST', `/api/v1/agents/${a.id}/invitation`, {
        desk_url: location.origin,
      });
      setInvitation(result);
      return '';
    });

  const patch = (body: Record<string, unknown>, message: string) =>
    void save.run(async () => {
      const updated = await apiSend<Agent>('PATCH', `/api/v1/agents/${a.id}`, body);
      props.onSaved(updated);
      setRole(updated.role);
      return message;
    });

  const saveRole = (event: Event) => {
    event.preventDefault();
    if (role === a.role) return save.fail(t('settings.agents.role_same'));
    patch({ role }, t('settings.agents.role_saved', { name, role: roleLabel(role) }));
  };

  const setPasswordNow = (event: Event) => {
    event.preventDefault();
    if (password.length < 10) return save.fail(t('settings.agents.password_short'));
    void save.run(async () => {
      await apiSend('POST', `/api/v1/agents/${a.id}/password`, { password });
      setPassword('');
      props.onSaved({ ...a, login: 'password', locked_until: null });
      return t('settings.agents.password_set', { name });
    });
  };

  return (
    <li class={a.active ? '' : 'inactive'}>
      <div class="item-head">
        <strong>{name}</strong>
        {props.me && <span class="badge">{t('settings.agents.me')}</span>}
        <span class="badge">{roleLabel(a.role)}</span>
        {!a.active && <span class="badge badge-bad">{t('settings.agents.removed')}</span>}
        {lockedUntil && (
          <span class="badge badge-bad" data-testid="agent-locked">
            {t('settings.agents.locked', { until: lockedUntil })}
          </span>
        )}
        {a.active && a.login === 'invited' && (
          <span class="badge" data-testid="agent-invited">
            {t('settings.agents.invited')}
          </span>
        )}
      </div>
      <p class="muted email">{a.email}</p>
      {lockedUntil && props.mayChange && <p class="hint">{t('settings.agents.locked_hint', { until: lockedUntil })}</p>}
      {props.mayChange && a.active && a.login === 'invited' && (
        <button type="button" data-testid="agent-invite" disabled={save.busy} onClick={invite}>
          {t('settings.agents.invite')}
        </button>
      )}
      {invitation && <InvitationBox agent={a} result={invitation} timeZone={props.timeZone} />}
      {props.mayChange && (
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={t('settings.agents.manage_named', { name })}>
          {open ? t('common.close') : t('settings.agents.manage')}
        </button>
      )}
      {props.mayChange && open && (
        <div class="agent-controls">
          {a.active && !props.soleOwner && (
            <form class="inline-form" onSubmit={saveRole} noValidate>
              <div class="field">
                <label for={`${id}-role`}>{t('settings.agents.role')}</label>
                <select id={`${id}-role`} value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
                  {props.roles.map((r) => (
                    <option value={r}>{roleLabel(r)}</option>
                  ))}
                </select>
              </div>
              <button type="submit" disabled={save.busy}>
                {t('settings.agents.change_role')}
              </button>
            </form>
          )}
          {props.soleOwner && <p class="hint muted">{t('settings.agents.sole_owner')}</p>}
          {a.active && (
            <form class="inline-form" onSubmit={setPasswordNow} noValidate>
              <div class="field">
                <label for={`${id}-password`}>{t('settings.agents.new_password')}</label>
                <input
                  id={`${id}-password`}
                  type="password"
                  autocomplete="new-password"
                  minLength={10}
                  value={password}
                  aria-describedby={`${id}-password-hint`}
                  onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
                />
                <p class="hint muted" id={`${id}-password-hint`}>
                  {t('settings.agents.password_hint')}
                </p>
              </div>
              <button type="submit" disabled={save.busy}>
                {t('settings.agents.set_password')}
              </button>
            </form>
          )}
          {a.active && !props.soleOwner && !props.me && (
            <button type="button" class="danger" disabled={save.busy} onClick={() => patch({ active: false }, t('settings.agents.removed_done', { name }))}>
              {t('settings.agents.remove')}
            </button>
          )}
          {!a.active && (
            <button type="button" disabled={save.busy} onClick={() => patch({ active: true }, t('settings.agents.restored', { name }))}>
              {t('settings.agents.restore')}
            </button>
          )}
        </div>
      )}
      <Outcome error={save.error} status={save.status} />
    </li>
  );
}

interface InvitationResult {
  link: string;
  expires_at: string;
  mailed: boolean;
  mail_error: ErrorBody | null;
}

// What became of an invitation: mailed, or (no channel can send, the server refused)
// the link to pass on by hand. The link is shown either way, once.
function InvitationBox(props: { agent: Agent; result: InvitationResult; timeZone: string }) {
  const { result } = props;
  const until = formatDateTime(result.expires_at, props.timeZone);
  return (
    <div class="token-box" role="status" data-testid="invitation" data-mailed={String(result.mailed)}>
      {result.mailed ? (
        <p>{t('settings.agents.invite_mailed', { email: props.agent.email, until })}</p>
      ) : (
        <p class="error">
          {result.mail_error &&
            errorBodyText(result.mail_error)}
        </p>
      )}
      <p class="hint muted">{t('settings.agents.invite_link', { until })}</p>
      <code class="token" data-testid="invitation-link">
        {result.link}
      </code>
    </div>
  );
}

function AddAgentForm(props: {
  roles: Role[];
  onCancel: () => void;
  onAdded: (result: { agent: Agent; api_token: string }) => void;
}) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const save = useSave();

  const submit = (event: Event) => {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return save.fail(t('settings.agents.need_email'));
    void save.run(async () => {
      const result = await apiSend<{ agent: Agent; api_token: string }>('POST', '/api/v1/agents', {
        email: email.trim(),
        name: name.trim(),
        role,
      });
      props.onAdded(result);
      return '';
    });
  };

  return (
    <form class="settings-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('settings.agents.add')}</legend>
        <Field id="agent-new-email" type="email" label={t('settings.agents.email')} value={email} onInput={setEmail} required />
        <Field id="agent-new-name" label={t('settings.agents.name')} value={name} onInput={setName} />
        <div class="field">
          <label for="agent-new-role">{t('settings.agents.role')}</label>
          <select id="agent-new-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
            {props.roles.map((r) => (
              <option value={r}>{roleLabel(r)}</option>
            ))}
          </select>
        </div>
        <p class="hint muted">{t('settings.agents.roles_hint')}</p>
      </fieldset>
      <SaveActions save={save} label={t('settings.agents.add_submit')} onCancel={props.onCancel} />
    </form>
  );
}
