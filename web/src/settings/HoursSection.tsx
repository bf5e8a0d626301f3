// Business hours: opening intervals ("HH:MM-HH:MM", several a day) per weekday,
// closed on Japanese national holidays or not, and extra closed days (年末年始 …).
// Saving recomputes the due times of running business-time clocks.
import { useEffect, useState } from 'preact/hooks';
import { apiSend } from '../api/client';
import { canManage, useDesk } from '../app/session';
import { t } from '../i18n/i18n';
import { Check, LoadState, ReadOnlyNote, SectionHead, useLoad, useSave, SaveActions } from './common';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
const DAY_KEYS = {
  mon: 'settings.hours.mon',
  tue: 'settings.hours.tue',
  wed: 'settings.hours.wed',
  thu: 'settings.hours.thu',
  fri: 'settings.hours.fri',
  sat: 'settings.hours.sat',
  sun: 'settings.hours.sun',
} as const;

interface Calendar {
  time_zone: string;
  weekly: Record<Day, string[]>;
  closed_on_national_holidays: boolean;
  closed_days: string[];
  deadlines_recomputed?: number;
}

const INTERVAL = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

export function HoursSection() {
  const desk = useDesk();
  const manage = canManage(desk);
  const state = useLoad<Calendar>('/api/v1/business-hours');
  const [weekly, setWeekly] = useState<Record<Day, string[]> | null>(null);
  const [holidays, setHolidays] = useState(true);
  const [closed, setClosed] = useState<string[]>([]);
  const [newDay, setNewDay] = useState('');
  const save = useSave();

  useEffect(() => {
    const c = state.data;
    if (!c) return;
    const w = {} as Record<Day, string[]>;
    for (const d of DAYS) w[d] = [...(c.weekly[d] ?? [])];
    setWeekly(w);
    setHolidays(c.closed_on_national_holidays);
    setClosed([...c.closed_days].sort());
  }, [state.data]);

  const setSlot = (day: Day, index: number, value: string) =>
    setWeekly((w) => (w ? { ...w, [day]: w[day].map((v, i) => (i === index ? value : v)) } : w));
  const addInterval = (day: Day) =>
    setWeekly((w) => (w ? { ...w, [day]: [...w[day], w[day].length === 0 ? '09:00-18:00' : ''] } : w));
  const removeInterval = (day: Day, index: number) =>
    setWeekly((w) => (w ? { ...w, [day]: w[day].filter((_, i) => i !== index) } : w));

  const addClosed = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(newDay)) return save.fail(t('settings.hours.bad_date'));
    if (closed.includes(newDay)) return save.fail(t('settings.hours.duplicate_date', { date: newDay }));
    save.clear();
    setClosed((c) => [...c, newDay].sort());
    setNewDay('');
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (!weekly) return;
    const out = {} as Record<Day, string[]>;
    for (const d of DAYS) {
      out[d] = [];
      for (const raw of weekly[d]) {
        const text = raw.trim().replace(/[〜~–－]/g, '-').replace(/：/g, ':');
        if (!text) continue;
        const m = INTERVAL.exec(text);
        if (!m || `${m[1]}:${m[2]}` >= `${m[3]}:${m[4]}`) {
          return save.fail(t('settings.hours.bad_interval', { day: t(DAY_KEYS[d]), value: raw }));
        }
        out[d].push(text);
      }
    }
    if (DAYS.every((d) => out[d].length === 0)) return save.fail(t('settings.hours.none_open'));
    void save.run(async () => {
      const saved = await apiSend<Calendar>('PUT', '/api/v1/business-hours', {
        weekly: out,
        closed_on_national_holidays: holidays,
        closed_days: closed,
      });
      state.setData(saved);
      const n = saved.deadlines_recomputed ?? 0;
      return n > 0 ? t('settings.hours.saved_recomputed', { n }) : t('settings.hours.saved');
    });
  };

  return (
    <section aria-labelledby="hours-title">
      <SectionHead id="hours-title" title={t('settings.hours.title')} lead={t('settings.hours.lead')} />
      {!manage && <ReadOnlyNote />}
      <LoadState state={state} />
      {state.data && weekly && (
        <form class="settings-form" onSubmit={submit} noValidate>
          <p class="muted">
            {t('settings.hours.zone', { zone: state.data.time_zone })}{' '}
            {manage && <a href="/settings/shop">{t('settings.hours.zone_link')}</a>}
          </p>
          <fieldset disabled={!manage}>
            <legend>{t('settings.hours.weekly')}</legend>
            <p class="hint muted">{t('settings.hours.weekly_hint')}</p>
            {DAYS.map((d) => (
              <fieldset class="day">
                <legend>{t(DAY_KEYS[d])}</legend>
                {weekly[d].length === 0 && <p class="muted closed-day">{t('settings.hours.closed')}</p>}
                {weekly[d].map((value, i) => (
                  <div class="interval">
                    <label for={`hours-${d}-${i}`} class="visually-hidden">
                      {t('settings.hours.interval_label', { day: t(DAY_KEYS[d]), n: i + 1 })}
                    </label>
                    <input
                      id={`hours-${d}-${i}`}
                      value={value}
                      placeholder="09:00-18:00"
                      maxLength={11}
                      onInput={(e) => setSlot(d, i, (e.target as HTMLInputElement).value)}
                    />
                    {manage && (
                      <button
                        type="button"
                        onClick={() => removeInterval(d, i)}
                        aria-label={t('settings.hours.remove_interval', { day: t(DAY_KEYS[d]), n: i + 1 })}
                      >
                        {t('settings.remove')}
                      </button>
                    )}
                  </div>
                ))}
                {manage && (
                  <button type="button" class="link-button" onClick={() => addInterval(d)}>
                    {t('settings.hours.add_interval', { day: t(DAY_KEYS[d]) })}
                  </button>
                )}
              </fieldset>
            ))}
          </fieldset>
          <fieldset disabled={!manage}>
            <legend>{t('settings.hours.holidays')}</legend>
            <Check
              id="hours-national"
              label={t('settings.hours.national')}
              checked={holidays}
              onChange={setHolidays}
              hint={t('settings.hours.national_hint')}
            />
            <h3 class="sub">{t('settings.hours.closed_days')}</h3>
            {manage && <p class="hint muted">{t('settings.hours.closed_days_hint')}</p>}
            {closed.length === 0 && <p class="muted">{t('settings.hours.no_closed_days')}</p>}
            <ul class="closed-days">
              {closed.map((day) => (
                <li>
                  <span>{day}</span>
                  {manage && (
                    <button
                      type="button"
                      onClick={() => setClosed((c) => c.filter((x) => x !== day))}
                      aria-label={t('settings.hours.remove_day', { date: day })}
                    >
                      {t('settings.remove')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {manage && (
              <div class="inline-add">
                <div class="field">
                  <label for="hours-new-day">{t('settings.hours.add_day_label')}</label>
                  <input id="hours-new-day" type="date" value={newDay} onInput={(e) => setNewDay((e.target as HTMLInputElement).value)} />
                </div>
                <button type="button" onClick={addClosed}>
                  {t('settings.hours.add_day')}
                </button>
              </div>
            )}
          </fieldset>
          {manage && <SaveActions save={save} />}
        </form>
      )}
    </section>
  );
}
