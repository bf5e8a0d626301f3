// A server error in the seller's language. The server names each failure a seller can
// meet by a stable reason with parameters (docs/api/openapi.yaml, components Error);
// this turns them into the catalogue's sentence: times in the shop's time zone,
// statuses and nouns by their names. A reason the catalogue does not know falls back to
// what its code means; in English the server's own (English) message is more precise.
import { catalogue, type MessageKey } from '../i18n/catalogue';
import { formatDateTime, language, t } from '../i18n/i18n';
import { statusLabel } from '../ui/labels';

let shopTimeZone: string | undefined;

// The shop's time zone for the times in error messages (undefined: the browser's,
// as on the login page, where no shop is chosen yet).
export function setErrorTimeZone(timeZone: string | undefined): void {
  shopTimeZone = timeZone;
}

function known(key: string): key is MessageKey {
  return key in catalogue.ja;
}

function paramText(name: string, value: string): string {
  if (name === 'until' || name.endsWith('_at')) return formatDateTime(value, shopTimeZone);
  if (name === 'from' || name === 'to') return statusLabel(value);
  if (name === 'what') {
    const key = 'thing.' + value;
    return known(key) ? t(key) : value;
  }
  return value;
}

export function localizeError(code: string, reason: string, params: Record<string, string>, message: string): string {
  const key = 'error.' + reason;
  if (known(key)) {
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) values[name] = paramText(name, String(value));
    return t(key, values);
  }
  if (language() === 'en' && message) return message;
  const byCode = 'error.code.' + code;
  return known(byCode) ? t(byCode) : message || t('error.code.internal');
}

// A stored error (a failed delivery, a channel's health) in the seller's language: its
// reason when it has one, else the stored English text as it is.
export function storedErrorText(stored: {
  last_error: string;
  last_error_reason?: string;
  last_error_params?: Record<string, string>;
}): string {
  if (!stored.last_error_reason) return stored.last_error;
  return localizeError('', stored.last_error_reason, stored.last_error_params ?? {}, stored.last_error);
}

// An error body ({"error": ...} of the API) carried inside an answer, e.g. a connection
// check's or an invitation mail's.
export interface ErrorBody {
  code: string;
  reason: string;
  params: Record<string, string>;
  message: string;
}

export function errorBodyText(error: ErrorBody): string {
  return localizeError(error.code, error.reason, error.params, error.message);
}
