// Names of enumerations shown to people, through the catalogue.
import type { Status } from '../api/types';
import { catalogue, type MessageKey } from '../i18n/catalogue';
import { t } from '../i18n/i18n';

export const STATUSES: Status[] = ['open', 'pending', 'on_hold', 'resolved', 'closed'];

export function statusLabel(status: string): string {
  return t(('status.' + status) as MessageKey);
}

export function roleLabel(role: string): string {
  return t(('role.' + role) as MessageKey);
}

export function deliveryLabel(delivery: string): string {
  return t(('delivery.' + delivery) as MessageKey);
}

/** The intent's name in the UI language (「配送」 for "shipping"); a shop's own as typed. */
export function intentLabel(intent: string): string {
  const key = ('intent.' + intent) as MessageKey;
  return key in catalogue.ja ? t(key) : intent;
}
