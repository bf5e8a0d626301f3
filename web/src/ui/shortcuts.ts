// Single-key shortcuts (j, k, Enter, r, n, e, /, ?). Ignored while typing in a field
// or with Ctrl/Alt/⌘ held, so they never eat text or browser shortcuts.
import { useEffect, useRef } from 'preact/hooks';

// A handler returning false did not handle the key: another page part may.
export type ShortcutMap = Partial<Record<string, (event: KeyboardEvent) => void | boolean>>;

export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || !element.tagName) return false;
  const tag = element.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || element.isContentEditable;
}

// A key that confirms or edits a Japanese (IME) conversion: Enter then picks the
// kanji, it must not send, insert or open anything. Chrome reports such keys with
// isComposing, and some IMEs (and Safari) only with keyCode 229.
export function isComposing(event: KeyboardEvent): boolean {
  return event.isComposing || event.keyCode === 229;
}

export function useShortcuts(map: ShortcutMap): void {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isComposing(event)) return;
      if (isTyping(event.target) || document.querySelector('[role=dialog][aria-modal=true]')) return;
      // Enter on a focused button or link activates it; it is not the "open" shortcut.
      if (event.key === 'Enter' && (event.target as Element | null)?.closest?.('button, a, summary')) return;
      const handler = current.current[event.key];
      if (handler && handler(event) !== false) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
