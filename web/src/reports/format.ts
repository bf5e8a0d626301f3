// How the reports show durations and shares.
import { formatNumber, t } from '../i18n/i18n';

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('time.seconds', { s });
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return t('time.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('time.hours_minutes', { h: hours, m: minutes % 60 });
  return t('time.days_hours', { d: Math.floor(hours / 24), h: hours % 24 });
}

export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  return formatNumber(share * 100, 1) + '%';
}

// "11/28" for a YYYY-MM-DD date.
export function shortDate(date: string): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
}
