// The intents a shop uses ("shipping", "return", ...): those of its saved replies, offered
// as suggestions wherever an intent is typed.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../api/client';
import type { SavedReply } from '../api/types';
import { language } from '../i18n/i18n';

// What a seller calls the usual intents; the stored value stays the short English key
// (filters, saved replies and the API use it). An intent a shop made up shows as typed.
const NAMES: Record<string, { ja: string; en: string }> = {
  shipping: { ja: '配送', en: 'Shipping' },
  delivery: { ja: '配送', en: 'Delivery' },
  return: { ja: '返品', en: 'Return' },
  refund: { ja: '返金', en: 'Refund' },
  exchange: { ja: '交換', en: 'Exchange' },
  cancel: { ja: 'キャンセル', en: 'Cancellation' },
  cancellation: { ja: 'キャンセル', en: 'Cancellation' },
  damaged: { ja: '破損', en: 'Damaged' },
  defective: { ja: '不良品', en: 'Defective' },
  wrong_item: { ja: '誤配送', en: 'Wrong item' },
  stock: { ja: '在庫', en: 'Stock' },
  product: { ja: '商品について', en: 'Product' },
  payment: { ja: 'お支払い', en: 'Payment' },
  invoice: { ja: '領収書', en: 'Invoice' },
  address: { ja: '住所変更', en: 'Address change' },
  review: { ja: 'レビュー', en: 'Review' },
  complaint: { ja: '苦情', en: 'Complaint' },
  order_change: { ja: '注文変更', en: 'Order change' },
  thanks: { ja: 'お礼', en: 'Thanks' },
  other: { ja: 'その他', en: 'Other' },
};

/** The intent's name in the UI language: 「配送」 for "shipping"; unknown ones as typed. */
export function intentLabel(intent: string): string {
  const name = NAMES[intent];
  return name ? name[language()] : intent;
}

let cached: Promise<string[]> | null = null;

export function knownIntents(): Promise<string[]> {
  cached ??= apiGet<{ items: SavedReply[] }>('/api/v1/saved-replies')
    .then((page) => [...new Set(page.items.map((r) => r.intent).filter(Boolean))].sort())
    .catch(() => {
      cached = null;
      return [];
    });
  return cached;
}

export function forgetIntents(): void {
  cached = null;
}

export function useIntents(): string[] {
  const [intents, setIntents] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void knownIntents().then((list) => live && setIntents(list));
    return () => {
      live = false;
    };
  }, []);
  return intents;
}

export function IntentOptions({ id, intents }: { id: string; intents: string[] }) {
  return (
    <datalist id={id}>
      {intents.map((intent) => (
        <option value={intent} label={intentLabel(intent)} />
      ))}
    </datalist>
  );
}
