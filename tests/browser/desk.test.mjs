// The rest of the desk a seller relies on: the keyboard (j/k/Enter/r/n/e/?), saved views,
// bulk actions, status and assignment changes made elsewhere arriving live, the
// collision warning between two agents, the shop switcher, and a failed delivery with
// its retry button.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, mail, newContext, openReplyPicker, screenshot, waitFor, watchPage, OWNER_EMAIL } from './harness.mjs';

const STAFF_EMAIL = 'staff@sakura.example';
const STAFF_PASSWORD = 'staff password 2026';
const ids = {};

const fx = fixture({
  seed: async (desk) => {
    desk.run(['user', 'add', '--shop', 'sakura', '--email', STAFF_EMAIL, '--name', '森 一郎', '--role', 'agent']);
    desk.run(['user', 'password', '--email', STAFF_EMAIL], { input: STAFF_PASSWORD + '\n' });
    const hour = 3600 * 1000;
    const at = (hoursAgo) => new Date(desk.now() - hoursAgo * hour);
    ids.late = (await desk.ingest({ subject: '届いていません', text: 'まだ届きません。', from: '井上 一 <hajime@example.jp>', date: at(30) })).conversation_id;
    ids.soon = (await desk.ingest({ subject: '色について', text: '赤はありますか？', from: '木村 二郎 <jiro@example.jp>', date: at(23.5) })).conversation_id;
    ids.later = (await desk.ingest({ subject: 'サイズについて', text: 'Mはありますか？', from: '林 三郎 <saburo@example.jp>', date: at(1) })).conversation_id;
    ids.bounce = (await desk.ingest({ subject: '配送先の変更', text: '住所を変えたいです。', from: '失敗 太郎 <fail5xx@example.jp>', date: at(2) })).conversation_id;
    const agents = (await desk.api('GET', '/api/v1/agents')).body.items;
    ids.owner = agents.find((a) => a.email === OWNER_EMAIL).id;
    ids.staff = agents.find((a) => a.email === STAFF_EMAIL).id;
  },
});

async function pageAs(email, password, options = {}) {
  const context = await newContext(fx.browser, fx.desk, options); // on the desk's test clock
  fx.contexts.push(context);
  const r = await context.request.post('/api/v1/session', { data: { email, password } });
  assert.equal(r.status(), 200, `login of ${email}`);
  return watchPage(context);
}

const rowIds = (page) => page.locator('[data-testid=inbox-row]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));

test('keyboard: j/k move, Enter opens, n writes a note, e resolves, ? shows the shortcuts', async () => {
  const page = await fx.page();
  await page.goto('/inbox');
  await page.locator('[data-testid=inbox-row]').first().waitFor();
  assert.equal((await rowIds(page))[0], ids.late, 'the overdue conversation is first');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/conversations/${ids.soon}`);
  await page.locator('[data-testid=message]').first().waitFor();

  await page.keyboard.press('n');
  const composer = page.locator('textarea[data-testid=composer-input]');
  await waitFor(() => composer.evaluate((el) => el === document.activeElement), { what: 'focus in the composer after n' });
  assert.equal(await page.locator('[data-testid=note-mode]').getAttribute('aria-selected'), 'true', 'note mode');
  await page.keyboard.type('在庫を倉庫に確認中');
  await page.keyboard.press('Control+Enter');
  await page.locator('[data-testid=message][data-direction=note]').waitFor();
  assert.equal(fx.desk.smtp.messages().length, 0, 'a note is never mailed');

  await page.keyboard.press('Escape'); // leaves the composer; the shortcut keys work again
  await page.keyboard.press('e');
  await waitFor(async () => (await fx.desk.conversation(ids.soon)).conversation.status === 'resolved',
    { what: 'e resolved the conversation' });

  await page.keyboard.press('?');
  await page.locator('[data-testid=help-dialog]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=help-dialog]').waitFor({ state: 'hidden' });
  // The resolved conversation left the open inbox.
  await waitFor(async () => !(await rowIds(page)).includes(ids.soon), { what: 'the resolved row to leave the inbox' });
  assertClean(page, 'keyboard');
  // Reopen it for the other tests.
  await fx.desk.api('POST', `/api/v1/conversations/${ids.soon}/status`, { body: { status: 'open' } });
});

test('saved views, and status and assignment changes made elsewhere arrive live', async () => {
  const page = await fx.page();
  await page.goto('/inbox');
  await page.locator('[data-testid=inbox-row]').first().waitFor();
  await page.locator('[data-testid=view-overdue]').click();
  await waitFor(async () => JSON.stringify(await rowIds(page)) === JSON.stringify([ids.late]), { what: 'only the overdue row' });
  await page.locator('[data-testid=view-mine]').click();
  await page.locator('[data-testid=inbox-empty]').waitFor();

  // Assigned to me by someone else: it appears in "mine" without a reload.
  await fx.desk.api('POST', `/api/v1/conversations/${ids.later}/assign`, { body: { agent_id: ids.owner } });
  await page.locator(`[data-testid=inbox-row][data-id="${ids.later}"]`).waitFor({ timeout: 10000 });
  await page.locator('[data-testid=view-unassigned]').click();
  await waitFor(async () => {
    const shown = await rowIds(page);
    return shown.includes(ids.late) && !shown.includes(ids.later);
  }, { what: 'the unassigned view without the assigned conversation' });

  // Resolved elsewhere: it leaves the open view live, and 「すべて」 (every status) still has it.
  await page.locator('[data-testid=view-open]').click();
  await page.locator(`[data-testid=inbox-row][data-id="${ids.later}"]`).waitFor();
  await fx.desk.api('POST', `/api/v1/conversations/${ids.later}/status`, { body: { status: 'resolved' } });
  await page.locator(`[data-testid=inbox-row][data-id="${ids.later}"]`).waitFor({ state: 'detached', timeout: 10000 });
  await page.locator('[data-testid=view-all]').click();
  await page.locator(`[data-testid=inbox-row][data-id="${ids.later}"][data-status=resolved]`).waitFor({ timeout: 10000 });
  assert.match(page.url(), /view=all/);
  assert.doesNotMatch(page.url(), /status=/, 'every status is the view\'s own default');
  // The status filter narrows it.
  await page.getByRole('button', { name: '絞り込み' }).click();
  await page.locator('.filters select').first().selectOption('open');
  await page.locator(`[data-testid=inbox-row][data-id="${ids.later}"]`).waitFor({ state: 'detached', timeout: 10000 });
  await page.locator('[data-testid=view-open]').click();
  await fx.desk.api('POST', `/api/v1/conversations/${ids.later}/status`, { body: { status: 'open' } });
  await page.locator(`[data-testid=inbox-row][data-id="${ids.later}"]`).waitFor({ timeout: 10000 });
  assertClean(page, 'views');
});

test('bulk: tag and assign selected conversations', async () => {
  const page = await fx.page();
  await page.goto('/inbox');
  for (const id of [ids.late, ids.soon]) {
    await page.locator(`[data-testid=inbox-row][data-id="${id}"] [data-testid=row-select]`).check();
  }
  const bar = page.locator('[role=toolbar].bulk-bar');
  await bar.waitFor();
  page.once('dialog', (dialog) => dialog.accept('至急'));
  await bar.getByRole('button', { name: 'タグを追加' }).click();
  await page.locator('.bulk-status').filter({ hasText: '2件を更新しました' }).waitFor({ timeout: 10000 });
  for (const id of [ids.late, ids.soon]) {
    assert.deepEqual((await fx.desk.conversation(id)).conversation.tags, ['至急']);
  }
  for (const id of [ids.late, ids.soon]) {
    await page.locator(`[data-testid=inbox-row][data-id="${id}"] [data-testid=row-select]`).check();
  }
  await bar.locator('select').selectOption(String(ids.staff));
  await page.locator('.bulk-status').filter({ hasText: '2件を更新しました' }).waitFor({ timeout: 10000 });
  for (const id of [ids.late, ids.soon]) {
    assert.equal((await fx.desk.conversation(id)).conversation.assignee_id, ids.staff);
  }
  await screenshot(page, fx.desk, 'bulk-done');
  assertClean(page, 'bulk');
});

test('two agents in one conversation: each is warned of the other, typing included', async () => {
  const owner = await fx.page();
  const staff = await pageAs(STAFF_EMAIL, STAFF_PASSWORD);
  await owner.goto(`/conversations/${ids.late}`);
  await owner.locator('[data-testid=message]').first().waitFor();
  await staff.goto(`/conversations/${ids.late}`);
  await staff.locator('[data-testid=message]').first().waitFor();
  const warning = owner.locator('[data-testid=collision-warning]');
  await warning.waitFor({ timeout: 10000 });
  assert.match(await warning.textContent(), /森 一郎/);
  await staff.locator('textarea[data-testid=composer-input]').fill('確認します');
  await waitFor(async () => (await warning.textContent()).includes('入力中'), { timeout: 10000, what: 'the typing warning' });
  await staff.locator('textarea[data-testid=composer-input]').fill('');
  await screenshot(owner, fx.desk, 'collision-warning');
  await staff.goto('/inbox');
  await warning.waitFor({ state: 'detached', timeout: 10000 });
  assertClean(owner, 'owner');
  assertClean(staff, 'staff');
});

test('a reply the mail server refuses shows failed with the reason and a retry button', async () => {
  const page = await fx.page();
  await page.goto(`/conversations/${ids.bounce}`);
  await page.locator('[data-testid=message]').first().waitFor();
  await page.locator('textarea[data-testid=composer-input]').fill('ご連絡ありがとうございます。');
  await page.locator('[data-testid=send]').click();
  const reply = page.locator('[data-testid=message][data-direction=outbound]');
  await waitFor(async () => (await reply.getAttribute('data-delivery')) === 'failed', { timeout: 20000, what: 'the reply to fail' });
  await page.locator('[data-testid=retry]').waitFor();
  // The stored failure said in Japanese from its reason, with the server's own words.
  assert.equal(await page.locator('.delivery-problem span').first().textContent(),
    `送信できませんでした: SMTPサーバー 127.0.0.1:${fx.desk.smtp.port} が拒否しました（550 5.1.1 no such user (test)）。`);
  const [retried] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/retry')),
    page.locator('[data-testid=retry]').click(),
  ]);
  assert.equal(retried.status(), 200, 'the retry was accepted');
  assert.equal((await retried.json()).delivery, 'queued', 'queued again');
  // The peer refuses it again: failed once more, still one reply in the thread.
  await waitFor(async () => (await reply.getAttribute('data-delivery')) === 'failed', { timeout: 20000, what: 'the retried reply to fail again' });
  assert.equal(await reply.count(), 1);
  await screenshot(page, fx.desk, 'delivery-failed');
  assertClean(page, 'failed delivery');
});

test('an agent of two shops switches between them', async () => {
  fx.desk.run(['shop', 'add', 'fuji', '--name', '富士文具']);
  fx.desk.run(['channel', 'add', '--shop', 'fuji', '--name', 'support', '--address', 'support@fuji.example']);
  const token = fx.desk.run(['user', 'add', '--shop', 'fuji', '--email', OWNER_EMAIL, '--name', '佐藤 花子', '--role', 'owner']).stdout.trim();
  const channels = (await fx.desk.api('GET', '/api/v1/channels', { token })).body.items;
  const stored = await fx.desk.api('POST', `/api/v1/channels/${channels[0].id}/messages`, {
    token, raw: mail({ subject: '万年筆のインク', text: '青はありますか？', from: '富士 客 <fuji-customer@example.jp>', to: 'support@fuji.example' }),
    headers: { 'Content-Type': 'message/rfc822' },
  });
  assert.ok(stored.status === 201 || stored.status === 200, JSON.stringify(stored.body));

  const page = await fx.page();
  await page.goto('/inbox');
  const shop = page.locator('select[name=shop]');
  await shop.waitFor();
  await page.locator('[data-testid=inbox-row]').first().waitFor();
  await shop.selectOption({ label: '富士文具' });
  await waitFor(async () => JSON.stringify(await rowIds(page)) === JSON.stringify([stored.body.conversation_id]),
    { timeout: 10000, what: "the other shop's inbox" });
  await shop.selectOption({ label: 'さくら雑貨店' });
  await waitFor(async () => (await rowIds(page)).includes(ids.late), { timeout: 10000, what: 'back in the first shop' });
  assertClean(page, 'shop switcher');
});

test('a saved reply suggests its intent, the conversation takes it when the reply is sent, and the inbox filters by it', async () => {
  const created = await fx.desk.api('POST', '/api/v1/saved-replies', {
    body: { title: '配送状況のご案内', shortcut: 'haiso', intent: 'shipping', body: '{{customer.salutation}}\n\n発送済みです。' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const page = await fx.page();
  const insert = async () => {
    await page.keyboard.type('配送');
    await page.locator('[data-testid=reply-picker] [role=option]').filter({ hasText: '配送状況のご案内' }).waitFor();
    await page.keyboard.press('Enter');
  };
  await openReplyPicker(page, ids.later);
  await insert();
  const suggestion = page.locator('[data-testid=intent-suggestion]');
  await suggestion.waitFor();
  assert.match(await suggestion.innerText(), /「配送」/);
  // Inserting only suggests: nothing is set until the reply goes out.
  assert.equal((await fx.desk.conversation(ids.later)).conversation.intent, '');
  await page.getByTestId('intent-suggestion-dismiss').click();
  await suggestion.waitFor({ state: 'detached' });
  // Inserted again (appended to the text), suggested again, and taken with the reply.
  // "/" outside the composer opens the picker even with text in the box.
  await page.getByTestId('composer-input').press('Escape');
  await page.keyboard.press('/');
  await waitFor(() => page.getByTestId('reply-search').evaluate((el) => el === document.activeElement),
    { timeout: 3000, what: 'the picker opened again' });
  await insert();
  await suggestion.waitFor();
  await page.getByTestId('send').click();
  await waitFor(async () => (await fx.desk.conversation(ids.later)).conversation.intent === 'shipping',
    { what: 'the conversation to take the saved reply intent when the reply is sent' });
  await suggestion.waitFor({ state: 'detached' });
  await page.goto('/inbox?intent=shipping');
  await page.locator('[data-testid=inbox-row]').first().waitFor();
  assert.deepEqual(await rowIds(page), [ids.later]);
  // Shown by its Japanese name; the stored key stays "shipping".
  const chip = page.locator('[data-testid=inbox-row] .intent').first();
  assert.equal(await chip.innerText(), '配送');
  assert.equal(await chip.getAttribute('data-intent'), 'shipping');
  assertClean(page, 'intent');
});

test('an image attachment is previewed and a PDF is offered for download', async () => {
  // A 2x2 red PNG and a small PDF, as a customer's phone would attach them.
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';
  const pdf = Buffer.from('%PDF-1.4\n%test\n').toString('base64');
  const boundary = 'b-attach-test';
  const raw = Buffer.from([
    'From: =?UTF-8?B?' + Buffer.from('写真 送る').toString('base64') + '?= <photo@example.jp>',
    'To: support@sakura.example',
    'Subject: =?UTF-8?B?' + Buffer.from('破損の写真です').toString('base64') + '?=',
    `Message-ID: <attach-${Date.now()}@example.jp>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    '箱が潰れていました。写真を添付します。',
    `--${boundary}`,
    'Content-Type: image/png; name="box.png"',
    'Content-Disposition: attachment; filename="box.png"',
    'Content-Transfer-Encoding: base64',
    '',
    png,
    `--${boundary}`,
    'Content-Type: application/pdf; name="receipt.pdf"',
    'Content-Disposition: attachment; filename="receipt.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    pdf,
    `--${boundary}--`,
    '',
  ].join('\r\n'), 'utf8');
  const stored = await fx.desk.ingest(raw);
  const page = await fx.page();
  await page.goto(`/conversations/${stored.conversation_id}`);
  const preview = page.locator('img.attachment-preview[alt="box.png"]');
  await preview.waitFor({ timeout: 10000 });
  await waitFor(() => preview.evaluate((img) => img.complete && img.naturalWidth === 2), { what: 'the PNG to load' });
  const download = page.locator('.attachments button', { hasText: 'receipt.pdf' });
  await download.waitFor();
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  assert.equal(file.suggestedFilename(), 'receipt.pdf');
  assertClean(page, 'attachments');
});

test('@ in a note offers the agents; the one named is told inside the desk and can open it', async () => {
  const staff = await pageAs(STAFF_EMAIL, STAFF_PASSWORD);
  await staff.goto('/inbox');
  await staff.locator('[data-testid=inbox-row]').first().waitFor();

  const page = await fx.page();
  await page.goto(`/conversations/${ids.later}`);
  await page.locator('[data-testid=note-mode]').click();
  const composer = page.locator('textarea[data-testid=composer-input]');
  await composer.click();
  await page.keyboard.type('確認お願いします @森');
  const picker = page.locator('[data-testid=mention-picker]');
  await picker.waitFor({ timeout: 5000 });
  assert.deepEqual(await picker.locator('[role=option] strong').allTextContents(), ['森 一郎']);
  await page.keyboard.press('Enter');
  await picker.waitFor({ state: 'hidden' });
  assert.equal(await composer.inputValue(), '確認お願いします @森 一郎 ');
  await page.keyboard.type('Mサイズの在庫');
  await page.keyboard.press('Control+Enter');
  await waitFor(async () => (await page.locator('[data-testid=message][data-direction=note]').count()) === 1,
    { what: 'the note in the thread' });
  // What was typed after the name follows it (the caret was put after the inserted name).
  assert.match(await page.locator('[data-testid=message][data-direction=note]').innerText(), /確認お願いします @森 一郎 Mサイズの在庫/);

  const toast = staff.locator('[data-testid=toast]');
  await toast.waitFor({ timeout: 10000 });
  assert.match(await toast.innerText(), /佐藤 花子さんがメモであなたを呼んでいます/);
  assert.match(await toast.innerText(), /サイズについて/);
  await screenshot(staff, fx.desk, 'mention-toast');
  await toast.getByRole('button', { name: '開く' }).click();
  await staff.waitForURL(`**/conversations/${ids.later}`);
  const note = staff.locator('[data-testid=message][data-direction=note]', { hasText: 'Mサイズの在庫' });
  await note.waitFor({ timeout: 15000 }).catch(async (e) => {
    throw new Error(`${e.message}\nthe mentioned agent's page: ${staff.url()}\n${(await staff.locator('main').innerText()).slice(0, 1500)}`);
  });
  assert.match(await note.innerText(), /@森 一郎 Mサイズの在庫/);
  assert.equal(await page.locator('[data-testid=toast]').count(), 0, 'the writer is not told of their own note');
});
