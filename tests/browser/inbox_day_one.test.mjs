// The inbox on day one (issue 14, item 9): each row shows when the customer last wrote
// and whether I have read it since; the tab title counts my unread conversations; a
// hold can end by itself; and new mail or a new assignment is announced on the desktop
// and by a chime when switched on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, screenshot, waitFor } from './harness.mjs';

const ids = {};
const fx = fixture({
  // Response clocks and holds are checked every half second, so a hold ends promptly.
  serveArgs: ['--sla-seconds', '0.5'],
  seed: async (desk) => {
    ids.mug = (await desk.ingest({ subject: 'マグカップが割れていました', text: '届いたマグカップの取っ手が割れていました。',
      from: '佐藤 花子 <hanako@example.jp>', messageId: 'mug-1@example.jp', date: desk.hoursAgo(3) })).conversation_id;
    ids.address = (await desk.ingest({ subject: '配送先の変更', text: '配送先を大阪の住所に変更したいです。',
      from: '鈴木 一郎 <ichiro@example.jp>', date: desk.hoursAgo(1) })).conversation_id;
    ids.hold = (await desk.ingest({ subject: '再入荷のお知らせについて', text: '青いマグカップはいつ再入荷しますか？',
      from: '高橋 美咲 <misaki@example.jp>', date: desk.hoursAgo(2) })).conversation_id;
  },
});

const row = (page, id) => page.locator(`[data-testid=inbox-row][data-id="${id}"]`);

// "HH:MM" of an ISO time in Tokyo, as the row shows a time of today.
function tokyoTime(iso) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(iso));
}

// The calendar date in Tokyo `days` after the desk's today, "YYYY-MM-DD".
function tokyoDate(now, days) {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(now));
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test('rows show when the customer wrote and stay unread until opened; the tab counts them', async () => {
  const page = await fx.page();
  await page.goto('/inbox');
  await row(page, ids.mug).waitFor({ timeout: 10000 });
  for (const id of [ids.mug, ids.address, ids.hold]) {
    assert.equal(await row(page, id).getAttribute('data-unread'), 'true', `conversation ${id} is unread`);
  }
  await waitFor(async () => (await page.title()) === '(3) shopdesk', { what: 'the tab title "(3) shopdesk"' });
  const detail = await fx.desk.api('GET', `/api/v1/conversations/${ids.mug}`);
  const received = detail.body.conversation.last_inbound_at;
  assert.ok(received, JSON.stringify(detail.body.conversation));
  assert.equal(detail.body.unread, true, 'reading through the API does not mark it read');
  assert.equal((await row(page, ids.mug).locator('[data-testid=row-received]').innerText()).trim(), tokyoTime(received));
  await screenshot(page, fx.desk, 'inbox-unread');

  // Opening it reads it: the row loses its mark, the title its count.
  await row(page, ids.mug).locator('a.row-link').click();
  await page.locator('[data-testid=conversation] h1').waitFor();
  await page.keyboard.press('Escape');
  await waitFor(async () => (await row(page, ids.mug).getAttribute('data-unread')) === 'false', { what: 'the opened row read' });
  await waitFor(async () => (await page.title()) === '(2) shopdesk', { what: 'the tab title "(2) shopdesk"' });
  assert.equal((await fx.desk.api('GET', `/api/v1/conversations/${ids.mug}`)).body.unread, false);

  // The customer writes again: unread again, live.
  await fx.desk.ingest({ subject: 'Re: マグカップが割れていました', text: '写真を添付します。',
    from: '佐藤 花子 <hanako@example.jp>', extra: 'In-Reply-To: <mug-1@example.jp>\r\n' });
  await waitFor(async () => (await row(page, ids.mug).getAttribute('data-unread')) === 'true', { what: 'unread after the new mail' });
  await waitFor(async () => (await page.title()) === '(3) shopdesk', { what: 'the tab title "(3) shopdesk" again' });

  // Read, then "mark unread": back to the inbox with the mark.
  await row(page, ids.mug).locator('a.row-link').click();
  await page.locator('[data-testid=mark-unread]').click();
  await page.waitForURL(/\/inbox/);
  await waitFor(async () => (await row(page, ids.mug).getAttribute('data-unread')) === 'true', { what: 'marked unread' });
  assert.equal((await fx.desk.api('GET', `/api/v1/conversations/${ids.mug}`)).body.unread, true);
  await waitFor(async () => (await page.title()) === '(3) shopdesk', { what: 'the count with it' });
});

test('a hold until tomorrow 9:00 shows its end; a hold that ends opens the conversation again', async () => {
  const page = await fx.page({ expect: [/400 POST .*\/status$/, /status of 400/] });
  await page.goto(`/conversations/${ids.hold}`);
  await page.locator('[data-testid=status-on_hold]').click();
  const form = page.locator('[data-testid=hold-form]');
  await form.waitFor();
  assert.equal(await form.locator('[data-testid=hold-choice]').inputValue(), 'tomorrow', 'tomorrow 9:00 is the default');

  // A time already past is refused, in Japanese.
  await form.locator('[data-testid=hold-choice]').selectOption('custom');
  await form.locator('[data-testid=hold-when]').fill(`${tokyoDate(fx.desk.now(), -1)}T09:00`);
  await form.locator('[data-testid=hold-submit]').click();
  await waitFor(async () => /保留の期限（.*）が過ぎています/.test(await page.locator('.conversation [role=alert]').innerText().catch(() => '')),
    { what: 'the past hold refused in Japanese' });

  await page.locator('[data-testid=status-on_hold]').click();
  await form.locator('[data-testid=hold-submit]').click();
  const note = page.locator('[data-testid=hold-note]');
  await note.waitFor();
  const conversation = (await fx.desk.api('GET', `/api/v1/conversations/${ids.hold}`)).body.conversation;
  assert.equal(conversation.status, 'on_hold');
  assert.equal(Date.parse(conversation.hold_until), Date.parse(`${tokyoDate(fx.desk.now(), 1)}T09:00:00+09:00`),
    `held until tomorrow 9:00 in Tokyo: ${conversation.hold_until}`);
  assert.match(await note.innerText(), /09:00まで保留中です/);
  assert.equal(await page.locator('[data-testid=status-on_hold]').getAttribute('aria-pressed'), 'true');
  // The thread has a line for it, after the customer's message.
  const activity = page.locator('[data-testid=conversation] [data-testid=activity]');
  await waitFor(async () => (await activity.count()) === 1, { what: 'one activity line' });
  assert.match(await activity.first().innerText(), /佐藤 花子が\d+\/\d+\(.\) 09:00まで保留に/);
  assert.equal(await page.locator('.thread > :last-child').getAttribute('data-testid'), 'activity');
  await screenshot(page, fx.desk, 'conversation-on-hold');

  // In the inbox (every status), the row says until when.
  await page.goto('/inbox?view=all');
  await waitFor(async () => /保留 〜\d+\/\d+ 09:00/.test(await row(page, ids.hold).locator('.row-due').innerText().catch(() => '')),
    { what: 'the row "保留 〜M/D 09:00"' });

  // A hold that ends in two seconds: the worker opens it, and the open page shows it.
  await page.goto(`/conversations/${ids.hold}`);
  await page.locator('[data-testid=hold-note]').waitFor();
  const soon = await fx.desk.api('POST', `/api/v1/conversations/${ids.hold}/status`,
    { body: { status: 'on_hold', until: new Date(fx.desk.now() + 2000).toISOString() } });
  assert.equal(soon.status, 200, JSON.stringify(soon.body));
  await waitFor(async () => (await page.locator('[data-testid=status-open]').getAttribute('aria-pressed')) === 'true',
    { timeout: 15000, what: 'the conversation open again when its hold ended' });
  assert.equal(await page.locator('[data-testid=hold-note]').count(), 0);
  await waitFor(async () => /保留の期限が来たため「対応中」に戻りました/.test(await activity.last().innerText()),
    { what: 'the line for the hold that ended' });
  const after = (await fx.desk.api('GET', `/api/v1/conversations/${ids.hold}`)).body.conversation;
  assert.equal(after.hold_until, null);
  assert.ok(after.due_at, 'its response clock runs again');

  const past = await fx.desk.api('POST', `/api/v1/conversations/${ids.hold}/status`,
    { body: { status: 'on_hold', until: new Date(fx.desk.now() - 1000).toISOString() } });
  assert.equal(past.status, 400);
  assert.equal(past.body.error.reason, 'conversation.hold_in_past');
});

test('new mail and my new assignments are announced on the desktop and by a chime, when switched on', async () => {
  const page = await fx.page({ permissions: ['notifications'] });
  // Record what the page asks of the browser (the real APIs still run).
  await page.addInitScript(() => {
    window.__notes = [];
    window.__chimes = 0;
    const Real = window.Notification;
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.__notes.push({ title, body: options?.body ?? '' });
      }
    };
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (...args) {
      window.__chimes += 1;
      return create.apply(this, args);
    };
  });
  await page.goto('/inbox');
  await row(page, ids.address).waitFor({ timeout: 10000 });
  await page.locator('[data-testid=notify-switch] summary').click();
  await page.locator('[data-testid=notify-desktop]').check();
  await page.locator('[data-testid=notify-sound]').check();
  assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('shopdesk.notify'))), { desktop: true, sound: true });
  await screenshot(page, fx.desk, 'notify-switch');

  // The desk behind another tab. Playwright makes every page believe it has the focus:
  // with that emulation off, the tab brought to the front takes it.
  const cdp = await page.context().newCDPSession(page);
  const emulateFocus = (enabled) => cdp.send('Emulation.setFocusEmulationEnabled', { enabled });
  await emulateFocus(false);
  const other = await page.context().newPage();
  await other.goto('/healthz');
  await other.bringToFront();
  await waitFor(async () => !(await page.evaluate(() => document.visibilityState === 'visible' && document.hasFocus())),
    { what: 'the desk without the focus' });

  await fx.desk.ingest({ subject: 'ギフト包装はできますか', text: 'プレゼント用に包装をお願いできますか？', from: '伊藤 健 <ken@example.jp>' });
  await waitFor(async () => (await page.evaluate(() => window.__notes.length)) >= 1, { what: 'a desktop notification' });
  assert.deepEqual(await page.evaluate(() => window.__notes[0]), { title: '伊藤 健さんから新着メッセージ', body: 'ギフト包装はできますか' });
  assert.ok((await page.evaluate(() => window.__chimes)) >= 1, 'a chime');

  const agents = (await fx.desk.api('GET', '/api/v1/agents')).body.items;
  const me = agents.find((a) => a.email === fx.desk.email);
  assert.ok(me, JSON.stringify(agents));
  const assigned = await fx.desk.api('POST', `/api/v1/conversations/${ids.address}/assign`, { body: { agent_id: me.id } });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  await waitFor(async () => (await page.evaluate(() => window.__notes.length)) >= 2, { what: 'the assignment notified' });
  assert.deepEqual(await page.evaluate(() => window.__notes[1]), { title: 'あなたに割り当てられました', body: '配送先の変更' });

  // Switched off: nothing more.
  await emulateFocus(true);
  await page.locator('[data-testid=notify-desktop]').uncheck();
  await page.locator('[data-testid=notify-sound]').uncheck();
  const chimes = await page.evaluate(() => window.__chimes);
  await emulateFocus(false);
  await fx.desk.ingest({ subject: '領収書の発行', text: '領収書をお願いします。', from: '中村 優 <yu@example.jp>' });
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(await page.evaluate(() => window.__notes.length), 2);
  assert.equal(await page.evaluate(() => window.__chimes), chimes);
});

test('the current filters saved as a view, shared with the shop, come back with one click', async () => {
  const page = await fx.page();
  await page.goto('/inbox');
  await row(page, ids.address).waitFor({ timeout: 10000 });
  await page.locator('[data-testid=view-all]').click();
  await page.getByRole('button', { name: '絞り込み' }).click();
  await page.locator('.filters input[type=search]').last().fill('返品');
  // The inbox re-renders every second for its clocks: what is typed survives it.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(await page.locator('.filters input[type=search]').last().inputValue(), '返品');
  await page.locator('.filters input[type=search]').last().press('Tab');
  const urlMatches = (re, what) => waitFor(async () => re.test(page.url()), { what });
  await urlMatches(/tag=/, 'the tag filter in the URL');
  await page.locator('[data-testid=save-view]').click();
  await page.locator('[data-testid=view-name]').fill('返品（すべての状態）');
  await page.locator('[data-testid=view-shared]').check();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const saved = page.locator('[data-testid=saved-view]');
  await waitFor(async () => (await saved.count()) === 1, { what: 'the saved view' });
  assert.match(await saved.innerText(), /共有: 返品（すべての状態）/);
  const listed = (await fx.desk.api('GET', '/api/v1/views')).body.items;
  assert.deepEqual(listed.map((v) => [v.name, v.query, v.shared]),
    [['返品（すべての状態）', 'view=all&tag=%E8%BF%94%E5%93%81', true]]);
  await screenshot(page, fx.desk, 'saved-view');

  // Elsewhere, one click brings the filters back.
  await page.locator('[data-testid=view-open]').click();
  await waitFor(async () => !page.url().includes('view=all'), { what: 'the default view' });
  assert.equal(await saved.locator('button').first().getAttribute('aria-pressed'), 'false');
  await saved.locator('button').first().click();
  await urlMatches(/view=all&tag=%E8%BF%94%E5%93%81/, 'the saved filters in the URL');
  assert.equal(await page.locator('[data-testid=view-all]').getAttribute('aria-selected'), 'true');
  assert.equal(await saved.locator('button').first().getAttribute('aria-pressed'), 'true');

  page.once('dialog', (dialog) => void dialog.accept());
  await saved.locator('.saved-view-remove').click();
  await waitFor(async () => (await saved.count()) === 0, { what: 'the view deleted' });
  assert.deepEqual((await fx.desk.api('GET', '/api/v1/views')).body.items, []);
});
