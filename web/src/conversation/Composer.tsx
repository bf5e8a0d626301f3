// Writing to the customer, or a note for colleagues. "/" in an empty composer opens
// the saved replies; the text is a Mustache template rendered for this conversation
// in the preview (with the reply lint's warnings and their reasons) and what is sent
// is exactly what the preview shows. Ctrl/⌘+Enter sends. A saved reply's intent is only
// suggested when the reply is inserted; the conversation takes it when the reply is sent.
// In a note, "@" offers the shop's agents; those still named when it is added are told.
// A reply carries files chosen, dropped on the composer or pasted into it, within the
// shop's limits, which the composer names before anything is sent.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { apiSend, apiSendWithProgress } from '../api/client';
import type { Agent, LintWarning, Message, Preview, SavedReply, Status } from '../api/types';
import { useDesk } from '../app/session';
import { formatNumber, t } from '../i18n/i18n';
import { intentLabel } from '../ui/labels';
import { isComposing } from '../ui/shortcuts';
import { setPresence } from '../live/socket';
import { sizeText } from '../ui/sizeText';
import { addFiles, encodeFile, namePasted } from './composerFiles';
import { ReplyPicker } from './ReplyPicker';

interface Props {
  conversationId: number;
  mode: 'reply' | 'note';
  onModeChange: (mode: 'reply' | 'note') => void;
  pickerRequest: number; // bumped by the "/" shortcut outside the composer
  focusRequest: number; // bumped by "r" / "n"
  onSent: (message: Message) => void;
  // The conversation's intent now: a saved reply suggests its own only where this is "".
  conversationIntent: string;
  // The most characters a reply on this channel may have (null: no limit).
  lengthLimit: number | null;
  // Whether the channel takes copies (Cc, Bcc): mail channels only.
  copiesAllowed: boolean;
  disabled: boolean;
}

const DRAFT_PREFIX = 'shopdesk.draft.';

// The longest reply a channel takes, in characters: Amazon's buyer messages at most
// 4,000; mail has no limit.
export function replyLengthLimit(kind: string): number | null {
  return kind === 'amazon' ? 4000 : null;
}

// Characters as a person counts them (code points: 髙 or an emoji is one).
function characters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// The "@name" being typed just before the caret in `text` (null: none).
function mentionAt(text: string, caret: number): string | null {
  const match = /(?:^|\s)@([^\s@]{0,30})$/.exec(text.slice(0, caret));
  return match ? match[1] : null;
}

const mentionLabel = (agent: Agent) => agent.name || agent.email;

// Addresses typed into a copy field: separated by commas, 、 or spaces.
function addresses(field: string): string[] {
  return field.split(/[\s,、;]+/).filter(Boolean);
}
const PLAIN_ADDRESS = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+$/;

export function Composer(props: Props) {
  const { conversationId, mode } = props;
  const desk = useDesk();
  // The "@" picker in a note: what follows the @, the highlighted agent, and the agents
  // chosen so far (told when their @name is still in the note).
  const [mentionQuery, setMentionQuery] = useState<string | null>(null);
  const [mentionIndex, setMentionIndex] = useState(0);
  const [mentioned, setMentioned] = useState<Map<number, string>>(new Map());
  // Copies of a mail reply, shown on request.
  const [showCopies, setShowCopies] = useState(false);
  const [cc, setCc] = useState('');
  const [bcc, setBcc] = useState('');
  // Files of the reply, and while they go up, the share sent (0-100).
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblem, setFileProblem] = useState('');
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => sessionStorage.getItem(DRAFT_PREFIX + conversationId) ?? '');
  const [picker, setPicker] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const [statusAfter, setStatusAfter] = useState<Status | ''>('');
  // The intent the conversation takes with this reply ("" for none): suggested by the
  // last saved reply inserted, dismissable until sent.
  const [suggestedIntent, setSuggestedIntent] = useState('');
  // Blank variables in what is about to be sent: sending waits for a deliberate "send
  // anyway" (or for the text to change).
  const [blankToConfirm, setBlankToConfirm] = useState<LintWarning[]>([]);
  const area = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once the text just set is in the box (after an @name is
  // inserted): set in the same commit, before the next key can land elsewhere.
  const caretAfterRender = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = caretAfterRender.current;
    if (at === null || !area.current) return;
    caretAfterRender.current = null;
    area.current.focus();
    area.current.setSelectionRange(at, at);
  });
  useEffect(() => setBlankToConfirm([]), [text, conversationId]);
  useEffect(() => {
    if (!text.trim() || props.conversationIntent) setSuggestedIntent('');
  }, [text, props.conversationIntent]);

  useEffect(() => {
    setText(sessionStorage.getItem(DRAFT_PREFIX + conversationId) ?? '');
    setPreview(null);
    setError('');
    setSuggestedIntent('');
    changeFiles([]);
    setFileProblem('');
  }, [conversationId]);

  useEffect(() => {
    if (props.pickerRequest > 0) setPicker(true);
  }, [props.pickerRequest]);
  useEffect(() => {
    if (props.focusRequest > 0) area.current?.focus();
  }, [props.focusRequest]);

  // Keep the draft across reloads and tell others someone is typing here.
  useEffect(() => {
    if (text) sessionStorage.setItem(DRAFT_PREFIX + conversationId, text);
    else sessionStorage.removeItem(DRAFT_PREFIX + conversationId);
    setPresence(conversationId, text ? 'typing' : 'viewing');
  }, [text, conversationId]);

  // The preview follows the text, 250 ms after the last keystroke.
  useEffect(() => {
    if (mode === 'note' || !text.trim()) {
      setPreview(null);
      setPreviewError('');
      return;
    }
    let cancelled = false;
    const timer = window.setTimeout(() => {
      render(text)
        .then((p) => {
          if (cancelled) return;
          setPreview(p);
          setPreviewError('');
        })
        .catch((e: Error) => !cancelled && setPreviewError(e.message));
    }, 250);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [text, mode, conversationId]);

  const render = (body: string) =>
    apiSend<Preview>('POST', `/api/v1/conversations/${conversationId}/replies/preview`, { body });

  // What is sent is the rendered text: counted from the preview once it is there.
  const length = mode === 'reply' ? characters(preview?.text ?? text) : 0;
  const tooLong = props.lengthLimit !== null && length > props.lengthLimit;

  // The files as they are now, also between renders: a drop and a paste in one moment
  // must both count against the limit.
  const filesNow = useRef<File[]>([]);
  const changeFiles = (next: File[]) => {
    filesNow.current = next;
    setFiles(next);
  };
  const offerFiles = (offered: File[]) => {
    if (offered.length === 0) return;
    const checked = addFiles(filesNow.current, offered, desk.replyLimits);
    changeFiles(checked.files);
    setFileProblem(checked.problem);
  };
  const removeFile = (index: number) => {
    changeFiles(filesNow.current.filter((_, i) => i !== index));
    setFileProblem('');
  };
  // Only a drag that carries files is a drop target (dragged text goes into the box).
  const carriesFiles = (e: DragEvent) => Boolean(e.dataTransfer?.types.includes('Files'));
  const dropTarget =
    mode === 'reply' && !props.disabled
      ? {
          onDragOver: (e: DragEvent) => {
            if (!carriesFiles(e)) return;
            e.preventDefault();
            setDragging(true);
          },
          onDragLeave: (e: DragEvent) => {
            if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setDragging(false);
          },
          onDrop: (e: DragEvent) => {
            if (!carriesFiles(e)) return;
            e.preventDefault();
            setDragging(false);
            offerFiles([...(e.dataTransfer?.files ?? [])]);
          },
        }
      : {};
  // A pasted image (a screenshot) becomes a file; pasted text stays text.
  const onPaste = (e: ClipboardEvent) => {
    if (mode !== 'reply') return;
    const pasted = [...(e.clipboardData?.files ?? [])];
    if (pasted.length === 0) return;
    if (!e.clipboardData?.types.includes('text/plain')) e.preventDefault();
    const now = new Date();
    offerFiles(pasted.map((f) => (f.type.startsWith('image/') && /^image\.\w+$/.test(f.name) ? namePasted(f, now) : f)));
  };

  const send = async (blankConfirmed = false) => {
    if (sending || !text.trim() || props.disabled) return;
    if (tooLong) {
      setError(t('composer.too_long', { limit: formatNumber(props.lengthLimit ?? 0) }));
      return;
    }
    setSending(true);
    setError('');
    try {
      let message: Message;
      if (mode === 'note') {
        const mentions = [...mentioned].filter(([, label]) => text.includes('@' + label)).map(([id]) => id);
        message = await apiSend<Message>('POST', `/api/v1/conversations/${conversationId}/notes`, { body: text, mentions });
        setMentioned(new Map());
      } else {
        // Send exactly what the preview shows: the template rendered now.
        const rendered = await render(text);
        const blank = rendered.warnings.filter((w) => w.code === 'blank_variable');
        if (blank.length > 0 && !blankConfirmed) {
          setPreview(rendered);
          setBlankToConfirm(blank);
          return;
        }
        const body: Record<string, unknown> = { body: rendered.text };
        if (statusAfter) body.status = statusAfter;
        if (suggestedIntent) body.intent = suggestedIntent;
        if (props.copiesAllowed && showCopies) {
          const copies = { cc: addresses(cc), bcc: addresses(bcc) };
          const bad = [...copies.cc, ...copies.bcc].find((a) => !PLAIN_ADDRESS.test(a));
          if (bad) {
            setError(t('error.reply.copy_address', { address: bad }));
            return;
          }
          if (copies.cc.length) body.cc = copies.cc;
          if (copies.bcc.length) body.bcc = copies.bcc;
        }
        const path = `/api/v1/conversations/${conversationId}/replies`;
        if (files.length > 0) {
          setProgress(0);
          body.attachments = await Promise.all(files.map(encodeFile));
          message = await apiSendWithProgress<Message>('POST', path, body, (sent, total) =>
            setProgress(total > 0 ? Math.min(100, Math.round((sent / total) * 100)) : null),
          );
        } else {
          message = await apiSend<Message>('POST', path, body);
        }
      }
      setText('');
      setPreview(null);
      setStatusAfter('');
      setCc('');
      setBcc('');
      setShowCopies(false);
      setSuggestedIntent('');
      changeFiles([]);
      setFileProblem('');
      props.onSent(message);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSending(false);
      setProgress(null);
    }
  };

  const pick = (reply: SavedReply) => {
    setPicker(false);
    setText((old) => (old.trim() === '' || old.trim() === '/' ? reply.body : old + '\n' + reply.body));
    props.onModeChange('reply');
    if (reply.intent && !props.conversationIntent) setSuggestedIntent(reply.intent);
    requestAnimationFrame(() => area.current?.focus());
  };

  const candidates =
    mode === 'note' && mentionQuery !== null
      ? desk.agents
          .filter((a) => a.active !== false && a.id !== desk.shop.agent_id)
          .filter((a) => (a.name + ' ' + a.email).toLowerCase().includes(mentionQuery.toLowerCase()))
          .slice(0, 6)
      : [];

  const pickMention = (agent: Agent) => {
    const element = area.current;
    const caret = element?.selectionStart ?? text.length;
    const query = mentionAt(text, caret) ?? '';
    const label = mentionLabel(agent);
    const start = caret - query.length - 1;
    const next = text.slice(0, start) + '@' + label + ' ' + text.slice(caret);
    caretAfterRender.current = start + label.length + 2;
    setText(next);
    setMentioned((old) => new Map(old).set(agent.id, label));
    setMentionQuery(null);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (isComposing(event)) return;
    if (candidates.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setMentionIndex((i) => (i + step + candidates.length) % candidates.length);
        return;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        event.preventDefault();
        pickMention(candidates[Math.min(mentionIndex, candidates.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setMentionQuery(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    } else if (event.key === '/' && text.trim() === '' && mode === 'reply') {
      event.preventDefault();
      setPicker(true);
    } else if (event.key === 'Escape') {
      area.current?.blur();
    }
  };

  const warnings: LintWarning[] = preview?.warnings ?? [];
  return (
    <section class={`composer composer-${mode}${dragging ? ' dropping' : ''}`} aria-label={t('composer.title')} {...dropTarget}>
      <div class="composer-modes" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'reply'}
          class={mode === 'reply' ? 'active' : ''}
          onClick={() => props.onModeChange('reply')}
        >
          {t('composer.reply')}
        </button>
        <button
          type="button"
          role="tab"
          data-testid="note-mode"
          aria-selected={mode === 'note'}
          class={mode === 'note' ? 'active' : ''}
          onClick={() => props.onModeChange('note')}
        >
          {t('composer.note')}
        </button>
      </div>
      {mode === 'reply' && props.copiesAllowed && (
        <div class="copies">
          {!showCopies ? (
            <button type="button" class="link" data-testid="show-copies" onClick={() => setShowCopies(true)}>
              {t('composer.add_copies')}
            </button>
          ) : (
            (['cc', 'bcc'] as const).map((field) => (
              <label>
                {field === 'cc' ? 'CC' : 'BCC'}
                <input
                  type="text"
                  inputMode="email"
                  autocomplete="email"
                  data-testid={`composer-${field}`}
                  value={field === 'cc' ? cc : bcc}
                  placeholder={t('composer.copies_placeholder')}
                  onInput={(e) => (field === 'cc' ? setCc : setBcc)((e.target as HTMLInputElement).value)}
                />
              </label>
            ))
          )}
        </div>
      )}
      {picker && <ReplyPicker conversationId={conversationId} onPick={pick} onClose={() => { setPicker(false); area.current?.focus(); }} />}
      <label class="visually-hidden" for="composer-input">
        {mode === 'note' ? t('composer.note_label') : t('composer.reply_label')}
      </label>
      <textarea
        id="composer-input"
        ref={area}
        data-testid="composer-input"
        value={text}
        rows={5}
        disabled={props.disabled}
        placeholder={mode === 'note' ? t('composer.note_placeholder') : t('composer.reply_placeholder')}
        onInput={(e) => {
          const element = e.target as HTMLTextAreaElement;
          setText(element.value);
          if (mode === 'note') {
            setMentionQuery(mentionAt(element.value, element.selectionStart));
            setMentionIndex(0);
          }
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        aria-controls={candidates.length > 0 ? 'mention-options' : undefined}
      />
      {candidates.length > 0 && (
        <ul id="mention-options" class="mention-picker" role="listbox" data-testid="mention-picker" aria-label={t('composer.mention')}>
          {candidates.map((agent, index) => (
            <li
              role="option"
              aria-selected={index === mentionIndex}
              class={index === mentionIndex ? 'highlight' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pickMention(agent);
              }}
            >
              <strong>{mentionLabel(agent)}</strong> <span class="muted">{agent.email}</span>
            </li>
          ))}
        </ul>
      )}
      {mode === 'reply' && (
        <div class="composer-files">
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            data-testid="attach-input"
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              offerFiles([...(input.files ?? [])]);
              input.value = '';
            }}
          />
          <button type="button" class="link" data-testid="attach" disabled={props.disabled} onClick={() => fileInput.current?.click()}>
            {t('composer.attach')}
          </button>
          <span class="muted" data-testid="attach-limit">
            {t('composer.attach_limit', { max: sizeText(desk.replyLimits.attachment_bytes), count: desk.replyLimits.attachments })}
          </span>
          {dragging && <span class="drop-hint">{t('composer.drop_here')}</span>}
          {files.length > 0 && (
            <ul class="file-chips" aria-label={t('composer.files')}>
              {files.map((file, index) => (
                <li data-testid="attached-file" key={`${file.name}-${index}`}>
                  <span class="file-name">{file.name}</span> <span class="muted">({sizeText(file.size)})</span>
                  <button
                    type="button"
                    class="link"
                    aria-label={t('composer.remove_file', { name: file.name })}
                    disabled={sending}
                    onClick={() => removeFile(index)}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          {fileProblem && (
            <p class="error" role="alert" data-testid="file-problem">
              {fileProblem}
            </p>
          )}
        </div>
      )}
      {warnings.length > 0 && (
        <ul class="lint" aria-live="polite">
          {warnings.map((w, i) => (
            <li key={`${w.code}-${i}`} data-testid="lint-warning" data-code={w.code}>
              ⚠ {w.message}
            </li>
          ))}
        </ul>
      )}
      {mode === 'reply' && (preview || previewError) && (
        <div class="preview">
          <h3>{t('composer.preview')}</h3>
          {previewError ? (
            <p class="error" role="alert">
              {previewError}
            </p>
          ) : (
            <div class="preview-text" data-testid="composer-preview">
              {preview?.text}
            </div>
          )}
        </div>
      )}
      {mode === 'reply' && suggestedIntent && (
        <p class="intent-suggestion" data-testid="intent-suggestion" data-intent={suggestedIntent}>
          {t('composer.intent_on_send', { intent: intentLabel(suggestedIntent) })}
          <button
            type="button"
            class="link"
            data-testid="intent-suggestion-dismiss"
            aria-label={t('composer.intent_dismiss')}
            onClick={() => setSuggestedIntent('')}
          >
            ×
          </button>
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {blankToConfirm.length > 0 && (
        <div class="confirm-blank" role="alertdialog" aria-labelledby="confirm-blank-text" data-testid="confirm-blank">
          <p id="confirm-blank-text">{t('composer.blank_confirm', { count: blankToConfirm.length })}</p>
          <button type="button" data-testid="confirm-blank-send" onClick={() => void send(true)}>
            {t('composer.blank_send_anyway')}
          </button>
          <button type="button" class="primary" data-testid="confirm-blank-edit" onClick={() => { setBlankToConfirm([]); area.current?.focus(); }}>
            {t('composer.blank_edit')}
          </button>
        </div>
      )}
      <div class="composer-actions">
        {mode === 'reply' && (
          <label class="status-after">
            {t('composer.then')}
            <select value={statusAfter} onChange={(e) => setStatusAfter((e.target as HTMLSelectElement).value as Status | '')}>
              <option value="">{t('composer.keep_status')}</option>
              <option value="pending">{t('status.pending')}</option>
              <option value="resolved">{t('status.resolved')}</option>
            </select>
          </label>
        )}
        {mode === 'reply' && text && (
          <span class={tooLong ? 'length over' : 'length'} data-testid="composer-length" aria-live="polite">
            {props.lengthLimit === null
              ? t('composer.length', { count: formatNumber(length) })
              : t('composer.length_limit', { count: formatNumber(length), limit: formatNumber(props.lengthLimit) })}
          </span>
        )}
        <span class="hint">{t('composer.hint')}</span>
        <button
          type="button"
          class="primary"
          data-testid="send"
          disabled={sending || !text.trim() || props.disabled || tooLong}
          title={tooLong ? t('composer.too_long', { limit: formatNumber(props.lengthLimit ?? 0) }) : undefined}
          onClick={() => void send()}
        >
          {sending
            ? progress !== null
              ? t('composer.sending_progress', { percent: progress })
              : t('composer.sending')
            : mode === 'note' ? t('composer.add_note') : t('composer.send')}
        </button>
      </div>
    </section>
  );
}
