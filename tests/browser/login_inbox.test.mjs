// (a) Logging in through the login form; the inbox lists the most overdue conversation
// first. Three conversations arrive with Date headers 30 h ago, 2 h ago and now: the
// response clock starts at the mail's Date, so under the default 24-hour policy the 30 h
// one is overdue and must be row 1 with data-urgency="overdue", then 2 h, then now.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, screenshot } from './harness.mjs';

const HOUR = 3600 * 1000;
const ids = {};

const fx = fixture({
  seed: async (desk) => {
    const now = desk.now(); // the test clock, which the server and the page read too
    // Stored in an order that is neither oldest- nor newest-first.
    ids.now = (await desk.ingest({ subject: '返品について', text: '商品を返品したいです。',
      from: '鈴木 一郎 <ichiro@example.jp>', date: new Date(now) })).conversation_id;
    ids.h30 = (await desk.ingest({ subject: '注文のキャンセル', text: '注文をキャンセルできますか？',
      from: '山田 太郎 <taro@example.jp>', date: new Date(now - 30 * HOUR) })).conversation_id;
    ids.h2 = (await desk.ingest({ subject: '配送について', text: 'いつ届きますか？',
      from: '田中 花子 <hanako@example.jp>', date: new Date(now - 2 * HOUR) })).conversation_id;
    const c = await desk.conversation(ids.h30);
    assert.equal(c.conversation.urgency, 'overdue', 'the API itself must call the 30 h one overdue');
  },
});

// The wrong password is answered 401 (which Chromium also logs to the console).
const LOGGED_OUT = [/^http: 401 POST .*\/api\/v1\/session$/, /status of 401.*\/api\/v1\/session/];

test('log in through the form; the most overdue conversation is row 1', async () => {
  const page = await fx.page({ login: false, expect: LOGGED_OUT });
  await page.goto('/inbox');
  await page.waitForURL(/\/login(\?|$)/, { timeout: 10000 });
  // The page runs on the desk's test clock, not the machine's (harness.mjs, newContext).
  const skew = (await page.evaluate(() => [Date.now(), new Date().getTime()]))
    .map((t) => Math.abs(t - fx.desk.now()));
  assert.ok(Math.max(...skew) < 5000, `the page's Date is ${skew} ms off the test clock`);
  const form = page.locator('form#login-form');
  await form.waitFor();

  // A wrong password: an alert, still on /login.
  await form.locator('input[name=email]').fill(fx.desk.email);
  await form.locator('input[name=password]').fill('not the password');
  await form.locator('button[type=submit]').click();
  await page.locator('[role=alert]').first().waitFor({ timeout: 10000 });
  assert.match(new URL(page.url()).pathname, /^\/login/);
  // Said in Japanese from the server's stable reason, not the server's English.
  assert.equal(await page.locator('[role=alert]').first().innerText(), 'メールアドレスまたはパスワードが違います。');

  await form.locator('input[name=password]').fill(fx.desk.password);
  await form.locator('button[type=submit]').click();
  await page.waitForURL(/\/inbox/, { timeout: 10000 });
  const rows = page.locator('[data-testid=inbox-row]');
  await rows.first().waitFor({ timeout: 10000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=inbox-row]').length >= 3,
    null, { timeout: 10000 });
  await screenshot(page, fx.desk, 'inbox-after-login');

  const listed = await rows.evaluateAll((els) => els.map((e) => ({
    id: Number(e.getAttribute('data-id')), urgency: e.getAttribute('data-urgency') })));
  assert.deepEqual(listed.map((r) => r.id), [ids.h30, ids.h2, ids.now],
    `rows most urgent first: ${JSON.stringify(listed)} (ids ${JSON.stringify(ids)})`);
  assert.equal(listed[0].urgency, 'overdue', JSON.stringify(listed));
  for (const r of listed.slice(1)) assert.notEqual(r.urgency, 'overdue', JSON.stringify(listed));

  const list = page.locator('[data-testid=inbox-list]');
  assert.equal(await list.getAttribute('data-loaded'), '3');
  // Each view says how many it holds (open conversations: three, none mine, one overdue).
  const count = (view) => page.getByTestId(`count-${view}`).innerText();
  await page.getByTestId('count-open').waitFor();
  assert.deepEqual([await count('open'), await count('mine'), await count('unassigned'), await count('overdue')],
    ['3', '0', '3', '1']);
  const marks = await page.evaluate(() => performance.getEntriesByName('inbox:interactive').length);
  assert.ok(marks >= 1, 'performance.mark("inbox:interactive") once the rows are shown');
  assertClean(page, 'login and inbox');
});

test('a deep link opened while logged out leads there after the login', async () => {
  const page = await fx.page({ login: false });
  await page.goto(`/conversations/${ids.h2}`);
  await page.waitForURL(/\/login\?next=/, { timeout: 10000 });
  const form = page.locator('form#login-form');
  await form.locator('input[name=email]').fill(fx.desk.email);
  await form.locator('input[name=password]').fill(fx.desk.password);
  await form.locator('button[type=submit]').click();
  await page.waitForURL(new RegExp(`/conversations/${ids.h2}$`), { timeout: 10000 });
  await page.locator('[data-testid=conversation] [data-testid=message]').first().waitFor({ timeout: 10000 });
  assert.match(await page.locator('[data-testid=conversation]').innerText(), /配送について/);
  assertClean(page, 'deep link after login');
});

