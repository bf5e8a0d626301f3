// (b) Saved reply through the composer: "/" opens the picker, part of the title finds it,
// shown as this customer would read it (山田 太郎様, a blank tracking number marked),
// Enter inserts it, the preview shows the customer's name (山田 太郎様), Ctrl+Enter sends;
// the SMTP sink receives it and the message becomes data-delivery="sent".
// (c) A mail stored during the test appears in the open inbox live, without a reload.
// (d) The length counter: characters as counted by a person, against the channel's limit
// (Amazon 4,000); over it, sending waits until the text is shorter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, mail, mailText, openReplyPicker, screenshot, waitFor } from './harness.mjs';

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    ids.taro = (await desk.ingest({ subject: '商品について', text: '色違いはありますか？',
      from: '山田 太郎 <taro@example.jp>', date: desk.hoursAgo(1) })).conversation_id;
    await desk.savedReply({ title: '発送のご連絡', shortcut: 'ship',
      body: '{{customer.salutation}}\n\nご注文の商品を本日発送いたしました。' });
    await desk.savedReply({ title: 'お問い合わせ番号のご案内', shortcut: 'tracking',
      body: '{{customer.salutation}}\n\nお荷物の追跡番号は{{tracking.number}}です。' });
    ids.reply = (await desk.savedReply({ title: 'お問い合わせへのお礼', shortcut: 'thanks',
      body: '{{customer.salutation}}\n\nお問い合わせいただきありがとうございます。在庫を確認してご連絡いたします。' })).id;
  },
});

test('saved reply with "/", rendered preview, Ctrl+Enter sends through SMTP', async () => {
  const page = await fx.page();
  const { composer, picker } = await openReplyPicker(page, ids.taro);
  // A reply whose variable has no value for this customer is marked in the list.
  await page.keyboard.type('番号');
  const tracking = picker.locator('[role=option]', { hasText: 'お問い合わせ番号のご案内' });
  await waitFor(async () => (await tracking.locator('[data-testid=reply-blank]').count()) === 1,
    { timeout: 5000, what: 'the blank-variable mark on 「お問い合わせ番号のご案内」' });
  assert.match(await tracking.locator('[data-testid=reply-rendered]').innerText(), /^山田 太郎様 お荷物の追跡番号はです/);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('お礼');
  await waitFor(async () => {
    const options = await picker.locator('[role=option]').allTextContents();
    return options.length >= 1 && options[0].includes('お問い合わせへのお礼') && !options.some((o) => o.includes('発送のご連絡'));
  }, { timeout: 5000, what: 'the picker filtered to 「お問い合わせへのお礼」' });
  const option = (title) => picker.locator('[role=option]', { hasText: title });
  assert.match(await option('お問い合わせへのお礼').locator('[data-testid=reply-rendered]').innerText(),
    /^山田 太郎様 お問い合わせいただきありがとうございます/, 'rendered for this customer');
  assert.equal(await option('お問い合わせへのお礼').locator('[data-testid=reply-blank]').count(), 0);
  await screenshot(page, fx.desk, 'reply-picker');
  await page.keyboard.press('Enter');
  await picker.waitFor({ state: 'hidden', timeout: 5000 });
  await waitFor(async () => (await composer.inputValue()).includes('在庫を確認してご連絡いたします'),
    { timeout: 5000, what: 'the saved reply in the composer' });

  const preview = page.locator('[data-testid=composer-preview]');
  await waitFor(async () => (await preview.textContent() || '').includes('山田 太郎様'),
    { timeout: 10000, what: 'the preview to show 山田 太郎様' });
  assert.ok(!(await preview.textContent()).includes('{{'), 'no unrendered variable in the preview');
  await screenshot(page, fx.desk, 'composer-preview');

  await composer.focus();
  await page.keyboard.press('Control+Enter');
  const [sent] = await fx.desk.smtp.waitForMessages(1, 20000);
  assert.deepEqual(sent.envelope.rcpt_tos, ['taro@example.jp']);
  const text = mailText(sent.raw);
  assert.ok(text.startsWith('山田 太郎様'), `the sent mail starts with the salutation: ${JSON.stringify(text)}`);
  assert.ok(text.includes('在庫を確認してご連絡いたします'), text);

  const outbound = page.locator('[data-testid=conversation] [data-testid=message][data-direction=outbound]');
  await outbound.first().waitFor({ timeout: 10000 });
  await waitFor(async () => (await outbound.last().getAttribute('data-delivery')) === 'sent',
    { timeout: 15000, what: 'data-delivery="sent" on the reply (no reload)' });
  assert.equal(await outbound.count(), 1, 'one reply in the thread');
  assert.equal(await composer.inputValue(), '', 'the composer is empty after sending');
  await screenshot(page, fx.desk, 'reply-sent');
  assertClean(page, 'composer');
});

test('a new mail appears in the inbox live, without a reload', async () => {
  const page = await fx.page();
  await page.goto('/inbox');
  await page.locator('[data-testid=inbox-row]').first().waitFor({ timeout: 10000 });
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.waitForTimeout(500); // let the live connection settle
  const started = Date.now();
  const stored = await fx.desk.ingest({ subject: 'ライブ更新の確認', text: '届いていますか？',
    from: '佐々木 次郎 <jiro@example.jp>' });
  await page.locator(`[data-testid=inbox-row][data-id="${stored.conversation_id}"]`)
    .waitFor({ timeout: 10000 });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
  const row = page.locator(`[data-testid=inbox-row][data-id="${stored.conversation_id}"]`);
  assert.ok((await row.textContent()).includes('ライブ更新の確認'), 'the row shows the subject');
  console.log(`# the new conversation appeared after ${seconds.toFixed(2)} s`);
  assertClean(page, 'live inbox');
});

test('the composer counts characters against the channel limit and will not send more', async () => {
  const channel = await fx.desk.api('POST', '/api/v1/channels', {
    body: { kind: 'amazon', name: 'amazon-jp', address: 'amazon@sakura.example', smtp_url: fx.desk.smtp.url },
  });
  assert.equal(channel.status, 201, JSON.stringify(channel.body));
  const stored = await fx.desk.api('POST', `/api/v1/channels/${channel.body.id}/messages`, {
    raw: mail({ subject: '注文番号 250-1234567-1234567 について', text: '届いていません。',
      from: '佐藤 <abc123+xyz@marketplace.amazon.co.jp>' }),
    headers: { 'Content-Type': 'message/rfc822' },
  });
  assert.ok(stored.status === 201 || stored.status === 200, JSON.stringify(stored.body));
  const page = await fx.page();
  await page.goto(`/conversations/${stored.body.conversation_id}`);
  const box = page.getByTestId('composer-input');
  await box.waitFor();
  // 髙 and 🙇 are one character each, as a person counts them.
  await box.fill('髙橋様🙇 ありがとうございます。');
  const counter = page.getByTestId('composer-length');
  await waitFor(async () => (await counter.innerText()) === '16 / 4,000文字', { what: 'the counter at 16' });
  await box.fill('あ'.repeat(4001));
  await waitFor(async () => (await counter.innerText()) === '4,001 / 4,000文字', { what: 'the counter at 4,001' });
  assert.equal(await counter.getAttribute('class'), 'length over');
  assert.ok(await page.getByTestId('send').isDisabled(), 'sending waits');
  await box.press('End');
  await box.press('Backspace');
  await waitFor(async () => (await counter.innerText()) === '4,000 / 4,000文字', { what: 'the counter at 4,000' });
  assert.ok(!(await page.getByTestId('send').isDisabled()));
  assertClean(page, 'length counter');
});


test('a mail reply with copies: Cc in the mail, Bcc only in the envelope', async () => {
  const page = await fx.page();
  const id = (await fx.desk.ingest({ subject: '請求書の宛先', text: '経理にも送ってください。',
    from: '高田 直子 <naoko@example.jp>' })).conversation_id;
  await page.goto(`/conversations/${id}`);
  await page.locator('[data-testid=show-copies]').click();
  await page.locator('[data-testid=composer-cc]').fill('keiri@example.jp、 bad address');
  const composer = page.locator('textarea[data-testid=composer-input]');
  await composer.fill('高田 直子様、経理ご担当者様にもお送りします。');
  const before = fx.desk.smtp.messages().length;
  await page.locator('[data-testid=send]').click();
  await waitFor(async () => /「bad」はメールアドレスではありません/.test(await page.locator('.composer [role=alert]').innerText().catch(() => '')),
    { what: 'the bad copy address named before sending' });

  await page.locator('[data-testid=composer-cc]').fill('keiri@example.jp');
  await page.locator('[data-testid=composer-bcc]').fill('manager@sakura.example');
  await page.locator('[data-testid=send]').click();
  const messages = await fx.desk.smtp.waitForMessages(before + 1, 20000);
  const sent = messages[messages.length - 1];
  assert.deepEqual([...sent.envelope.rcpt_tos].sort(), ['keiri@example.jp', 'manager@sakura.example', 'naoko@example.jp']);
  const raw = sent.raw.toString();
  assert.match(raw, /\r\nCc: <keiri@example\.jp>\r\n/);
  assert.doesNotMatch(raw, /manager@|Bcc/);
  // The mail can reach the sink before the page has the answer to its request.
  await waitFor(async () => (await page.locator('[data-testid=composer-cc]').count()) === 0,
    { what: 'the copy fields closed after sending' });
});

test('files chosen, dropped and pasted go with the reply; the limit is named before anything is sent', async () => {
  const page = await fx.page();
  const id = (await fx.desk.ingest({ subject: '破損していました', text: 'マグカップの取っ手が割れていました。',
    from: '小林 舞 <mai@example.jp>' })).conversation_id;
  await page.goto(`/conversations/${id}`);
  const limit = page.getByTestId('attach-limit');
  await limit.waitFor();
  assert.match(await limit.innerText(), /合計10 MB・10ファイルまで/);
  const chips = page.getByTestId('attached-file');
  const before = fx.desk.smtp.messages().length;

  // Chosen with the button.
  const pdf = Buffer.from('%PDF-1.4\n% 返品受付票\n%%EOF\n');
  await page.getByTestId('attach-input').setInputFiles({ name: '返品受付票.pdf', mimeType: 'application/pdf', buffer: pdf });
  await waitFor(async () => (await chips.count()) === 1, { what: 'the chosen file listed' });

  // Dropped on the composer, and pasted into the box (a screenshot has no name of its own).
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4];
  await page.evaluate((bytes) => {
    const drop = new DataTransfer();
    drop.items.add(new File([new Uint8Array(bytes)], '取っ手の写真.png', { type: 'image/png' }));
    const composer = document.querySelector('.composer');
    composer.dispatchEvent(new DragEvent('dragover', { dataTransfer: drop, bubbles: true, cancelable: true }));
    composer.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
    const paste = new DataTransfer();
    paste.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
    document.querySelector('[data-testid=composer-input]')
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: paste, bubbles: true, cancelable: true }));
  }, png);
  await waitFor(async () => (await chips.count()) === 3, { what: 'the dropped and the pasted image listed' });
  const names = await chips.locator('.file-name').allInnerTexts();
  assert.deepEqual(names.slice(0, 2), ['返品受付票.pdf', '取っ手の写真.png']);
  assert.match(names[2], /^貼り付け画像_\d{8}-\d{6}\.png$/);

  // Over the limit: refused at once, naming the file and the limit; nothing goes up.
  await page.getByTestId('attach-input').setInputFiles({ name: '動画.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(10 * 1024 * 1024) });
  await waitFor(async () => /「動画\.mp4」（10 MB）は添付できません。添付は合計10 MBまでです。/.test(
    await page.getByTestId('file-problem').innerText().catch(() => '')), { what: 'the file over the limit named' });
  assert.equal(await chips.count(), 3);
  await screenshot(page, fx.desk, 'composer-files');

  // One taken off again; the reply goes with the other two.
  await chips.nth(1).getByRole('button').click();
  await waitFor(async () => (await chips.count()) === 2, { what: 'the photo taken off' });
  await page.getByTestId('composer-input').fill('小林 舞様、返品受付票をお送りします。');
  await page.getByTestId('send').click();
  const messages = await fx.desk.smtp.waitForMessages(before + 1, 20000);
  const raw = messages[messages.length - 1].raw.toString();
  assert.match(raw, /Content-Type: multipart\/mixed/);
  // 返品受付票.pdf as RFC 2231, and the PDF's bytes in base64.
  assert.match(raw, /filename\*0\*=UTF-8''%E8%BF%94%E5%93%81%E5%8F%97%E4%BB%98%E7%A5%A8\.pdf/);
  assert.ok(raw.includes(pdf.toString('base64').slice(0, 40)), 'the PDF is in the mail');
  assert.doesNotMatch(raw, /%E5%8F%96%E3%81%A3%E6%89%8B/, 'the photo taken off is not');
  await waitFor(async () => (await chips.count()) === 0, { what: 'the files cleared after sending' });
  const sent = page.locator('[data-direction=outbound]').last();
  await waitFor(async () => /返品受付票\.pdf/.test(await sent.innerText()), { what: 'the sent files in the thread' });
  assertClean(page, 'composer files');
});
