// Charts as inline SVG, sized to their box: the viewBox follows the measured width so
// text stays at its real size on a phone and on a wide screen. Each chart is one
// role="img" with a summary for screen readers, and its numbers are also in a table
// (ChartData) anyone can open.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatNumber, t } from '../i18n/i18n';

export const PALETTE = ['#1d4ed8', '#c2410c', '#15803d', '#7c3aed', '#0e7490', '#be185d', '#a16207', '#4a5568'];

export interface Series {
  label: string;
  color: string;
}

function useWidth(initial: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const w = Math.floor(el.clientWidth);
      if (w > 0) setWidth(w);
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

// A round upper bound for an axis: 1, 2, 5 × 10^n.
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

export function Legend({ series }: { series: Series[] }) {
  return (
    <ul class="chart-legend" aria-hidden="true">
      {series.map((s) => (
        <li>
          <span class="swatch" style={{ background: s.color }} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

// Vertical bars, one per label, each stacked from `values[i][series]`.
export function StackedBars(props: {
  label: string;
  labels: string[];
  tickLabels: string[];
  series: Series[];
  values: number[][];
}) {
  const { ref, width } = useWidth(600);
  const height = 220;
  const left = 40;
  const right = 8;
  const top = 10;
  const bottom = 26;
  const plotW = Math.max(10, width - left - right);
  const plotH = height - top - bottom;
  const totals = props.values.map((row) => row.reduce((a, b) => a + b, 0));
  const max = niceMax(Math.max(0, ...totals));
  const n = Math.max(1, props.labels.length);
  const band = plotW / n;
  const bar = Math.max(1, band * 0.72);
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / 48))));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];
  return (
    <div class="chart" ref={ref}>
      <svg role="img" aria-label={props.label} viewBox={`0 0 ${width} ${height}`} width="100%" height={height}>
        {ticks.map((v) => (
          <g>
            <line x1={left} x2={left + plotW} y1={y(v)} y2={y(v)} class="grid" />
            <text x={left - 6} y={y(v) + 4} text-anchor="end" class="axis">
              {formatNumber(v, 1)}
            </text>
          </g>
        ))}
        {props.values.map((row, i) => {
          let acc = 0;
          const x = left + i * band + (band - bar) / 2;
          return (
            <g>
              {row.map((v, s) => {
                if (v <= 0) return null;
                const y0 = y(acc);
                acc += v;
                const y1 = y(acc);
                return (
                  <rect x={x} y={y1} width={bar} height={Math.max(0.5, y0 - y1)} fill={props.series[s].color}>
                    <title>{`${props.labels[i]} ${props.series[s].label}: ${formatNumber(v)}`}</title>
                  </rect>
                );
              })}
              {i % every === 0 && (
                <text x={left + i * band + band / 2} y={height - 8} text-anchor="middle" class="axis">
                  {props.tickLabels[i]}
                </text>
              )}
            </g>
          );
        })}
        <line x1={left} x2={left + plotW} y1={top + plotH} y2={top + plotH} class="baseline" />
      </svg>
    </div>
  );
}

export interface BarItem {
  label: string;
  values: (number | null)[];
}

// Horizontal bars: a label line, then one bar per series, the value at its end.
export function BarList(props: {
  label: string;
  items: BarItem[];
  series: Series[];
  format: (value: number) => string;
  max?: number;
}) {
  const { ref, width } = useWidth(600);
  const labelH = 20;
  const barH = 16;
  const gap = 4;
  const rowGap = 12;
  const valueW = 84;
  const rowH = labelH + props.series.length * (barH + gap) + rowGap;
  const height = Math.max(rowH, props.items.length * rowH);
  const plotW = Math.max(10, width - valueW);
  const all = props.items.flatMap((i) => i.values.filter((v): v is number => v !== null));
  const max = props.max ?? niceMax(Math.max(0, ...all));
  return (
    <div class="chart" ref={ref}>
      <svg role="img" aria-label={props.label} viewBox={`0 0 ${width} ${height}`} width="100%" height={height}>
        {props.items.map((item, i) => {
          const y0 = i * rowH;
          return (
            <g>
              <text x={0} y={y0 + 14} class="bar-label">
                {item.label}
              </text>
              {item.values.map((v, s) => {
                const y = y0 + labelH + s * (barH + gap);
                const w = v === null ? 0 : Math.max(v > 0 ? 2 : 0, (v / max) * plotW);
                return (
                  <g>
                    <rect x={0} y={y} width={plotW} height={barH} class="track" />
                    {v !== null && (
                      <rect x={0} y={y} width={w} height={barH} fill={props.series[s].color}>
                        <title>{`${item.label} ${props.series[s].label}: ${props.format(v)}`}</title>
                      </rect>
                    )}
                    <text x={plotW + 6} y={y + barH - 3} class="axis">
                      {v === null ? '—' : props.format(v)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

// The numbers behind a chart, as a table behind a disclosure.
export function ChartData(props: { caption: string; head: string[]; rows: ComponentChildren[][] }) {
  return (
    <details class="chart-data">
      <summary>{t('reports.show_table')}</summary>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              {props.head.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                {row.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
