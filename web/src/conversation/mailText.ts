// A mail's plain text split the way a careful reader skims it: the new words, the
// signature (after an RFC 3676 "-- " line) and the quoted history (a trailing block of
// "> " lines with the header that introduces it, or everything after an "Original
// Message" / 元のメッセージ separator). Interleaved answers (quotes with new text after
// them) are never hidden: only a quote that runs to the end of the mail counts.
export interface MailTextParts {
  body: string;
  signature: string;
  quoted: string;
}

const SEPARATOR = /^\s*-{2,}\s*(original message|forwarded message|元のメッセージ|転送されたメッセージ|転送メッセージ)\s*-*\s*$/i;
// "On Mon, 3 Dec 2026 at 10:00, Taro <t@example.jp> wrote:", "2026年12月3日(木) 10:00 山田 <...>:",
// "山田様のメッセージ:", "… wrote:" and the like: a line ending in a colon (or "wrote")
// just before the quote.
const QUOTE_HEADER = /([:：]|wrote)\s*$/i;

export function splitMailText(text: string): MailTextParts {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let quoteStart = lines.length;
  const separator = lines.findIndex((line) => SEPARATOR.test(line));
  if (separator > 0) quoteStart = separator;
  // A trailing run of quoted (or blank) lines.
  let run = lines.length;
  while (run > 0 && (lines[run - 1].startsWith('>') || lines[run - 1].trim() === '')) run--;
  if (run < lines.length && lines.slice(run).some((line) => line.startsWith('>'))) {
    let start = run;
    // The header line that introduces it ("… wrote:"), a blank line or two above.
    let above = start - 1;
    while (above >= 0 && lines[above].trim() === '') above--;
    if (above >= 0 && above >= start - 3 && QUOTE_HEADER.test(lines[above].trim())) start = above;
    if (start > 0) quoteStart = Math.min(quoteStart, start);
  }
  let bodyEnd = quoteStart;
  let signature = '';
  const sig = lines.slice(0, quoteStart).findIndex((line) => line === '-- ' || line === '--');
  if (sig > 0) {
    signature = lines.slice(sig, quoteStart).join('\n').trimEnd();
    bodyEnd = sig;
  }
  return {
    body: lines.slice(0, bodyEnd).join('\n').trimEnd(),
    signature,
    quoted: lines.slice(quoteStart).join('\n').trimEnd(),
  };
}

// Over this, a message is shown shortened with "show all".
export const LONG_LINES = 40;
export const LONG_CHARS = 4000;
// What a shortened message shows.
export const SHORT_LINES = 20;

export function isLong(text: string): boolean {
  return text.length > LONG_CHARS || text.split('\n').length > LONG_LINES;
}

export function shorten(text: string): string {
  const lines = text.split('\n').slice(0, SHORT_LINES).join('\n');
  return lines.length > LONG_CHARS / 2 ? lines.slice(0, LONG_CHARS / 2) : lines;
}
