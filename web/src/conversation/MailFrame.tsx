// A mail's HTML, shown only inside a sandboxed iframe: no scripts (no allow-scripts),
// no same-origin access, and a CSP of its own that loads no remote content until the
// agent allows images for this message. Links open in a new tab outside the sandbox.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';

// The server's sanitizer moves every remote image address to data-blocked-src (the
// sender would learn that, and when, the mail was read); showing images moves it back.
const BLOCKED = /\sdata-blocked-src=/g;

export function hasRemoteContent(html: string): boolean {
  return /\sdata-blocked-src=/.test(html);
}

function documentFor(html: string, allowRemote: boolean): string {
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
    '</head><body>' +
    (allowRemote ? html.replace(BLOCKED, ' src=') : html) +
    '</body></html>'
  );
}

export function MailFrame({ html }: { html: string }) {
  const remote = useMemo(() => hasRemoteContent(html), [html]);
  const [allowRemote, setAllowRemote] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(120);

  // The sandboxed document cannot report its height (no scripts); the parent may read
  // it only while same-origin, which it is not. A fixed, resizable height it is.
  useEffect(() => setHeight(Math.min(600, 120 + Math.floor(html.length / 20))), [html]);

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
      <iframe
        ref={frame}
        data-testid="mail-html"
        title={t('mail.frame_title')}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerpolicy="no-referrer"
        srcdoc={documentFor(html, allowRemote)}
        style={{ height: `${height}px` }}
      />
    </div>
  );
}
