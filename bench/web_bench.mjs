// The agent web UI under a large inbox, in Debian's Chromium (playwright-core from
// web/node_modules): a shop with 10,000 open conversations, then
//   (i)   inbox interactive: navigation start → performance mark "inbox:interactive"
//         (fallback: the first [data-testid=inbox-row] in the DOM), median of 5 cold loads
//         (fresh context) and 5 warm reloads; anchor: /healthz loaded the same way;
//   (ii)  open a conversation: Enter on the focused row → mark "conversation:rendered"
//         (fallback: a message of that conversation in the DOM), median and max of 20;
//   (iii) scroll the whole inbox list to the bottom (the app loads more pages on the way)
//         while a PerformanceObserver records long tasks: count and longest;
//   (iv)  initial JavaScript: gzip size of the .js files web/dist/index.html references;
//   (v)   typing into the composer with 50,000 characters in it: per key, keydown → the
//         first task after the next frame, median and max of 30 keys; anchor: the same
//         typing into a bare <textarea> holding the same text, in the same browser.
// Prints a table beside the targets (inbox ≤ 1000 ms, open ≤ 150 ms, no long task > 50 ms,
// JS ≤ 150 KB gz, a key ≤ 50 ms) and the anchors.
//
// Run: bench/web_bench.sh [--conversations N] [--concurrency N] (starts the server on a
// temporary SQLite database; SHOPDESK_TEST_BACKEND=postgresql for PostgreSQL).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Desk, ROOT, launchBrowser, mail, newContext, sleep, watchPage } from '../tests/browser/harness.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const CONVERSATIONS = option('conversations', 10000);
const CONCURRENCY = option('concurrency', 8);
const LOADS = option('loads', 5);
const OPENS = option('opens', 20);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
const log = (...args) => console.error('#', ...args);

// ---------------------------------------------------------------------------------------
// Seed: one mail per conversation, distinct Message-IDs and senders, Date headers spread
// over the last 6 days (the clock starts there), so every urgency appears.

async function seed(desk) {
  const now = Date.now();
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= CONVERSATIONS) return;
      const minutesAgo = (i * 7919) % (6 * 24 * 60);
      const raw = mail({
        subject: `ご注文 ${String(100000 + i)} についてのお問い合わせ`,
        text: `お世話になっております。注文番号 ${100000 + i} の商品について質問があります。\n発送予定日を教えてください。`,
        from: `顧客 ${i} <customer${i}@example.jp>`,
        messageId: `bench-${i}-${now}@example.jp`,
        date: new Date(now - minutesAgo * 60000),
      });
      try {
        await desk.ingest(raw);
      } catch (e) {
        if (++failed <= 3) log(`ingest ${i}: ${e.message}`);
      }
      if (i > 0 && i % 2000 === 0) log(`seeded ${i} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const listed = await desk.api('GET', '/api/v1/conversations?limit=1');
  return { seconds, failed, perSecond: (CONVERSATIONS - failed) / seconds, listed: listed.body };
}

// ---------------------------------------------------------------------------------------
// In-page probes, installed before any script of the app runs.

function probes() {
  window.__bench = { firstRow: null, t0: null, longtasks: [] };
  const check = () => {
    if (window.__bench.firstRow === null && document.querySelector('[data-testid=inbox-row]')) {
      window.__bench.firstRow = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__bench.t0 = e.timeStamp; }, true);
  document.addEventListener('pointerdown', (e) => { window.__bench.t0 = e.timeStamp; }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no long task API */ }
}

/** ms from navigation start to inbox:interactive (or the first row) of the current document. */
async function inboxInteractive(page) {
  const handle = await page.waitForFunction(() => {
    const mark = performance.getEntriesByName('inbox:interactive', 'mark')[0];
    if (mark) return { at: mark.startTime, how: 'mark' };
    return null;
  }, null, { timeout: 30000, polling: 20 }).catch(() => null);
  if (handle) return handle.jsonValue();
  const fallback = await page.waitForFunction(() => window.__bench.firstRow !== null && { at: window.__bench.firstRow, how: 'first row' },
    null, { timeout: 30000, polling: 20 });
  return fallback.jsonValue();
}

async function navigationTiming(page) {
  return page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
}

// ---------------------------------------------------------------------------------------

async function benchInbox(browser, desk, storageState) {
  const cold = [];
  const coldAnchor = [];
  const how = new Set();
  for (let i = 0; i < LOADS; i++) {
    const context = await newContext(browser, desk, { storageState });
    const anchor = await context.newPage(); // /healthz is sandboxed by CSP: no init script there
    await anchor.goto('/healthz');
    await anchor.waitForLoadState('load');
    coldAnchor.push((await navigationTiming(anchor)).load);
    await anchor.close();
    const page = await context.newPage();
    await page.addInitScript(probes);
    await page.goto('/inbox');
    const r = await inboxInteractive(page);
    cold.push(r.at);
    how.add(r.how);
    await context.close();
  }
  const context = await newContext(browser, desk, { storageState });
  const page = await watchPage(context);
  await page.addInitScript(probes);
  await page.goto('/inbox');
  await inboxInteractive(page);
  const anchor = await context.newPage();
  const warm = [];
  const warmAnchor = [];
  for (let i = 0; i < LOADS; i++) {
    await anchor.goto('/healthz');
    await anchor.waitForLoadState('load');
    warmAnchor.push((await navigationTiming(anchor)).load);
    await page.reload();
    const r = await inboxInteractive(page);
    warm.push(r.at);
    how.add(r.how);
  }
  await context.close();
  return { cold, warm, coldAnchor, warmAnchor, how: [...how].join(', '), problems: page.problems };
}

async function benchOpen(browser, desk, storageState) {
  const context = await newContext(browser, desk, { storageState });
  const page = await watchPage(context);
  await page.addInitScript(probes);
  await page.goto('/inbox');
  await inboxInteractive(page);
  await page.locator('[data-testid=inbox-row]').first().waitFor();
  await sleep(500);
  const times = [];
  let how = 'mark';
  for (let i = 0; i < OPENS; i++) {
    await page.evaluate(() => { document.activeElement?.blur?.(); window.__bench.t0 = null; });
    if (i > 0) await page.keyboard.press('j');
    await sleep(50);
    const before = await page.evaluate(() => performance.getEntriesByName('conversation:rendered', 'mark').length);
    await page.keyboard.press('Enter');
    let result = await page.waitForFunction((n) => {
      const marks = performance.getEntriesByName('conversation:rendered', 'mark');
      return window.__bench.t0 !== null && marks.length > n && marks[marks.length - 1].startTime - window.__bench.t0;
    }, before, { timeout: 5000, polling: 'raf' }).then((h) => h.jsonValue()).catch(() => null);
    if (result === null) {
      // Fallback: click the row and wait for a message of that conversation in the DOM.
      how = 'click → first message in the DOM';
      const row = page.locator('[data-testid=inbox-row]').nth(i);
      const id = await row.getAttribute('data-id');
      await row.click();
      result = await page.waitForFunction((cid) => {
        const c = document.querySelector('[data-testid=conversation]');
        return location.pathname === `/conversations/${cid}` && c && c.querySelector('[data-testid=message]')
          && performance.now() - window.__bench.t0;
      }, id, { timeout: 10000, polling: 'raf' }).then((h) => h.jsonValue());
    }
    times.push(result);
    await sleep(150);
  }
  await context.close();
  return { times, how, problems: page.problems };
}

// Per-key latency of typing 30 keys at the end of `selector`'s text.
async function typeAndTime(page, selector) {
  await page.evaluate((sel) => {
    window.__typing = [];
    const box = document.querySelector(sel);
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.addEventListener('keydown', () => {
      const t0 = performance.now();
      requestAnimationFrame(() => setTimeout(() => window.__typing.push(performance.now() - t0), 0));
    }, true);
  }, selector);
  // Keys on the keyboard (text outside it is inserted without keydown events).
  await page.keyboard.type('thank you for your order 12345', { delay: 80 });
  await sleep(500);
  return page.evaluate(() => window.__typing);
}

// (v) The composer holding 50,000 characters of a long Japanese reply, then 30 keys.
async function benchTyping(browser, desk, storageState, conversationId) {
  const context = await newContext(browser, desk, { storageState });
  const page = await watchPage(context);
  const line = 'ご注文いただいた青いマグカップ（注文番号 250-1234567-1234567）の件、確認いたしました。\n';
  const text = line.repeat(Math.ceil(50000 / line.length)).slice(0, 50000);
  await page.goto(`/conversations/${conversationId}`);
  const box = page.locator('textarea[data-testid=composer-input]');
  await box.waitFor();
  await box.fill(text);
  await sleep(1500); // the preview of the filled text has come back
  const product = await typeAndTime(page, 'textarea[data-testid=composer-input]');
  const length = await box.evaluate((el) => [...el.value].length);
  await page.evaluate(() => sessionStorage.clear());
  await page.setContent('<textarea id="bare" rows="5" style="width: 100%"></textarea>');
  await page.locator('#bare').fill(text);
  const anchor = await typeAndTime(page, '#bare');
  await context.close();
  return { product, anchor, length, problems: page.problems };
}

async function benchScroll(browser, desk, storageState) {
  const context = await newContext(browser, desk, { storageState });
  const page = await watchPage(context);
  await page.addInitScript(probes);
  await page.goto('/inbox');
  await inboxInteractive(page);
  await page.locator('[data-testid=inbox-list]').waitFor();
  await sleep(1000);
  const result = await page.evaluate(async (target) => {
    const list = document.querySelector('[data-testid=inbox-list]');
    const rafs = (n) => new Promise((resolve) => {
      const step = () => (n-- <= 0 ? resolve() : requestAnimationFrame(step));
      requestAnimationFrame(step);
    });
    const startTasks = window.__bench.longtasks.length;
    const started = performance.now();
    let lastProgress = performance.now();
    let lastState = '';
    let steps = 0;
    const seen = new Set();
    const timeline = [];
    const see = () => { for (const r of list.querySelectorAll('[data-testid=inbox-row]')) seen.add(Number(r.getAttribute('data-id'))); };
    see();
    for (;;) {
      list.scrollTop += list.clientHeight;
      steps++;
      await rafs(2);
      see();
      const loaded = Number(list.getAttribute('data-loaded'));
      timeline.push({ at: performance.now(), loaded, step: steps });
      const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 2;
      const state = `${loaded}/${list.scrollTop}/${list.scrollHeight}`;
      if (state !== lastState) { lastState = state; lastProgress = performance.now(); }
      if ((loaded >= target || list.getAttribute('data-complete') === 'true') && atBottom) break;
      if (performance.now() - lastProgress > 5000) break;
    }
    const tasks = window.__bench.longtasks.slice(startTasks).filter((t) => t.start >= started - 1);
    return {
      loaded: Number(list.getAttribute('data-loaded')),
      complete: list.getAttribute('data-complete'),
      rows: document.querySelectorAll('[data-testid=inbox-row]').length,
      seen: [...seen],
      steps,
      seconds: (performance.now() - started) / 1000,
      longtasks: tasks.length,
      longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      over50: tasks.filter((t) => t.duration > 50).length,
      // When each long task began: ms into the scroll, the step and the rows loaded then.
      where: tasks.map((t) => {
        const after = timeline.find((p) => p.at >= t.start) || timeline[timeline.length - 1];
        return `${t.duration.toFixed(0)} ms at +${(t.start - started).toFixed(0)} ms (step ${after?.step}, ${after?.loaded} rows loaded)`;
      }),
    };
  }, CONVERSATIONS);
  await context.close();
  return { ...result, problems: page.problems };
}

function jsSize() {
  const dist = path.join(ROOT, 'web', 'dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = new Set();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*href="([^"]+\.js)"[^>]*rel="modulepreload"/g)) refs.add(m[1]);
  const files = [...refs].map((ref) => {
    const bytes = fs.readFileSync(path.join(dist, ref.replace(/^\//, '')));
    return { ref, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  });
  const all = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dist, 'assets', f)), { level: 9 }).length, 0);
  return { files, gzip: files.reduce((s, f) => s + f.gzip, 0), raw: files.reduce((s, f) => s + f.raw, 0), allGzip: all };
}

// ---------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist/index.html is missing: build the UI first (cd web && npm run build)');
  }
  log(`starting shopdesk (${process.env.SHOPDESK_TEST_BACKEND || 'sqlite'})`);
  const desk = await Desk.start();
  log(`seeding ${CONVERSATIONS} conversations through POST /api/v1/channels/${desk.channelId}/messages, ${CONCURRENCY} at a time`);
  const seeded = await seed(desk);
  log(`seeded in ${seeded.seconds.toFixed(1)} s (${seeded.perSecond.toFixed(0)}/s, ${seeded.failed} failed)`);

  const browser = await launchBrowser();
  const login = await newContext(browser, desk, { login: true });
  const storageState = await login.storageState();
  await login.close();

  log('(i) inbox interactive');
  const inbox = await benchInbox(browser, desk, storageState);
  log('(ii) open conversation');
  const open = await benchOpen(browser, desk, storageState);
  log('(iii) scroll the inbox');
  const scroll = await benchScroll(browser, desk, storageState);
  log('(v) typing with 50,000 characters in the composer');
  const firstOpen = (await desk.api('GET', '/api/v1/conversations?status=open&sort=due&limit=1')).body.items[0];
  const typing = await benchTyping(browser, desk, storageState, firstOpen.id);
  // Which open conversations the scroll never showed (the API's own paging is the truth).
  const all = [];
  for (let cursor = null, first = true; first || cursor; first = false) {
    const page = await desk.api('GET', `/api/v1/conversations?status=open&sort=due&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    all.push(...page.body.items);
    cursor = page.body.next_cursor;
  }
  const seen = new Set(scroll.seen);
  scroll.apiTotal = all.length;
  scroll.missing = all.filter((c) => !seen.has(c.id)).map((c) => `#${c.id} due ${c.due_at} (position ${all.indexOf(c) + 1})`);
  const js = jsSize();
  await browser.close();
  desk.stop();

  const rows = [
    ['seed: ingest over HTTP', `${CONVERSATIONS} in ${seeded.seconds.toFixed(1)} s (${seeded.perSecond.toFixed(0)}/s, concurrency ${CONCURRENCY})`, '', ''],
    ['(i) inbox interactive, cold (median of 5)', ms(median(inbox.cold)), '≤ 1000 ms', median(inbox.cold) <= 1000 ? 'ok' : 'MISSED'],
    ['(i) inbox interactive, warm reload (median of 5)', ms(median(inbox.warm)), '≤ 1000 ms', median(inbox.warm) <= 1000 ? 'ok' : 'MISSED'],
    ['    anchor: /healthz load event, cold / warm', `${ms(median(inbox.coldAnchor))} / ${ms(median(inbox.warmAnchor))}`, '', ''],
    [`(ii) open conversation (median / max of ${open.times.length})`, `${ms(median(open.times))} / ${ms(Math.max(...open.times))}`, '≤ 150 ms', median(open.times) <= 150 ? (Math.max(...open.times) <= 150 ? 'ok' : 'ok (median)') : 'MISSED'],
    ['(iii) scroll: rows loaded / total', `${scroll.loaded} / ${CONVERSATIONS} (data-complete=${scroll.complete}, ${scroll.rows} in the DOM, ${scroll.steps} steps, ${scroll.seconds.toFixed(1)} s)`, `${CONVERSATIONS}`, scroll.loaded >= CONVERSATIONS ? 'ok' : 'MISSED'],
    ['(iii) scroll: distinct rows seen / open in the API', `${scroll.seen.length} / ${scroll.apiTotal}`, '', scroll.missing.length ? `MISSING ${scroll.missing.length}` : 'ok'],
    ['(iii) scroll: long tasks / longest', `${scroll.longtasks} / ${ms(scroll.longest)}`, 'none > 50 ms', scroll.over50 === 0 ? 'ok' : 'MISSED'],
    [`(v) a key with ${typing.length} characters in the composer (median / max of ${typing.product.length})`, `${ms(median(typing.product))} / ${ms(Math.max(...typing.product))}`, '≤ 50 ms', median(typing.product) <= 50 ? 'ok' : 'MISSED'],
    ['    anchor: the same keys in a bare <textarea>, median / max; ratio of medians', `${ms(median(typing.anchor))} / ${ms(Math.max(...typing.anchor))}; ${(median(typing.product) / median(typing.anchor)).toFixed(2)}×`, '', ''],
    ['(iv) initial JS, gzip', `${(js.gzip / 1024).toFixed(1)} KB (${(js.raw / 1024).toFixed(1)} KB raw; all chunks ${(js.allGzip / 1024).toFixed(1)} KB gz)`, '≤ 150 KB', js.gzip <= 150 * 1024 ? 'ok' : 'MISSED'],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`web bench: ${CONVERSATIONS} open conversations, ${process.env.SHOPDESK_TEST_BACKEND || 'sqlite'}, Chromium ${browser.version()}`);
  for (const r of rows) console.log(`${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`);
  console.log(`inbox ready by: ${inbox.how}; open measured by: ${open.how === 'mark' ? 'Enter → mark conversation:rendered' : open.how}`);
  console.log(`cold loads: ${inbox.cold.map((x) => x.toFixed(0)).join(' ')} ms; warm: ${inbox.warm.map((x) => x.toFixed(0)).join(' ')} ms`);
  console.log(`opens: ${open.times.map((x) => x.toFixed(0)).join(' ')} ms`);
  if (scroll.where.length) console.log(`long tasks while scrolling: ${scroll.where.slice(0, 10).join('; ')}`);
  if (scroll.missing.length) console.log(`never shown while scrolling: ${scroll.missing.slice(0, 5).join('; ')}${scroll.missing.length > 5 ? ' …' : ''}`);
  for (const f of js.files) console.log(`initial JS ${f.ref}: ${(f.gzip / 1024).toFixed(1)} KB gz`);
  const problems = [...inbox.problems, ...open.problems, ...scroll.problems, ...typing.problems];
  if (problems.length) console.log(`browser problems during the bench:\n  ${problems.join('\n  ')}`);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
