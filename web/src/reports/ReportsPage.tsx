// The reports page: a date range in the shop's time zone, the seller-health summary,
// and one card per report (volume, first response, resolution, backlog), each with
// its chart, the numbers as a table, and a CSV download of the report's table.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiBlob, apiGet, query, saveBlob } from '../api/client';
import { useDesk } from '../app/session';
import { formatDateTime, formatNumber, t } from '../i18n/i18n';
import { BarList, ChartData, Legend, PALETTE, StackedBars, type Series } from './charts';
import { formatDuration, formatShare, shortDate } from './format';
import { addDays, daysBetween, todayIn, zonedToIso } from '../ui/zone';
import { statusLabel } from '../ui/labels';

interface Durations {
  count: number;
  median_seconds: number | null;
  p90_seconds: number | null;
}

interface VolumeReport {
  total: number;
  by_day: { date: string; count: number; by_channel: Record<string, number> }[];
  by_channel: { channel_id: number; channel: string; count: number }[];
  by_tag: { tag: string; count: number }[];
}

interface ResponseRow extends Durations {
  id: number;
  name: string;
  within_24h_share: number | null;
  within_target_share: number | null;
}

interface FirstResponseReport extends Durations {
  within_24h_share: number | null;
  within_target_share: number | null;
  by_channel: ResponseRow[];
  by_agent: ResponseRow[];
}

interface ResolutionReport extends Durations {
  by_channel: (Durations & { channel_id: number; channel: string })[];
}

interface BacklogReport {
  at: string;
  total: number;
  by_age: { age: AgeKey; count: number }[];
  table: { status: 'open' | 'pending' | 'on_hold'; age: AgeKey; count: number }[];
}

interface HealthReport {
  at: string;
  unanswered_over_24h: number;
  oldest_unanswered: {
    conversation_id: number;
    message_id: number;
    subject: string;
    customer_name: string; // '' when not known or erased
    customer_email: string;
    received_at: string;
    waiting_seconds: number;
  }[];
  late_responses_30d: number;
  first_response_within_24h_share_30d: number | null;
  volume_spikes: { date: string; count: number; baseline_per_day: number; ratio: number | null }[];
  // Days with mail in the 28 before the last week; below 14 no day is judged.
  volume_history_days: number;
  volume_enough_history: boolean;
  flags: string[];
}

type AgeKey = 'under_1d' | '1d_to_3d' | '3d_to_7d' | 'over_7d';
const AGES: AgeKey[] = ['under_1d', '1d_to_3d', '3d_to_7d', 'over_7d'];
const AGE_KEYS = {
  under_1d: 'reports.age.under_1d',
  '1d_to_3d': 'reports.age.1d_to_3d',
  '3d_to_7d': 'reports.age.3d_to_7d',
  over_7d: 'reports.age.over_7d',
} as const;

interface Range {
  fromDate: string;
  toDate: string;
  from: string; // ISO 8601, the start of fromDate in the shop's zone
  to: string; // the start of the day after toDate (the API's `to` is exclusive)
}

function makeRange(fromDate: string, toDate: string, timeZone: string): Range {
  return {
    fromDate,
    toDate,
    from: zonedToIso(fromDate, timeZone),
    to: zonedToIso(addDays(toDate, 1), timeZone),
  };
}

interface Loaded<T> {
  data: T | null;
  error: string;
  loading: boolean;
}

function useReport<T>(name: string, range: Range, reload: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: '', loading: true });
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true, error: '' }));
    apiGet<T>(`/api/v1/reports/${name}${query({ from: range.from, to: range.to })}`)
      .then((data) => !cancelled && setState({ data, error: '', loading: false }))
      .catch((e: Error) => !cancelled && setState({ data: null, error: e.message, loading: false }));
    return () => {
      cancelled = true;
    };
  }, [name, range.from, range.to, reload]);
  return state;
}

export default function ReportsPage() {
  const desk = useDesk();
  const zone = desk.timeZone;
  const today = todayIn(zone);
  const [fromInput, setFromInput] = useState(addDays(today, -29));
  const [toInput, setToInput] = useState(today);
  const [range, setRange] = useState<Range>(() => makeRange(addDays(today, -29), today, zone));
  const [rangeError, setRangeError] = useState('');
  const [reload, setReload] = useState(0);

  const volume = useReport<VolumeReport>('volume', range, reload);
  const first = useReport<FirstResponseReport>('first-response', range, reload);
  const resolution = useReport<ResolutionReport>('resolution', range, reload);
  const backlog = useReport<BacklogReport>('backlog', range, reload);
  const health = useReport<HealthReport>('health', range, reload);

  const apply = (event: Event) => {
    event.preventDefault();
    if (!fromInput || !toInput) {
      setRangeError(t('reports.range.required'));
      return;
    }
    if (fromInput > toInput) {
      setRangeError(t('reports.range.order'));
      return;
    }
    if (daysBetween(fromInput, toInput).length > 366) {
      setRangeError(t('reports.range.too_long'));
      return;
    }
    setRangeError('');
    const next = makeRange(fromInput, toInput, zone);
    if (next.from === range.from && next.to === range.to) setReload((n) => n + 1);
    else setRange(next);
  };

  const preset = (days: number) => {
    const from = addDays(today, -(days - 1));
    setFromInput(from);
    setToInput(today);
    setRangeError('');
    setRange(makeRange(from, today, zone));
  };

  const newShop = volume.data?.total === 0 && backlog.data?.total === 0;

  return (
    <section class="page reports" aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <form class="report-range" onSubmit={apply} noValidate>
        <fieldset>
          <legend>{t('reports.range')}</legend>
          <div class="range-fields">
            <div class="field">
              <label for="report-from">{t('reports.range.from')}</label>
              <input
                id="report-from"
                type="date"
                value={fromInput}
                max={toInput || undefined}
                onInput={(e) => setFromInput((e.target as HTMLInputElement).value)}
              />
            </div>
            <div class="field">
              <label for="report-to">{t('reports.range.to')}</label>
              <input
                id="report-to"
                type="date"
                value={toInput}
                min={fromInput || undefined}
                onInput={(e) => setToInput((e.target as HTMLInputElement).value)}
              />
            </div>
            <button type="submit" class="primary">
              {t('reports.range.apply')}
            </button>
          </div>
          <div class="range-presets">
            {[7, 30, 90].map((days) => (
              <button type="button" onClick={() => preset(days)}>
                {t('reports.range.last_days', { n: days })}
              </button>
            ))}
          </div>
          <p class="muted hint">{t('reports.range.zone', { zone })}</p>
          {rangeError && (
            <p class="error" role="alert">
              {rangeError}
            </p>
          )}
        </fieldset>
      </form>

      {newShop && (
        <p class="report-welcome" role="status">
          {t('reports.new_shop')} <a href="/settings/channels">{t('reports.new_shop_link')}</a>
        </p>
      )}

      <HealthCard state={health} range={range} />
      <VolumeCard state={volume} range={range} />
      <FirstResponseCard state={first} range={range} />
      <ResolutionCard state={resolution} range={range} />
      <BacklogCard state={backlog} range={range} />
    </section>
  );
}

function Card(props: {
  id: string;
  title: string;
  note?: string;
  csv: { name: string; label: string; text?: string }[];
  range: Range;
  state: Loaded<unknown>;
  children?: ComponentChildren;
}) {
  const { state } = props;
  return (
    <section class="report-card" aria-labelledby={`${props.id}-title`} aria-busy={state.loading}>
      <div class="report-head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        <div class="report-actions">
          {props.csv.map((c) => (
            <CsvButton name={c.name} label={c.label} text={c.text} range={props.range} />
          ))}
        </div>
      </div>
      {props.note && <p class="muted hint">{props.note}</p>}
      {state.loading && !state.data && <p class="loading">{t('common.loading')}</p>}
      {state.error && (
        <p class="error" role="alert">
          {t('reports.error', { message: state.error })}
        </p>
      )}
      {state.data !== null && props.children}
    </section>
  );
}

function CsvButton(props: { name: string; label: string; text?: string; range: Range }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const download = async () => {
    setBusy(true);
    setError('');
    try {
      const blob = await apiBlob(
        `/api/v1/reports/${props.name}${query({ from: props.range.from, to: props.range.to, format: 'csv' })}`,
      );
      saveBlob(blob, `shopdesk-${props.name}-${props.range.fromDate}_${props.range.toDate}.csv`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="csv">
      <button type="button" onClick={() => void download()} disabled={busy}>
        {busy ? t('reports.csv_busy') : (props.text ?? t('reports.csv'))}
        <span class="visually-hidden">{t('reports.csv_of', { name: props.label })}</span>
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

function Stat(props: { label: string; value: string; tone?: 'bad' | 'good' }) {
  return (
    <div class={`stat ${props.tone ? 'stat-' + props.tone : ''}`}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

function HealthCard({ state, range }: { state: Loaded<HealthReport>; range: Range }) {
  const desk = useDesk();
  const h = state.data;
  return (
    <Card
      id="report-health"
      title={t('reports.health.title')}
      note={t('reports.health.note')}
      csv={[
        { name: 'health', label: t('reports.health.title') },
        { name: 'late-responses', label: t('reports.late.title'), text: t('reports.late.csv') },
      ]}
      range={range}
      state={state}
    >
      {h && (
        <>
          <dl class="stats">
            <Stat
              label={t('reports.health.unanswered')}
              value={t('reports.count', { n: formatNumber(h.unanswered_over_24h) })}
              tone={h.unanswered_over_24h > 0 ? 'bad' : 'good'}
            />
            <Stat
              label={t('reports.health.late')}
              value={t('reports.count', { n: formatNumber(h.late_responses_30d) })}
              tone={h.late_responses_30d > 0 ? 'bad' : 'good'}
            />
            <Stat label={t('reports.health.share')} value={formatShare(h.first_response_within_24h_share_30d)} />
            <Stat
              label={t('reports.health.spikes')}
              value={h.volume_enough_history ? t('reports.days', { n: h.volume_spikes.length }) : '—'}
              tone={h.volume_spikes.length > 0 ? 'bad' : undefined}
            />
          </dl>
          {!h.volume_enough_history && (
            <p class="muted" data-testid="spikes-unjudged">
              {t('reports.health.spikes_unjudged', { n: h.volume_history_days })}
            </p>
          )}
          {h.flags.length === 0 && <p class="ok-note">{t('reports.health.all_good')}</p>}
          {h.volume_spikes.length > 0 && (
            <>
              <h3>{t('reports.health.spikes_title')}</h3>
              <ul class="plain-list">
                {h.volume_spikes.map((s) => (
                  <li>
                    {t('reports.health.spike', {
                      date: shortDate(s.date),
                      n: formatNumber(s.count),
                      base: formatNumber(s.baseline_per_day, 1),
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {h.oldest_unanswered.length > 0 && (
            <>
              <h3>{t('reports.health.oldest')}</h3>
              <ul class="plain-list oldest">
                {h.oldest_unanswered.slice(0, 10).map((o) => (
                  <li>
                    <a href={`/conversations/${o.conversation_id}`}>
                      {o.subject || t('reports.health.conversation', { id: o.conversation_id })}
                    </a>{' '}
                    {(o.customer_name || o.customer_email) && (
                      <span class="oldest-customer">{o.customer_name || o.customer_email} </span>
                    )}
                    <span class="muted">
                      {t('reports.health.waiting', {
                        received: formatDateTime(o.received_at, desk.timeZone),
                        waited: formatDuration(o.waiting_seconds),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Card>
  );
}

function VolumeCard({ state, range }: { state: Loaded<VolumeReport>; range: Range }) {
  const v = state.data;
  let body: ComponentChildren = null;
  if (v && v.total === 0) {
    body = <p class="empty">{t('reports.volume.empty')}</p>;
  } else if (v) {
    const ids = v.by_channel.map((c) => String(c.channel_id));
    for (const day of v.by_day) for (const id of Object.keys(day.by_channel)) if (!ids.includes(id)) ids.push(id);
    const nameOf = (id: string) =>
      v.by_channel.find((c) => String(c.channel_id) === id)?.channel || t('reports.channel_n', { id });
    const series: Series[] = ids.map((id, i) => ({ label: nameOf(id), color: PALETTE[i % PALETTE.length] }));
    const days = daysBetween(range.fromDate, range.toDate);
    const byDate = new Map(v.by_day.map((d) => [d.date, d]));
    const values = days.map((d) => ids.map((id) => byDate.get(d)?.by_channel[id] ?? 0));
    const busiest = v.by_day.reduce((a, b) => (b.count > a.count ? b : a), v.by_day[0]);
    body = (
      <>
        <dl class="stats">
          <Stat label={t('reports.volume.total')} value={t('reports.count', { n: formatNumber(v.total) })} />
          <Stat
            label={t('reports.volume.per_day')}
            value={t('reports.count', { n: formatNumber(v.total / Math.max(1, days.length), 1) })}
          />
          {busiest && (
            <Stat
              label={t('reports.volume.busiest')}
              value={t('reports.volume.busiest_value', { date: shortDate(busiest.date), n: formatNumber(busiest.count) })}
            />
          )}
        </dl>
        <Legend series={series} />
        <StackedBars
          label={t('reports.volume.chart', {
            from: shortDate(range.fromDate),
            to: shortDate(range.toDate),
            total: v.total,
            channels: v.by_channel.map((c) => `${c.channel || c.channel_id} ${c.count}`).join('、'),
          })}
          labels={days.map(shortDate)}
          tickLabels={days.map(shortDate)}
          series={series}
          values={values}
        />
        <ChartData
          caption={t('reports.volume.title')}
          head={[t('reports.date'), ...series.map((s) => s.label), t('reports.total')]}
          rows={days
            .map((d, i) => [d, ...values[i].map((n) => formatNumber(n)), formatNumber(values[i].reduce((a, b) => a + b, 0))])
            .filter((_, i) => values[i].some((n) => n > 0))}
        />
        {v.by_tag.length > 0 && (
          <p class="muted tags-line">
            {t('reports.volume.tags')}{' '}
            {v.by_tag.slice(0, 10).map((tag) => (
              <span class="tag">
                {tag.tag} {formatNumber(tag.count)}
              </span>
            ))}
          </p>
        )}
      </>
    );
  }
  return (
    <Card
      id="report-volume"
      title={t('reports.volume.title')}
      csv={[{ name: 'volume', label: t('reports.volume.title') }]}
      range={range}
      state={state}
    >
      {body}
    </Card>
  );
}

function FirstResponseCard({ state, range }: { state: Loaded<FirstResponseReport>; range: Range }) {
  const f = state.data;
  const timeSeries: Series[] = [
    { label: t('reports.median'), color: PALETTE[0] },
    { label: t('reports.p90'), color: PALETTE[1] },
  ];
  const shareSeries: Series[] = [{ label: t('reports.first.within_24h'), color: PALETTE[2] }];
  const rowName = (r: ResponseRow, scope: 'channel' | 'agent') =>
    r.name || (scope === 'channel' ? t('reports.channel_n', { id: r.id }) : t('reports.agent_n', { id: r.id }));
  const shareChart = (rows: ResponseRow[], scope: 'channel' | 'agent', title: string) => {
    const items = rows.map((r) => ({ label: rowName(r, scope), values: [r.within_24h_share] }));
    if (items.every((i) => i.values[0] === null)) return null;
    return (
      <>
        <h3>{title}</h3>
        <BarList
          label={`${title}: ${items.map((i) => `${i.label} ${formatShare(i.values[0])}`).join('、')}`}
          items={items}
          series={shareSeries}
          format={formatShare}
          max={1}
        />
      </>
    );
  };
  const decided = f ? f.count > 0 || f.within_24h_share !== null : false;
  return (
    <Card
      id="report-first"
      title={t('reports.first.title')}
      note={t('reports.first.note')}
      csv={[{ name: 'first-response', label: t('reports.first.title') }]}
      range={range}
      state={state}
    >
      {f && !decided && <p class="empty">{t('reports.first.empty')}</p>}
      {f && decided && (
        <>
          <dl class="stats">
            <Stat label={t('reports.median')} value={formatDuration(f.median_seconds)} />
            <Stat label={t('reports.p90')} value={formatDuration(f.p90_seconds)} />
            <Stat label={t('reports.first.within_24h')} value={formatShare(f.within_24h_share)} />
            <Stat label={t('reports.first.within_target')} value={formatShare(f.within_target_share)} />
            <Stat label={t('reports.first.answered')} value={t('reports.count', { n: formatNumber(f.count) })} />
          </dl>
          {f.count === 0 && <p class="muted">{t('reports.first.none_answered')}</p>}
          {f.by_channel.some((r) => r.median_seconds !== null) && (
            <>
              <h3>{t('reports.first.times_by_channel')}</h3>
              <Legend series={timeSeries} />
              <BarList
                label={`${t('reports.first.times_by_channel')}: ${f.by_channel
                  .map((r) => `${rowName(r, 'channel')} ${formatDuration(r.median_seconds)} / ${formatDuration(r.p90_seconds)}`)
                  .join('、')}`}
                items={f.by_channel.map((r) => ({ label: rowName(r, 'channel'), values: [r.median_seconds, r.p90_seconds] }))}
                series={timeSeries}
                format={formatDuration}
              />
            </>
          )}
          {shareChart(f.by_channel, 'channel', t('reports.first.share_by_channel'))}
          {shareChart(f.by_agent, 'agent', t('reports.first.share_by_agent'))}
          <ChartData
            caption={t('reports.first.title')}
            head={[
              t('reports.name'),
              t('reports.answered'),
              t('reports.median'),
              t('reports.p90'),
              t('reports.first.within_24h'),
              t('reports.first.within_target'),
            ]}
            rows={[
              ...f.by_channel.map((r) => [rowName(r, 'channel'), r] as const),
              ...f.by_agent.map((r) => [rowName(r, 'agent'), r] as const),
            ].map(([name, r]) => [
              name,
              formatNumber(r.count),
              formatDuration(r.median_seconds),
              formatDuration(r.p90_seconds),
              formatShare(r.within_24h_share),
              formatShare(r.within_target_share),
            ])}
          />
        </>
      )}
    </Card>
  );
}

function ResolutionCard({ state, range }: { state: Loaded<ResolutionReport>; range: Range }) {
  const r = state.data;
  const series: Series[] = [
    { label: t('reports.median'), color: PALETTE[0] },
    { label: t('reports.p90'), color: PALETTE[1] },
  ];
  const name = (c: { channel: string; channel_id: number }) => c.channel || t('reports.channel_n', { id: c.channel_id });
  return (
    <Card
      id="report-resolution"
      title={t('reports.resolution.title')}
      note={t('reports.resolution.note')}
      csv={[{ name: 'resolution', label: t('reports.resolution.title') }]}
      range={range}
      state={state}
    >
      {r && r.count === 0 && <p class="empty">{t('reports.resolution.empty')}</p>}
      {r && r.count > 0 && (
        <>
          <dl class="stats">
            <Stat label={t('reports.median')} value={formatDuration(r.median_seconds)} />
            <Stat label={t('reports.p90')} value={formatDuration(r.p90_seconds)} />
            <Stat label={t('reports.resolution.count')} value={t('reports.count', { n: formatNumber(r.count) })} />
          </dl>
          <Legend series={series} />
          <BarList
            label={`${t('reports.resolution.title')}: ${r.by_channel
              .map((c) => `${name(c)} ${formatDuration(c.median_seconds)} / ${formatDuration(c.p90_seconds)}`)
              .join('、')}`}
            items={r.by_channel.map((c) => ({ label: name(c), values: [c.median_seconds, c.p90_seconds] }))}
            series={series}
            format={formatDuration}
          />
          <ChartData
            caption={t('reports.resolution.title')}
            head={[t('reports.channel'), t('reports.resolution.count'), t('reports.median'), t('reports.p90')]}
            rows={r.by_channel.map((c) => [
              name(c),
              formatNumber(c.count),
              formatDuration(c.median_seconds),
              formatDuration(c.p90_seconds),
            ])}
          />
        </>
      )}
    </Card>
  );
}

function BacklogCard({ state, range }: { state: Loaded<BacklogReport>; range: Range }) {
  const desk = useDesk();
  const b = state.data;
  const series: Series[] = [{ label: t('reports.backlog.conversations'), color: PALETTE[3] }];
  const statuses = ['open', 'pending', 'on_hold'] as const;
  return (
    <Card
      id="report-backlog"
      title={t('reports.backlog.title')}
      note={b ? t('reports.backlog.note', { at: formatDateTime(b.at, desk.timeZone) }) : undefined}
      csv={[{ name: 'backlog', label: t('reports.backlog.title') }]}
      range={range}
      state={state}
    >
      {b && b.total === 0 && <p class="empty">{t('reports.backlog.empty')}</p>}
      {b && b.total > 0 && (
        <>
          <dl class="stats">
            <Stat label={t('reports.backlog.total')} value={t('reports.count', { n: formatNumber(b.total) })} />
          </dl>
          <BarList
            label={`${t('reports.backlog.title')}: ${b.by_age
              .map((a) => `${t(AGE_KEYS[a.age])} ${a.count}`)
              .join('、')}`}
            items={AGES.map((age) => ({
              label: t(AGE_KEYS[age]),
              values: [b.by_age.find((a) => a.age === age)?.count ?? 0],
            }))}
            series={series}
            format={(n) => t('reports.count', { n: formatNumber(n) })}
          />
          <ChartData
            caption={t('reports.backlog.title')}
            head={[t('reports.status'), ...AGES.map((a) => t(AGE_KEYS[a]))]}
            rows={statuses.map((s) => [
              statusLabel(s),
              ...AGES.map((a) => formatNumber(b.table.find((row) => row.status === s && row.age === a)?.count ?? 0)),
            ])}
          />
        </>
      )}
    </Card>
  );
}
