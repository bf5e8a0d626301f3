// An IMAP or SMTP server as a seller enters it (host, port, security, user, and the
// IMAP folder) and as the API stores it (a URL, plus smtp_starttls). IMAP offers SSL/TLS
// (imaps://) or none; SMTP SSL/TLS (smtps://), STARTTLS (smtp:// with STARTTLS
// required) or none.
export type MailProtocol = 'imap' | 'smtp';
export type Security = 'ssl' | 'starttls' | 'none';

export interface MailServer {
  host: string;
  port: string;
  security: Security;
  user: string;
  folder: string; // IMAP only
}

export const SECURITIES: Record<MailProtocol, Security[]> = {
  imap: ['ssl', 'none'],
  smtp: ['starttls', 'ssl', 'none'],
};

export function defaultPort(protocol: MailProtocol, security: Security): string {
  if (protocol === 'imap') return security === 'ssl' ? '993' : '143';
  return security === 'ssl' ? '465' : security === 'starttls' ? '587' : '25';
}

export function emptyServer(protocol: MailProtocol): MailServer {
  const security = SECURITIES[protocol][0];
  return { host: '', port: defaultPort(protocol, security), security, user: '', folder: 'INBOX' };
}

// The server of a stored URL ("" gives the empty form).
export function parseServer(protocol: MailProtocol, url: string, user: string, starttls: boolean): MailServer {
  const server = { ...emptyServer(protocol), user };
  const match = /^([a-z]+):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?(\/.*)?$/i.exec(url.trim());
  if (!match) return server;
  const scheme = match[1].toLowerCase();
  const secure = scheme === 'imaps' || scheme === 'smtps';
  server.security = secure ? 'ssl' : protocol === 'smtp' && starttls ? 'starttls' : 'none';
  server.host = match[2];
  server.port = match[3] ?? defaultPort(protocol, server.security);
  if (protocol === 'imap') {
    const path = (match[4] ?? '').replace(/^\//, '');
    server.folder = path ? decodeURIComponent(path) : 'INBOX';
  }
  return server;
}

// The API's URL for the server ("" when no host is given: not configured).
export function serverUrl(protocol: MailProtocol, server: MailServer): string {
  const host = server.host.trim();
  if (!host) return '';
  const scheme = protocol + (server.security === 'ssl' ? 's' : '');
  const port = server.port.trim() || defaultPort(protocol, server.security);
  const folder = protocol === 'imap' ? '/' + encodeURIComponent(server.folder.trim() || 'INBOX') : '';
  return `${scheme}://${host}:${port}${folder}`;
}

// What is wrong with the entry, as a catalogue key, or null.
export function serverProblem(server: MailServer): 'host' | 'port' | null {
  if (server.host.trim() && /[\s/:@]/.test(server.host.trim().replace(/^\[.*\]$/, ''))) return 'host';
  const port = server.port.trim();
  if (port && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) return 'port';
  return null;
}
