// Browser tests of the agent web UI against the real shopdesk binary (Node stdlib and
// playwright-core only; nothing is downloaded at test time).
//
// - freePort(), waitFor(); tempDir() (a fresh directory removed at exit).
// - SmtpSink: tests/integration/smtp_sink.py in its own process; messages() lists what it
//   accepted (envelope and raw bytes), waitForMessages(n).
// - Desk: the shopdesk binary ($SHOPDESK_BINARY, else build/release/shopdesk) on a
//   database of its own: SQLite in the temp dir, or with SHOPDESK_TEST_BACKEND=postgresql a
//   database of a throw-away cluster (tests/integration/postgres_cluster.py). setup() adds
//   the shop "sakura", an SMTP channel pointing at the sink and an owner with a password;
//   serve() starts `shopdesk serve`; api(), ingest(), savedReply() talk to it.
// - TestClock: every Desk (its processes and its browser contexts) runs on a clock the
//   test sets, not the machine's; desk.now() and desk.hoursAgo(h) read it.
// - mail(): a raw UTF-8 mail (RFC 2047 headers, optional Date and HTML part).
// - launchBrowser(), newContext(), watchPage(): Chromium (Debian's /usr/bin/chromium) and a
//   page that records every console error, page error, failed request and HTTP error
//   answer; assertClean(page) fails the test on any not explicitly expected.
//
// Every process started here is stopped at exit, on SIGTERM/SIGINT and on failure; the
// servers also get SIGTERM from the kernel when this process dies outright (setpriv
// --pdeathsig), so no server is ever left behind.
import { spawn, spawnSync } from 'node:child_process';
import { after, afterEach, before } from 'node:test';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromWeb = createRequire(path.join(ROOT, 'web', 'package.json'));
export const BINARY = process.env.SHOPDESK_BINARY || path.join(ROOT, 'build', 'release', 'shopdesk');
export const BACKEND = process.env.SHOPDESK_TEST_BACKEND || 'sqlite';
export const PYTHON = '/usr/bin/python3'; // Debian's, which has aiosmtpd
export const CHROMIUM = process.env.SHOPDESK_CHROMIUM || '/usr/bin/chromium';
export const OWNER_EMAIL = 'owner@sakura.example';
export const OWNER_PASSWORD = 'correct horse battery staple';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export { sleep };

// ---------------------------------------------------------------------------------------
// Cleanup: everything registered here runs once, in reverse order, whatever happens.

const cleanups = []; // {name, sync: fn} – must be synchronous (they also run in 'exit')
let cleanedUp = false;

export function onCleanup(name, fn) {
  const entry = { name, fn };
  cleanups.push(entry);
  return () => { // run it now and forget it
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
    try { fn(); } catch (e) { console.error(`cleanup ${name}: ${e.message}`); }
  };
}

export function cleanupAll() {
  if (cleanedUp) return;
  cleanedUp = true;
  while (cleanups.length) {
    const { name, fn } = cleanups.pop();
    try { fn(); } catch (e) { console.error(`cleanup ${name}: ${e.message}`); }
  }
}

process.on('exit', cleanupAll);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    cleanupAll();
    process.exit(128 + os.constants.signals[signal]);
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Stops a child synchronously: SIGTERM, up to `graceMs`, then SIGKILL. */
function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null || !alive(child.pid)) return;
  try { process.kill(child.pid, 'SIGTERM'); } catch { return; }
  const deadline = Date.now() + graceMs;
  while (alive(child.pid) && Date.now() < deadline) spawnSync('sleep', ['0.05']);
  if (alive(child.pid)) {
    try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/** spawn() of a child that gets SIGTERM when this process dies, stopped at cleanup. */
export function spawnChild(name, command, args, options = {}) {
  const child = spawn('setpriv', ['--pdeathsig', 'SIGTERM', '--', command, ...args], {
    stdio: ['ignore', 'ignore', 'ignore'],
    ...options,
  });
  child.stop = onCleanup(name, () => stopChild(child));
  child.on('exit', () => { child.exited = true; });
  child.unref(); // servers never keep this process alive: the 'exit' handler stops them
  return child;
}

// ---------------------------------------------------------------------------------------
// Small helpers

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Calls `predicate` (sync or async) until it returns something truthy; returns that. */
export async function waitFor(predicate, { timeout = 15000, interval = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}` + (last ? `: ${last.message}` : ''));
    }
    await sleep(interval);
  }
}

/** A fresh directory (mode 0755: the postgres user may have to enter it), removed at exit
 * unless SHOPDESK_KEEP_TMP is set. */
export function tempDir(prefix = 'shopdesk-browser-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  onCleanup(`rm ${dir}`, () => {
    if (!process.env.SHOPDESK_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

// ---------------------------------------------------------------------------------------
// SMTP sink: tests/integration/smtp_sink.py (one .eml and one .json per message)

export class SmtpSink {
  static async start(tmp) {
    const sink = new SmtpSink();
    sink.dir = path.join(tmp, `smtp-${process.hrtime.bigint()}`);
    fs.mkdirSync(sink.dir);
    sink.port = await freePort();
    sink.process = spawnChild('smtp sink', PYTHON,
      [path.join(ROOT, 'tests', 'integration', 'smtp_sink.py'), String(sink.port), sink.dir]);
    await waitFor(() => {
      if (sink.process.exited) throw new Error(`the SMTP sink exited with ${sink.process.exitCode}`);
      return fs.existsSync(path.join(sink.dir, 'ready'));
    }, { what: 'the SMTP sink' });
    sink.url = `smtp://127.0.0.1:${sink.port}`;
    return sink;
  }

  /** Every accepted message in arrival order: {envelope: {mail_from, rcpt_tos}, raw: Buffer, text}. */
  messages() {
    return fs.readdirSync(this.dir).filter((f) => f.endsWith('.eml')).sort().map((f) => {
      const raw = fs.readFileSync(path.join(this.dir, f));
      const envelope = JSON.parse(fs.readFileSync(path.join(this.dir, f.slice(0, -4) + '.json'), 'utf8'));
      return { envelope, raw, text: raw.toString('utf8') };
    });
  }

  async waitForMessages(n, timeout = 20000) {
    return waitFor(() => { const m = this.messages(); return m.length >= n ? m : null; },
      { timeout, what: `${n} message(s) at the SMTP sink` });
  }
}

// ---------------------------------------------------------------------------------------
// Databases

let cluster = null; // {base url, dir} of this process's throw-away PostgreSQL cluster
let databases = 0;

function postgresDatabase() {
  if (!cluster) {
    const script = path.join(ROOT, 'tests', 'integration', 'postgres_cluster.py');
    const r = spawnSync(PYTHON, [script, 'start'], { encoding: 'utf8', timeout: 120000 });
    if (r.status !== 0) throw new Error(`postgres_cluster.py start failed: ${r.stderr}`);
    const [url, dir] = r.stdout.trim().split(/\s+/);
    cluster = { url, dir, first: true };
    onCleanup('postgres cluster', () => {
      spawnSync(PYTHON, [script, 'stop', dir], { timeout: 60000 });
    });
  }
  if (cluster.first) { // the database the script made
    cluster.first = false;
    return cluster.url;
  }
  const base = cluster.url.replace(/\/[^/]*$/, '');
  const name = `browser_${++databases}`;
  const psql = spawnSync('sh', ['-c', 'ls /usr/lib/postgresql/*/bin/psql | sort | tail -1'], { encoding: 'utf8' }).stdout.trim();
  const r = spawnSync(psql, ['-q', '-d', `${base}/postgres`, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`CREATE DATABASE failed: ${r.stderr}`);
  return `${base}/${name}`;
}

export function databaseUrl(tmp) {
  return BACKEND === 'postgresql' ? postgresDatabase() : `sqlite:${path.join(tmp, 'shopdesk.db')}`;
}

// ---------------------------------------------------------------------------------------
// Mail

function encodedWord(text) {
  // eslint-disable-next-line no-control-regex
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** An RFC 5322 date, e.g. "Tue, 02 Jun 2026 09:00:00 +0000". */
export function rfc5322Date(date) {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

let mailCount = 0;

/**
 * A raw UTF-8 mail as a Buffer. `from` is "Name <address>" (the name RFC 2047-encoded).
 * With `html`, a multipart/alternative with the text and the HTML part.
 */
export function mail({ subject = 'お問い合わせ', text = 'よろしくお願いします。', html = null,
  from = '山田 太郎 <taro@example.jp>', messageId = null, date = null, extra = '' } = {}) {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  const fromHeader = m ? `${encodedWord(m[1])} <${m[2]}>` : from;
  const id = messageId || `browser-${process.pid}-${Date.now()}-${++mailCount}@example.jp`;
  let headers = `From: ${fromHeader}\r\nTo: support@sakura.example\r\nSubject: ${encodedWord(subject)}\r\n`
    + `Message-ID: <${id}>\r\n`;
  if (date) headers += `Date: ${rfc5322Date(date)}\r\n`;
  headers += extra + 'MIME-Version: 1.0\r\n';
  if (!html) {
    return Buffer.from(`${headers}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`, 'utf8');
  }
  const boundary = `b-${id.replace(/[^a-z0-9]/gi, '')}`;
  return Buffer.from(`${headers}Content-Type: multipart/alternative; boundary="${boundary}"\r\n\r\n`
    + `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`
    + `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${html}\r\n`
    + `--${boundary}--\r\n`, 'utf8');
}

// ---------------------------------------------------------------------------------------
// shopdesk

// The test clock (docs/sla.md, "Tests at any hour"): the time a test sees never comes
// from the machine. Every shopdesk process of a Desk runs with `--test-clock TIME@ANCHOR`
// (its clock read TIME at the real instant ANCHOR and advances in real time), and the
// pages of every browser context of it see the same time in Date (newContext), so
// countdowns and urgencies are computed on one clock. The default start is an ordinary
// Wednesday morning in Tokyo (SHOPDESK_TEST_NOW=ISO overrides it to explore); mail
// dates are written from desk.now(), never from Date.now().
export const TEST_NOW = process.env.SHOPDESK_TEST_NOW || '2026-11-25T10:30:00+09:00';

export class TestClock {
  constructor(start = TEST_NOW, anchor = Date.now()) {
    this.start = Date.parse(start);
    if (Number.isNaN(this.start)) throw new Error(`test clock: '${start}' is not an ISO 8601 time`);
    this.anchor = anchor;
  }

  /** Milliseconds since the epoch on the test clock. */
  now() { return this.start + (Date.now() - this.anchor); }

  /** How far the test clock is ahead of the real one, in ms. */
  offset() { return this.start - this.anchor; }

  /** The --test-clock value that puts a shopdesk process on this timeline. */
  option() { return `${new Date(this.start).toISOString()}@${(this.anchor / 1000).toFixed(3)}`; }
}

export class Desk {
  /** A Desk on a database of its own, with an SMTP sink, set up (shop, channel, owner)
   * and serving, on a test clock that starts at `now` (ISO 8601; default TEST_NOW).
   * Options: {serve: false} to set up only; {serveArgs: [...]}. */
  static async start({ serve = true, serveArgs = [], tmp = null, now = TEST_NOW } = {}) {
    const desk = new Desk();
    desk.clock = new TestClock(now);
    desk.tmp = tmp || tempDir();
    desk.screenshots = path.join(desk.tmp, 'screenshots');
    fs.mkdirSync(desk.screenshots, { recursive: true });
    desk.smtp = await SmtpSink.start(desk.tmp);
    desk.db = databaseUrl(desk.tmp);
    desk.setup();
    if (serve) await desk.serve(...serveArgs);
    return desk;
  }

  /** Milliseconds since the epoch on this desk's test clock: what its processes read. */
  now() { return this.clock.now(); }

  /** A Date `hours` hours before the test clock's now. */
  hoursAgo(hours) { return new Date(this.now() - hours * 3600 * 1000); }

  /** The options every shopdesk command of this desk gets: database and test clock. */
  commonArgs() { return ['--db', this.db, '--test-clock', this.clock.option()]; }

  run(args, { input = undefined, check = true } = {}) {
    const r = spawnSync(BINARY, [...args, ...this.commonArgs()], { input, timeout: 120000, maxBuffer: 64 << 20 });
    if (check && r.status !== 0) {
      throw new Error(`shopdesk ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
    }
    return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  }

  setup(slug = 'sakura') {
    this.run(['shop', 'add', slug, '--name', 'さくら雑貨店']);
    this.run(['channel', 'add', '--shop', slug, '--name', 'support', '--address', `support@${slug}.example`,
      '--display-name', 'さくら雑貨店 サポート', '--smtp-url', this.smtp.url]);
    this.token = this.run(['user', 'add', '--shop', slug, '--email', OWNER_EMAIL, '--name', '佐藤 花子',
      '--role', 'owner']).stdout.trim();
    this.run(['user', 'password', '--email', OWNER_EMAIL], { input: OWNER_PASSWORD + '\n' });
    this.email = OWNER_EMAIL;
    this.password = OWNER_PASSWORD;
  }

  async serve(...extra) {
    this.port = await freePort();
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    this.logPath = path.join(this.tmp, `serve-${this.port}.log`);
    const log = fs.openSync(this.logPath, 'a');
    this.server = spawnChild('shopdesk serve', BINARY, ['serve', ...this.commonArgs(), '--listen',
      `127.0.0.1:${this.port}`, '--send-seconds', '0.2', ...extra], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    await waitFor(async () => {
      if (this.server.exited) throw new Error(`shopdesk serve exited: ${this.log()}`);
      try {
        return (await fetch(`${this.baseUrl}/healthz`)).status === 200;
      } catch {
        return false;
      }
    }, { what: 'shopdesk serve /healthz' }).catch((e) => { throw new Error(`${e.message}\n${this.log()}`); });
    const channels = await this.api('GET', '/api/v1/channels');
    const support = channels.body.items.find((c) => c.name === 'support');
    if (!support) throw new Error(`no channel "support": ${JSON.stringify(channels.body)}`);
    this.channelId = support.id;
    const shops = await this.api('GET', '/api/v1/shops');
    this.shopId = shops.body.items[0].id;
  }

  log() {
    try { return fs.readFileSync(this.logPath, 'utf8'); } catch { return ''; }
  }

  stop() {
    if (this.server) this.server.stop();
    this.server = null;
  }

  /** {status, body (parsed JSON or text), headers} of an API call with the owner's token. */
  async api(method, urlPath, { body = undefined, raw = undefined, token = this.token, headers = {} } = {}) {
    const h = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    let payload = raw;
    if (body !== undefined) {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(this.baseUrl + urlPath, { method, headers: h, body: payload });
    const text = await response.text();
    let parsed = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /** Stores a raw mail (Buffer or mail() options) through the API; returns the answer
   * ({message_id, conversation_id, ...}). */
  async ingest(rawOrOptions) {
    const raw = Buffer.isBuffer(rawOrOptions) ? rawOrOptions : mail(rawOrOptions);
    const r = await this.api('POST', `/api/v1/channels/${this.channelId}/messages`, {
      raw, headers: { 'Content-Type': 'message/rfc822' },
    });
    if (r.status !== 201 && r.status !== 200) throw new Error(`ingest: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async savedReply({ title, body, shortcut = undefined, tags = undefined, language = undefined }) {
    const r = await this.api('POST', '/api/v1/saved-replies', { body: { title, body, shortcut, tags, language } });
    if (r.status !== 201) throw new Error(`saved reply: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async conversation(id) {
    const r = await this.api('GET', `/api/v1/conversations/${id}`);
    if (r.status !== 200) throw new Error(`conversation ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

// ---------------------------------------------------------------------------------------
// Browser

export function playwright() {
  return requireFromWeb('playwright-core');
}

export async function launchBrowser() {
  const { chromium } = playwright();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
    headless: true,
  });
  // Playwright also kills Chromium when this process exits; close() is the polite way.
  const pid = browser.process?.()?.pid;
  onCleanup('chromium', () => {
    if (pid && alive(pid)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  });
  return browser;
}

/** A fresh context on the desk (baseURL set), optionally logged in through the API
 * (the session cookie is shared with the pages of the context). */
export async function newContext(browser, desk, { login = false, ...options } = {}) {
  const context = await browser.newContext({ baseURL: desk.baseUrl, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', ...options });
  if (desk.clock) await context.addInitScript(shiftDate, desk.clock.offset());
  if (login) await loginApi(context, desk);
  return context;
}

/** An init script: the page's Date reads the desk's test clock (real time shifted by
 * `offset` ms), so the UI's countdowns, urgencies and "today" compare the server's times
 * with the clock the server used. Only Date moves: timers, requestAnimationFrame and
 * performance (marks, measures) stay real, which Playwright's clock.install() would
 * replace too. */
function shiftDate(offset) {
  const RealDate = Date;
  class TestClockDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }

    static now() { return RealDate.now() + offset; }
  }
  globalThis.Date = TestClockDate;
}

export async function loginApi(context, desk) {
  const r = await context.request.post('/api/v1/session', { data: { email: desk.email, password: desk.password } });
  if (r.status() !== 200) throw new Error(`login: ${r.status()} ${await r.text()}`);
  return r.json();
}

/**
 * A new page of `context` that records every problem in page.problems:
 * console errors (and warnings with `warnings: true`), uncaught page errors, failed
 * requests (net::ERR_ABORTED of a request cut off by a navigation is not one) and HTTP
 * answers >= 400. `expect` is a list of RegExps: problems matching one are recorded in
 * page.expected instead (a test that expects an error says so there).
 */
export async function watchPage(context, { expect = [], warnings = false } = {}) {
  const page = await context.newPage();
  page.problems = [];
  page.expected = [...expect];
  const record = (kind, text) => {
    const line = `${kind}: ${text}`;
    if (page.expected.some((re) => re.test(line))) {
      (page.allowed ||= []).push(line);
    } else {
      page.problems.push(line);
    }
  };
  page.on('console', (msg) => {
    if (msg.type() === 'error' || (warnings && msg.type() === 'warning')) {
      const loc = msg.location();
      record(`console.${msg.type()}`, `${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => record('pageerror', `${error.message}\n${error.stack || ''}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText || '';
    if (failure === 'net::ERR_ABORTED' && request.resourceType() !== 'document') return; // cut off by navigation/abort
    record('requestfailed', `${request.method()} ${request.url()} ${failure}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      record('http', `${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  return page;
}

export function assertClean(page, what = 'the page') {
  if (page.problems.length) {
    throw new Error(`${what}: ${page.problems.length} problem(s) in the browser:\n  ${page.problems.join('\n  ')}`);
  }
}

/** Opens conversation `id`, types "/" in its empty composer and waits for the
 * saved-reply picker with the focus in its search field. */
export async function openReplyPicker(page, id) {
  await page.goto(`/conversations/${id}`);
  await page.locator('[data-testid=conversation] [data-testid=message]').first().waitFor({ timeout: 10000 });
  const composer = page.locator('textarea[data-testid=composer-input]');
  await composer.click();
  await page.keyboard.type('/');
  const picker = page.locator('[data-testid=reply-picker]');
  await picker.waitFor({ timeout: 5000 });
  const search = page.locator('[data-testid=reply-search]');
  await waitFor(() => search.evaluate((el) => el === document.activeElement),
    { timeout: 3000, what: 'focus in [data-testid=reply-search]' });
  return { composer, picker, search };
}

/** Saves a full-page screenshot in desk.screenshots; returns its path. */
export async function screenshot(page, desk, name) {
  const file = path.join(desk.screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Copies the screenshots to $SHOPDESK_SCREENSHOT_DIR when set (the temp dir goes away). */
export function keepScreenshots(desk) {
  const target = process.env.SHOPDESK_SCREENSHOT_DIR;
  if (!target || !desk?.screenshots) return;
  fs.mkdirSync(target, { recursive: true });
  for (const f of fs.readdirSync(desk.screenshots)) {
    fs.copyFileSync(path.join(desk.screenshots, f), path.join(target, f));
  }
}

/** The text of a received mail: its first text/plain part, transfer encoding (base64,
 * quoted-printable) and charset (UTF-8, ISO-2022-JP, Shift_JIS...) decoded. */
export function mailText(raw) {
  const source = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
  const split = (s) => {
    const i = s.search(/\r?\n\r?\n/);
    return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i).replace(/^\r?\n\r?\n/, '')];
  };
  const header = (head, name) => {
    const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
    const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
    return m ? m[1].trim() : '';
  };
  const decodePart = (part) => {
    const [head, body] = split(part);
    const type = header(head, 'Content-Type') || 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type);
    if (/^multipart\//i.test(type) && boundary) {
      const parts = body.split(`--${boundary[1]}`).slice(1);
      for (const p of parts) {
        if (p.startsWith('--')) break;
        const text = decodePart(p.replace(/^\r?\n/, ''));
        if (text !== null) return text;
      }
      return null;
    }
    if (!/^text\/plain/i.test(type)) return null;
    const encoding = header(head, 'Content-Transfer-Encoding').toLowerCase();
    let bytes;
    if (encoding === 'base64') {
      bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
    } else if (encoding === 'quoted-printable') {
      bytes = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi,
        (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    } else {
      bytes = Buffer.from(body, 'latin1');
    }
    const charset = (/charset="?([^";\s]+)"?/i.exec(type) || [, 'utf-8'])[1];
    return new TextDecoder(charset).decode(bytes);
  };
  return decodePart(source);
}

// ---------------------------------------------------------------------------------------
// A test file's fixture: one desk (database, SMTP sink, server) and one Chromium for the
// file, a fresh browser context per test.

/**
 * Registers before/after hooks of node:test and returns the fixture object (`serveArgs`
 * go to `shopdesk serve`):
 * fx.desk, fx.browser (after `before`), fx.page({login, expect, ...contextOptions}) →
 * a watched page in a fresh context (closed after the test).
 */
export function fixture({ seed = null, serveArgs = [] } = {}) {
  const fx = { contexts: [] };
  before(async () => {
    fx.desk = await Desk.start({ serveArgs });
    fx.browser = await launchBrowser();
    if (seed) await seed(fx.desk, fx);
  });
  afterEach(async () => {
    for (const context of fx.contexts.splice(0)) await context.close().catch(() => {});
  });
  after(async () => {
    if (fx.browser) await fx.browser.close().catch(() => {});
    keepScreenshots(fx.desk);
    if (fx.desk) fx.desk.stop();
  });
  fx.page = async ({ login = true, expect = [], warnings = false, ...options } = {}) => {
    const context = await newContext(fx.browser, fx.desk, { login, ...options });
    fx.contexts.push(context);
    const page = await watchPage(context, { expect, warnings });
    return page;
  };
  return fx;
}
