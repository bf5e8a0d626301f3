// Response targets per channel: first and next response in minutes, counted in
// calendar time or business hours only, and the warnings before the due time.
import { useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import { canManage, useDesk } from '../app/session';
import { t } from '../i18n/i18n';
import { formatDuration } from '../reports/format';
import { ChannelIcon } from '../ui/ChannelIcon';
import { Field, LoadState, ReadOnlyNote, SectionHead, useLoad, useSave, SaveActions } from './common';

interface Policy {
  channel_id: number;
  channel_name: string;
  channel_kind: string;
  first_response_minutes: number;
  next_response_minutes: number;
  counting: 'calendar' | 'business';
  warn_minutes: number[];
  customized: boolean;
}

export function SlaSection() {
  const desk = useDesk();
  const manage = canManage(desk);
  const state = useLoad<{ items: Policy[] }>('/api/v1/sla-policies');
  return (
    <section aria-labelledby="sla-title">
      <SectionHead id="sla-title" title={t('settings.sla.title')} lead={t('settings.sla.lead')} />
      {!manage && <ReadOnlyNote />}
      <LoadState state={state} />
      {state.data && state.data.items.length === 0 && <p class="empty">{t('settings.sla.empty')}</p>}
      {state.data?.items.map((p) => (
        <PolicyForm key={p.channel_id} policy={p} manage={manage} />
      ))}
    </section>
  );
}

function minutesHint(text: string): string | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? t('settings.sla.equals', { time: formatDuration(n * 60) }) : undefined;
}

function PolicyForm({ policy, manage }: { policy: Policy; manage: boolean }) {
  const [current, setCurrent] = useState(policy);
  const [first, setFirst] = useState(String(policy.first_response_minutes));
  const [next, setNext] = useState(String(policy.next_response_minutes));
  const [counting, setCounting] = useState(policy.counting);
  const [warn, setWarn] = useState(policy.warn_minutes.join(', '));
  const save = useSave();
  const id = `sla-${policy.channel_id}`;

  const submit = (event: Event) => {
    event.preventDefault();
    const f = Number(first);
    const n = Number(next);
    if (!Number.isInteger(f) || f < 1 || f > 43200 || !Number.isInteger(n) || n < 1 || n > 43200) {
      return save.fail(t('settings.sla.bad_minutes'));
    }
    const parts = warn.split(/[,、\s]+/).filter(Boolean);
    const warnings = parts.map(Number);
    if (warnings.some((w) => !Number.isInteger(w) || w < 1)) return save.fail(t('settings.sla.bad_warn'));
    void save.run(async () => {
      const saved = await apiSend<Policy>('PUT', `/api/v1/channels/${policy.channel_id}/sla-policy`, {
        first_response_minutes: f,
        next_response_minutes: n,
        counting,
        warn_minutes: warnings,
      });
      setCurrent(saved);
      setWarn(saved.warn_minutes.join(', '));
      return t('settings.sla.saved', { name: saved.channel_name });
    });
  };

  return (
    <form class="settings-form" onSubmit={submit} noValidate>
      <fieldset disabled={!manage}>
        <legend>
          <ChannelIcon kind={current.channel_kind} /> {current.channel_name}{' '}
          <span class="badge">{current.customized ? t('settings.sla.customized') : t('settings.sla.default')}</span>
        </legend>
        <div class="field-row">
          <Field
            id={`${id}-first`}
            type="number"
            min={1}
            max={43200}
            label={t('settings.sla.first')}
            value={first}
            onInput={setFirst}
            hint={minutesHint(first)}
          />
          <Field
            id={`${id}-next`}
            type="number"
            min={1}
            max={43200}
            label={t('settings.sla.next')}
            value={next}
            onInput={setNext}
            hint={minutesHint(next)}
          />
        </div>
        <div class="field">
          <label for={`${id}-counting`}>{t('settings.sla.counting')}</label>
          <select
            id={`${id}-counting`}
            value={counting}
            onChange={(e) => setCounting((e.target as HTMLSelectElement).value as Policy['counting'])}
          >
            <option value="calendar">{t('settings.sla.calendar')}</option>
            <option value="business">{t('settings.sla.business')}</option>
          </select>
        </div>
        <Field id={`${id}-warn`} label={t('settings.sla.warn')} value={warn} onInput={setWarn} hint={t('settings.sla.warn_hint')} placeholder="240, 60" />
      </fieldset>
      {manage && <SaveActions save={save} />}
    </form>
  );
}
