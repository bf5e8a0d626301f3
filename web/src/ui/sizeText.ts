// A byte count as a person reads it: "812 B", "24 KB", "3.4 MB".
import { formatNumber } from '../i18n/i18n';

export function sizeText(bytes: number): string {
  if (bytes >= 1_048_576) return `${formatNumber(bytes / 1_048_576, 1)} MB`;
  if (bytes >= 1024) return `${formatNumber(bytes / 1024, 0)} KB`;
  return `${bytes} B`;
}
