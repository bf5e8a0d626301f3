// The saved-reply picker: opened with "/", searched as you type (title, shortcut or
// tag on the server), each shown rendered for this conversation's customer (with a
// mark when a variable would stay blank), ↑/↓ to choose, Enter to insert, Escape to close.
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiGet, query } from '../api/client';
import type { SavedReply } from '../api/types';
import { t } from '../i18n/i18n';
import { isComposing } from '../ui/shortcuts';

interface Props {
  conversationId: number;
  onPick: (reply: SavedReply) => void;
  onClose: () => void;
}

export function ReplyPicker({ conversationId, onPick, onClose }: Props) {
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<SavedReply[]>([]);
  const [highlight, setHighlight] = useState(0);
  const [error, setError] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    let cancelled = false;
    const timer = window.setTimeout(() => {
      apiGet<{ items: SavedReply[] }>('/api/v1/saved-replies' + query({ q: search.trim(), conversation: conversationId }))
        .then((page) => {
          if (cancelled) return;
          setItems(page.items);
          setHighlight(0);
          setError('');
        })
        .catch((e: Error) => !cancelled && setError(e.message));
    }, 120);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [search, conversationId]);

  const onKey = (event: KeyboardEvent) => {
    if (isComposing(event)) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setHighlight((h) => Math.min(h + 1, items.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight((h) => Math.max(h - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (items[highlight]) onPick(items[highlight]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <div class="reply-picker" data-testid="reply-picker">
      <label class="visually-hidden" for="reply-search">
        {t('picker.search')}
      </label>
      <input
        id="reply-search"
        ref={input}
        type="search"
        data-testid="reply-search"
        role="combobox"
        aria-expanded="true"
        aria-controls="reply-options"
        aria-activedescendant={items[highlight] ? `reply-option-${items[highlight].id}` : undefined}
        placeholder={t('picker.placeholder')}
        value={search}
        onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        onKeyDown={onKey}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul id="reply-options" role="listbox" aria-label={t('picker.title')}>
        {items.length === 0 && <li class="muted">{t('picker.none')}</li>}
        {items.map((reply, index) => (
          <li
            id={`reply-option-${reply.id}`}
            key={reply.id}
            role="option"
            aria-selected={index === highlight}
            class={index === highlight ? 'highlight' : ''}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(reply);
            }}
          >
            <strong>{reply.title}</strong>
            {reply.shortcut && <span class="shortcut">/{reply.shortcut}</span>}
            <span class="snippet" data-testid="reply-rendered">
              {(reply.rendered?.text ?? reply.body).slice(0, 160)}
            </span>
            {reply.rendered?.warnings.some((w) => w.code === 'blank_variable') && (
              <span class="picker-warning" data-testid="reply-blank">
                {t('picker.blank')}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
