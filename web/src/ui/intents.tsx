// The intents a shop uses ("shipping", "return", ...): those of its saved replies, offered
// as suggestions wherever an intent is typed.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../api/client';
import type { SavedReply } from '../api/types';
import { intentLabel } from './labels';

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
