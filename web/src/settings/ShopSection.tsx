// The shop: its name and time zone (the day boundaries of reports, business hours and
// away mode), and the system senders whose mail is never a customer's. The address
// slug is fixed.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import { canManage, useDesk } from '../app/session';
import { formatDateTime, t } from '../i18n/i18n';
import { Field, LoadState, ReadOnlyNote, SectionHead, useLoad, useSave, SaveActions } from './common';

interface Shop {
  id: number;
  slug: string;
  name: string;
  time_zone: string;
  system_senders: string[];
  created_at: string;
}

// One entry a line, blank lines dropped: the form the API takes.
function senderLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Tokyo', 'UTC'];
  }
}

export function ShopSection() {
  const desk = useDesk();
  const manage = canManage(desk);
  const state = useLoad<Shop>('/api/v1/settings');
  const [name, setName] = useState('');
  const [zone, setZone] = useState('');
  const [senders, setSenders] = useState('');
  const save = useSave();
  const zones = useMemo(timeZones, []);

  useEffect(() => {
    if (!state.data) return;
    setName(state.data.name);
    setZone(state.data.time_zone);
    setSenders((state.data.system_senders ?? []).join('\n'));
  }, [state.data]);

  const submit = (event: Event) => {
    event.preventDefault();
    const shop = state.data;
    if (!shop) return;
    if (!name.trim()) return save.fail(t('settings.shop.need_name'));
    if (!zone.trim()) return save.fail(t('settings.shop.need_zone'));
    const body: Record<string, string | string[]> = {};
    if (name.trim() !== shop.name) body.name = name.trim();
    if (zone.trim() !== shop.time_zone) body.time_zone = zone.trim();
    const lines = senderLines(senders);
    if (lines.join('\n') !== (shop.system_senders ?? []).join('\n')) body.system_senders = lines;
    if (Object.keys(body).length === 0) return save.fail(t('settings.shop.unchanged'));
    void save.run(async () => {
      const saved = await apiSend<Shop>('PATCH', '/api/v1/settings', body);
      state.setData(saved);
      return t('settings.shop.saved');
    });
  };

  const s = state.data;
  return (
    <section aria-labelledby="shop-title">
      <SectionHead id="shop-title" title={t('settings.shop.title')} lead={t('settings.shop.lead')} />
      {!manage && <ReadOnlyNote />}
      <LoadState state={state} />
      {s && (
        <form class="settings-form" onSubmit={submit} noValidate>
          <fieldset disabled={!manage}>
            <legend>{t('settings.shop.legend')}</legend>
            <Field id="shop-name" label={t('settings.shop.name')} value={name} onInput={setName} required />
            <Field
              id="shop-zone"
              label={t('settings.shop.zone')}
              value={zone}
              onInput={setZone}
              list="shop-zones"
              required
              hint={t('settings.shop.zone_hint')}
            />
            <datalist id="shop-zones">
              {zones.map((z) => (
                <option value={z} />
              ))}
            </datalist>
            <div class="field">
              <label for="shop-senders">{t('settings.shop.senders')}</label>
              <textarea
                id="shop-senders"
                rows={4}
                value={senders}
                placeholder={'info@carrier.example\n@notices.example\nnoreply@'}
                aria-describedby="shop-senders-hint"
                onInput={(e) => setSenders((e.target as HTMLTextAreaElement).value)}
              />
              <p class="hint muted" id="shop-senders-hint">
                {t('settings.shop.senders_hint')}
              </p>
            </div>
            <dl class="facts">
              <dt>{t('settings.shop.slug')}</dt>
              <dd>
                <code>{s.slug}</code>
              </dd>
              <dt>{t('settings.shop.created')}</dt>
              <dd>{formatDateTime(s.created_at, s.time_zone)}</dd>
            </dl>
          </fieldset>
          {manage && <SaveActions save={save} />}
        </form>
      )}
    </section>
  );
}
