// A text input that commits on change (blur or Enter) and keeps what is being typed
// until then. A controlled <input value={committed}> would be reset to the committed value
// by any re-render in between (the inbox re-renders every second for its clocks, and on
// every live event), so a slow typist's words vanished before they were committed.
import { useEffect, useState } from 'preact/hooks';

type Props = {
  value: string;
  onCommit: (value: string) => void;
  type?: 'search' | 'text';
  list?: string;
  placeholder?: string;
};

export function CommitInput({ value, onCommit, ...rest }: Props) {
  const [draft, setDraft] = useState(value);
  // A new committed value from outside (a saved view, the URL) replaces the draft.
  useEffect(() => setDraft(value), [value]);
  return (
    <input
      {...rest}
      value={draft}
      onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
      onChange={(e) => onCommit((e.target as HTMLInputElement).value)}
    />
  );
}
