// The language of the desk and the one lookup every visible text goes through.
// Japanese is the default; the choice is kept in localStorage per browser.
import { catalogue, type MessageKey } from './catalogue';

export type Language = 'ja' | 'en';

const STORAGE_KEY = 'shopdesk.language';
let current: Language = readStoredLanguage();
const listeners = new Set<() => void>();

function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the switch still works for this page.
  }
  document.documentElement.lang = next;
  listeners.forEach((listener) => listener());
}

export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// The text of `key` in the current language, with {name} placeholders filled from
// `values`. A key missing in English falls back to Japanese, never to the raw key.
export function t(key: MessageKey, values?: Record<string, string | number>): string {
  const text: string = catalogue[current][key] ?? catalogue.ja[key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

// Dates and numbers in the shop's time zone and the agent's language.
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  return date.toLocaleString(current === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString(current === 'ja' ? 'ja-JP' : 'en-GB', {
    maximumFractionDigits: digits,
  });
}
