// Every call to the REST API goes through here: the session's CSRF token on changes,
// the chosen shop in X-Shop-Id, and errors turned into ApiError whose message is the
// server's reason said in the seller's language (api/errors.ts).
import { language } from '../i18n/i18n';
import { localizeError } from './errors';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason: string = code,
    readonly params: Record<string, string> = {},
    // The server's own English message, for logs and support.
    readonly detail: string = message,
  ) {
    super(message);
  }
}

interface Credentials {
  csrf: string;
  shopId: number | null;
}

const credentials: Credentials = { csrf: '', shopId: null };
let onUnauthenticated: () => void = () => {};

export function setCredentials(csrf: string, shopId: number | null): void {
  credentials.csrf = csrf;
  credentials.shopId = shopId;
}

// Called when the server says the session is gone (expired, logged out elsewhere).
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

function headers(method: string, hasBody: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language() };
  if (hasBody) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && credentials.csrf) h['X-CSRF-Token'] = credentials.csrf;
  if (credentials.shopId !== null) h['X-Shop-Id'] = String(credentials.shopId);
  return h;
}

const networkError = () =>
  new ApiError(0, 'network', language() === 'ja'
    ? 'サーバーに接続できません。ネットワークを確認してください。'
    : 'Cannot reach the server. Check the network.');

// The ApiError of a refused call, from its status and the body's text.
function refusal(status: number, statusText: string, text: string, path: string): ApiError {
  let code = 'http_' + status;
  let reason = code;
  let params: Record<string, string> = {};
  let detail = statusText || code;
  try {
    const payload = JSON.parse(text) as {
      error?: { code: string; reason?: string; params?: Record<string, string>; message: string };
    };
    if (payload.error) {
      code = payload.error.code;
      reason = payload.error.reason ?? code;
      params = payload.error.params ?? {};
      detail = payload.error.message;
    }
  } catch {
    // Not JSON: keep the status text.
  }
  if (status === 401 && !path.endsWith('/session')) onUnauthenticated();
  return new ApiError(status, code, localizeError(code, reason, params, detail), reason, params, detail);
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(method, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw networkError();
  }
  if (response.ok) return response;
  throw refusal(response.status, response.statusText, await response.text().catch(() => ''), path);
}

// apiSend for a large body (a reply with files): `onProgress` is told the bytes sent
// so far and in all while it goes up, which fetch cannot tell.
export function apiSendWithProgress<T>(
  method: string,
  path: string,
  body: unknown,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    for (const [name, value] of Object.entries(headers(method, true))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.status === 204 ? undefined : JSON.parse(xhr.responseText)) as T);
        } catch {
          reject(networkError());
        }
      } else {
        reject(refusal(xhr.status, xhr.statusText, xhr.responseText, path));
      }
    };
    xhr.send(JSON.stringify(body));
  });
}

export async function apiGet<T>(path: string): Promise<T> {
  return (await (await send('GET', path)).json()) as T;
}

export async function apiSend<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

// The bytes of a download (CSV, attachments) as a Blob, authenticated like any call.
export async function apiBlob(path: string): Promise<Blob> {
  return (await send('GET', path)).blob();
}

// Saves a Blob as a file the browser downloads.
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}
