// One ticking clock for every countdown on screen: a single timer, and components
// re-render at most once a second, only while mounted.
import { useEffect, useState } from 'preact/hooks';
import type { Urgency } from '../api/types';
import { t } from '../i18n/i18n';

const listeners = new Set<(now: number) => void>();
let timer: number | undefined;

function tick(): void {
  const now = Date.now();
  listeners.forEach((listener) => listener(now));
}

export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    listeners.add(setNow);
    if (timer === undefined) timer = window.setInterval(tick, 1000);
    return () => {
      listeners.delete(setNow);
      if (listeners.size === 0) {
        window.clearInterval(timer);
        timer = undefined;
      }
    };
  }, []);
  return now;
}

// The same bands as the server's UrgencyOf: overdue, under 1 h, under 4 h, later.
export function urgencyAt(dueAt: string | null, now: number): Urgency {
  if (!dueAt) return 'none';
  const left = Date.parse(dueAt) - now;
  if (left < 0) return 'overdue';
  if (left < 3_600_000) return 'under_1h';
  if (left < 4 * 3_600_000) return 'under_4h';
  return 'later';
}

// "残り 3時間12分" / "2時間5分 超過"; seconds only in the last minute either way.
export function countdownText(dueAt: string | null, now: number): string {
  if (!dueAt) return '';
  const left = Math.round((Date.parse(dueAt) - now) / 1000);
  const span = Math.abs(left);
  const days = Math.floor(span / 86_400);
  const hours = Math.floor((span % 86_400) / 3600);
  const minutes = Math.floor((span % 3600) / 60);
  let amount: string;
  if (days > 0) amount = t('time.days_hours', { d: days, h: hours });
  else if (hours > 0) amount = t('time.hours_minutes', { h: hours, m: minutes });
  else if (minutes > 0) amount = t('time.minutes', { m: minutes });
  else amount = t('time.seconds', { s: span });
  return left < 0 ? t('sla.overdue_by', { amount }) : t('sla.left', { amount });
}
