// The link-styled button under a message that shows (or hides again) what the mail view
// folded: quoted history, a signature, the rest of a long message.
import type { ComponentChildren } from 'preact';

export function FoldButton(props: { testId: string; expanded?: boolean; onClick: () => void; children: ComponentChildren }) {
  return (
    <p class="fold">
      <button type="button" class="link" data-testid={props.testId} aria-expanded={props.expanded} onClick={props.onClick}>
        {props.children}
      </button>
    </p>
  );
}
