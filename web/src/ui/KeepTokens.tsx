// Text with the tokens a line must not split (order numbers 250-1234567-1234567, postal
// codes 〒150-0001, house and phone numbers 1-2-3, 03-1234-5678) wrapped in
// <span class="keep">, which does not break inside. Chromium otherwise breaks after a
// hyphen, in Japanese text even before a digit. Everything else is left as it is.
import type { JSX } from 'preact';

const KEEP = /〒?[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+(?:[-‐－−][0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+)+/g;

export function KeepTokens({ text }: { text: string }): JSX.Element {
  const parts: (string | JSX.Element)[] = [];
  let last = 0;
  for (const match of text.matchAll(KEEP)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(
      <span class="keep" key={at}>
        {match[0]}
      </span>,
    );
    last = at + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
