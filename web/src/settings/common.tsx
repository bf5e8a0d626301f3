// What every settings section shares: loading a resource, the outcome of a save
// (the server's message in role="alert", success in role="status"), the read-only
// note for roles that may not change a section, and labelled fields.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { apiGet } from '../api/client';
import { t } from '../i18n/i18n';

export interface Loaded<T> {
  data: T | null;
  error: string;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

export function useLoad<T>(path: string): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    apiGet<T>(path)
      .then((d) => {
        if (cancelled) return;
        setData(d);
        setError('');
      })
      .catch((e: Error) => !cancelled && setError(e.message))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

// Loading and load errors of a section, before its form.
export function LoadState({ state }: { state: Pick<Loaded<unknown>, "data" | "error" | "loading" | "reload"> }) {
  if (state.error) {
    return (
      <div class="load-error">
        <p class="error" role="alert">
          {t('settings.load_failed', { message: state.error })}
        </p>
        <button type="button" onClick={state.reload}>
          {t('settings.retry')}
        </button>
      </div>
    );
  }
  if (state.loading && state.data === null) return <p class="loading">{t('common.loading')}</p>;
  return null;
}

// One save at a time, with its outcome.
export function useSave() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError('');
    setStatus('');
    try {
      setStatus(await action());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const fail = (message: string) => {
    setStatus('');
    setError(message);
  };
  const clear = () => {
    setError('');
    setStatus('');
  };
  return { busy, error, status, run, fail, clear };
}

// The end of a settings form: what the last save said, then Save (and Cancel when the
// form can be left without saving).
export function SaveActions(props: {
  save: { busy: boolean; error: string; status: string };
  label?: string;
  onCancel?: () => void;
}) {
  return (
    <>
      <Outcome error={props.save.error} status={props.save.status} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={props.save.busy}>
          {props.label ?? t('common.save')}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </>
  );
}

export function Outcome({ error, status }: { error: string; status: string }) {
  return (
    <div class="outcome">
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="saved" role="status">
        {status}
      </p>
    </div>
  );
}

export function ReadOnlyNote({ text }: { text?: string }) {
  return <p class="read-only-note">{text ?? t('settings.read_only')}</p>;
}

export function SectionHead(props: { id: string; title: string; lead?: string; children?: ComponentChildren }) {
  return (
    <div class="section-head">
      <h2 id={props.id}>{props.title}</h2>
      {props.lead && <p class="muted">{props.lead}</p>}
      {props.children}
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  required?: boolean;
  hint?: string;
  placeholder?: string;
  autocomplete?: string;
  min?: number;
  max?: number;
  list?: string;
  disabled?: boolean;
  inputMode?: 'numeric' | 'text' | 'email';
}

export function Field(props: FieldProps) {
  const hintId = props.hint ? props.id + '-hint' : undefined;
  return (
    <div class="field">
      <label for={props.id}>
        {props.label}
        {props.required && <span class="required"> {t('settings.required')}</span>}
      </label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        placeholder={props.placeholder}
        autocomplete={props.autocomplete ?? 'off'}
        min={props.min}
        max={props.max}
        list={props.list}
        disabled={props.disabled}
        inputMode={props.inputMode}
        aria-describedby={hintId}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.hint && (
        <p class="hint muted" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

export function Check(props: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string; disabled?: boolean }) {
  const hintId = props.hint ? props.id + '-hint' : undefined;
  return (
    <div class="check">
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={hintId}
        onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)}
      />
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint muted" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}
