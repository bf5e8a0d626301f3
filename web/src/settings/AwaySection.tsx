// Away mode: one automatic answer per customer and period while the shop is away
// (switched on, inside a scheduled absence, or outside business hours if asked),
// with the message as a customer would get it now.
import { useEffect, useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import { announceAwayChanged } from '../app/AwayBanner';
import { canManage, useDesk } from '../app/session';
import { t } from '../i18n/i18n';
import { isoToZoned, zonedToIso } from '../ui/zone';
import { Check, Field, LoadState, ReadOnlyNote, SectionHead, useLoad, useSave, SaveActions } from './common';

interface Away {
  enabled: boolean;
  outside_business_hours: boolean;
  from: string | null;
  until: string | null;
  message: string;
  period_hours: number;
  away_now: boolean;
  preview: string;
}

export function AwaySection() {
  const desk = useDesk();
  const manage = canManage(desk);
  const zone = desk.timeZone;
  const state = useLoad<Away>('/api/v1/away');
  const [enabled, setEnabled] = useState(false);
  const [outside, setOutside] = useState(false);
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [message, setMessage] = useState('');
  const [period, setPeriod] = useState('24');
  const save = useSave();

  useEffect(() => {
    const a = state.data;
    if (!a) return;
    setEnabled(a.enabled);
    setOutside(a.outside_business_hours);
    setFrom(a.from ? isoToZoned(a.from, zone) : '');
    setUntil(a.until ? isoToZoned(a.until, zone) : '');
    setMessage(a.message);
    setPeriod(String(a.period_hours));
  }, [state.data, zone]);

  const submit = (event: Event) => {
    event.preventDefault();
    const hours = Number(period);
    if (!Number.isInteger(hours) || hours < 1 || hours > 720) return save.fail(t('settings.away.bad_period'));
    if (from && until && from >= until) return save.fail(t('settings.away.bad_range'));
    if (!message.trim()) return save.fail(t('settings.away.need_message'));
    void save.run(async () => {
      const saved = await apiSend<Away>('PUT', '/api/v1/away', {
        enabled,
        outside_business_hours: outside,
        from: from ? zonedToIso(from, zone) : null,
        until: until ? zonedToIso(until, zone) : null,
        message,
        period_hours: hours,
      });
      state.setData(saved);
      announceAwayChanged();
      return t('settings.away.saved');
    });
  };

  const a = state.data;
  return (
    <section aria-labelledby="away-title">
      <SectionHead id="away-title" title={t('settings.away.title')} lead={t('settings.away.lead')} />
      {!manage && <ReadOnlyNote />}
      <LoadState state={state} />
      {a && (
        <>
          <p class={`away-state ${a.away_now ? 'is-away' : ''}`}>
            {a.away_now ? t('settings.away.now_away') : t('settings.away.now_open')}
          </p>
          <form class="settings-form" onSubmit={submit} noValidate>
            <fieldset disabled={!manage}>
              <legend>{t('settings.away.when')}</legend>
              <Check id="away-enabled" label={t('settings.away.enabled')} checked={enabled} onChange={setEnabled} hint={t('settings.away.enabled_hint')} />
              <Check
                id="away-outside"
                label={t('settings.away.outside')}
                checked={outside}
                onChange={setOutside}
                hint={t('settings.away.outside_hint')}
              />
              <div class="field-row">
                <Field id="away-from" type="datetime-local" label={t('settings.away.from')} value={from} onInput={setFrom} />
                <Field id="away-until" type="datetime-local" label={t('settings.away.until')} value={until} onInput={setUntil} />
              </div>
              <p class="hint muted">{t('settings.away.period_hint', { zone })}</p>
            </fieldset>
            <fieldset disabled={!manage}>
              <legend>{t('settings.away.message_legend')}</legend>
              <div class="field">
                <label for="away-message">{t('settings.away.message')}</label>
                <textarea
                  id="away-message"
                  rows={8}
                  value={message}
                  aria-describedby="away-message-hint"
                  onInput={(e) => setMessage((e.target as HTMLTextAreaElement).value)}
                />
                <p class="hint muted" id="away-message-hint">
                  {t('settings.away.variables')} <code>{'{{customer.salutation}}'}</code> <code>{'{{shop.name}}'}</code>{' '}
                  <code>{'{{reply_by}}'}</code>
                </p>
              </div>
              <Field
                id="away-period"
                type="number"
                min={1}
                max={720}
                label={t('settings.away.period_hours')}
                value={period}
                onInput={setPeriod}
                hint={t('settings.away.period_hours_hint')}
              />
            </fieldset>
            {manage && <SaveActions save={save} />}
          </form>
          <section class="preview" aria-labelledby="away-preview-title">
            <h3 id="away-preview-title">{t('settings.away.preview')}</h3>
            <p class="hint muted">{t('settings.away.preview_hint')}</p>
            <div class="preview-text">{a.preview}</div>
          </section>
        </>
      )}
    </section>
  );
}
