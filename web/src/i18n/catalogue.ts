// The one message catalogue of the desk. Each area keeps its texts in its own file
// (messages-*.ts) so they stay readable; this module joins them. Every key exists in
// Japanese; English may not lag behind (the type checker refuses a missing key).
import { coreEn, coreJa } from './messages-core';
import { errorsEn, errorsJa } from './messages-errors';
import { reportsEn, reportsJa } from './messages-reports';
import { settingsEn, settingsJa } from './messages-settings';

const ja = { ...coreJa, ...reportsJa, ...settingsJa, ...errorsJa };
export type MessageKey = keyof typeof ja;
const en: Record<MessageKey, string> = { ...coreEn, ...reportsEn, ...settingsEn, ...errorsEn };

export const catalogue: Record<'ja' | 'en', Record<MessageKey, string>> = { ja, en };
