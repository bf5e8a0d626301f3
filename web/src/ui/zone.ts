// Dates and times in the shop's time zone (not the browser's): the reports' day
// boundaries and the away-mode period are the shop's local time. Only Intl, no library.

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

function parts(timeZone: string, at: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) out[p.type] = p.value;
  return out;
}

// "+09:00" for Asia/Tokyo at `at`; "+00:00" for UTC.
export function offsetOf(timeZone: string, at: Date): string {
  const name = parts(timeZone, at).timeZoneName ?? 'GMT';
  const m = /GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(name);
  if (!m) return '+00:00';
  return `${m[1]}${m[2].padStart(2, '0')}:${m[3] ?? '00'}`;
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

// "2026-11-28T14:05" (local wall time of the shop) for an instant.
export function isoToZoned(iso: string, timeZone: string): string {
  const p = parts(timeZone, new Date(iso));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

// Today's date (YYYY-MM-DD) in the shop's time zone.
export function todayIn(timeZone: string): string {
  return isoToZoned(new Date().toISOString(), timeZone).slice(0, 10);
}

// "2026-11-28" + n days, as a calendar date.
export function addDays(date: string, n: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// Days from `from` to `to` (both YYYY-MM-DD), inclusive.
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

// A local wall time of the shop ("2026-11-28" or "2026-11-28T14:05") as ISO 8601 with
// the zone's offset at that moment, e.g. "2026-11-28T00:00:00+09:00".
export function zonedToIso(local: string, timeZone: string): string {
  const wall = local.length === 10 ? local + 'T00:00' : local.slice(0, 16);
  const guess = new Date(wall + ':00Z');
  if (Number.isNaN(guess.getTime())) return '';
  let offset = offsetOf(timeZone, guess);
  offset = offsetOf(timeZone, new Date(guess.getTime() - offsetMinutes(offset) * 60_000));
  return `${wall}:00${offset}`;
}

// When something happened, as short as a list row allows, in the shop's time zone:
// "14:05" today, "12/2 14:05" this year, "2025/12/2" before.
export function shortWhen(iso: string, timeZone: string, now: number): string {
  const at = isoToZoned(iso, timeZone);
  const today = isoToZoned(new Date(now).toISOString(), timeZone);
  const time = at.slice(11, 16);
  if (at.slice(0, 10) === today.slice(0, 10)) return time;
  const month = Number(at.slice(5, 7));
  const day = Number(at.slice(8, 10));
  if (at.slice(0, 4) === today.slice(0, 4)) return `${month}/${day} ${time}`;
  return `${at.slice(0, 4)}/${month}/${day}`;
}
