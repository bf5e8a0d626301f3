// A mail's HTML, shown only inside a sandboxed iframe: no scripts (no allow-scripts),
// no same-origin access, and a CSP of its own that loads no remote content until the
// agent allows images for this message. Links open in a new tab outside the sandbox.
// It is shown at its natural height, measured in a second, hidden copy that is
// same-origin (so the desk can read its height) but still runs no scripts; the quoted
// history (Gmail, Outlook, Apple Mail, Yahoo quote markup) is folded behind a button,
// and a very tall mail is cut with "show all".
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { FoldButton } from './FoldButton';

// The server's sanitizer moves every remote image address to data-blocked-src (the
// sender would learn that, and when, the mail was read); showing images moves it back.
const BLOCKED = /\sdata-blocked-src=/g;

export function hasRemoteContent(html: string): boolean {
  return /\sdata-blocked-src=/.test(html);
}

const QUOTED_MARKUP = /<blockquote|class="?[^"]*(gmail_quote|yahoo_quoted)|id="?(divRplyFwdMsg|appendonsend)/i;
const HIDE_QUOTED =
  '<style>blockquote,.gmail_quote,.yahoo_quoted,[id^=divRplyFwdMsg],[id^=divRplyFwdMsg]~*,' +
  '#appendonsend~*{display:none!important}</style>';
// Taller than this, a mail is cut with "show all".
const TALL_PX = 1200;

export function hasQuotedMarkup(html: string): boolean {
  return QUOTED_MARKUP.test(html);
}

function documentFor(html: string, allowRemote: boolean, hideQuoted = false): string {
  const images = allowRemote ? 'data: cid: https: http:' : 'data: cid:';
  const csp =
    `default-src 'none'; img-src ${images}; style-src 'unsafe-inline'; font-src data:; ` +
    `media-src 'none'; script-src 'none'; form-action 'none'; base-uri 'none'`;
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<base target="_blank">' +
    '<style>html,body{margin:0;padding:0;font-family:sans-serif;font-size:14px;line-height:1.6;' +
    'color:#1a202c;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}</style>' +
    (hideQuoted ? HIDE_QUOTED : '') +
    '</head><body>' +
    (allowRemote ? html.replace(BLOCKED, ' src=') : html) +
    '</body></html>'
  );
}

export function MailFrame({ html }: { html: string }) {
  const remote = useMemo(() => hasRemoteContent(html), [html]);
  const quoted = useMemo(() => hasQuotedMarkup(html), [html]);
  const [allowRemote, setAllowRemote] = useState(false);
  const [showQuoted, setShowQuoted] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const measure = useRef<HTMLIFrameElement>(null);
  const [natural, setNatural] = useState(0);
  const doc = documentFor(html, allowRemote, quoted && !showQuoted);

  // The hidden copy's height, read when it (and its images) loaded and whenever the
  // width changes; 0 until known.
  const remeasure = () => {
    const root = measure.current?.contentDocument?.documentElement;
    if (root) setNatural(Math.ceil(root.scrollHeight));
  };
  useLayoutEffect(() => {
    const frame = measure.current;
    if (!frame || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(remeasure);
    observer.observe(frame);
    return () => observer.disconnect();
  }, []);
  useEffect(() => setNatural(0), [doc]);

  const tall = natural > TALL_PX && !showAll;
  const height = natural === 0 ? 160 : tall ? TALL_PX : Math.max(natural, 24);
  return (
    <div class="mail-html">
      {remote && !allowRemote && (
        <div class="remote-blocked">
          <span>{t('mail.remote_blocked')}</span>
          <button type="button" data-testid="show-images" onClick={() => setAllowRemote(true)}>
            {t('mail.show_images')}
          </button>
        </div>
      )}
      <div class="mail-frames">
        <iframe
          data-testid="mail-html"
          title={t('mail.frame_title')}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          referrerpolicy="no-referrer"
          srcdoc={doc}
          style={{ height: `${height}px` }}
          data-natural-height={natural}
        />
        <iframe
          ref={measure}
          class="mail-measure"
          aria-hidden="true"
          tabIndex={-1}
          sandbox="allow-same-origin"
          referrerpolicy="no-referrer"
          srcdoc={doc}
          onLoad={remeasure}
        />
      </div>
      {tall && (
        <FoldButton testId="mail-show-all" onClick={() => setShowAll(true)}>
          {t('message.show_all_mail')}
        </FoldButton>
      )}
      {quoted && (
        <FoldButton testId="mail-show-quoted" expanded={showQuoted} onClick={() => setShowQuoted(!showQuoted)}>
          {showQuoted ? t('mail.hide_quoted') : t('mail.show_quoted')}
        </FoldButton>
      )}
    </div>
  );
}
