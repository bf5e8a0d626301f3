// Nothing blank reaches a customer (issue 14, item 2): a saved reply whose variable has
// no value for this conversation ({{tracking.number}} before anything shipped) gets a
// warning naming the variable and the section that avoids it, and sending waits for a
// deliberate "send anyway"; written as a section, the same reply has no gap and sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, mailText, openReplyPicker, screenshot, waitFor } from './harness.mjs';

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    ids.taro = (await desk.ingest({ subject: '発送はいつですか', text: 'いつ届きますか？',
      from: '山田 太郎 <taro@example.jp>', date: desk.hoursAgo(1) })).conversation_id;
    await desk.savedReply({ title: '追跡番号のご案内', shortcut: 'track',
      body: '{{customer.salutation}}\n\n追跡番号は（{{tracking.number}}）です。' });
    await desk.savedReply({ title: '発送のご案内', shortcut: 'shipped',
      body: '{{customer.salutation}}\n\n本日発送いたしました。{{#tracking.number}}追跡番号は{{tracking.number}}です。{{/tracking.number}}' });
  },
});

// Types `query` in the picker, waits until `title` is its only option, inserts it.
async function insert(page, picker, query, title) {
  await page.keyboard.type(query);
  await waitFor(async () => {
    const options = await picker.locator('[role=option]').allTextContents();
    return options.length === 1 && options[0].includes(title);
  }, { timeout: 5000, what: `the picker filtered to 「${title}」` });
  await page.keyboard.press('Enter');
  await picker.waitFor({ state: 'hidden', timeout: 5000 });
}

test('a blank variable is named and sending it needs a deliberate confirmation', async () => {
  const page = await fx.page();
  const { composer, picker } = await openReplyPicker(page, ids.taro);
  await insert(page, picker, '追跡番号', '追跡番号のご案内');
  const warning = page.locator('[data-testid=lint-warning][data-code=blank_variable]');
  await warning.waitFor({ timeout: 5000 });
  const message = await warning.innerText();
  assert.match(message, /\{\{tracking\.number\}\}/);
  assert.match(message, /\{\{#tracking\.number\}\}/, 'it names the section that avoids the gap');
  assert.match(await page.locator('[data-testid=composer-preview]').innerText(), /追跡番号は（）です。/);

  // Ctrl+Enter asks first; nothing is sent.
  await composer.focus();
  await page.keyboard.press('Control+Enter');
  await page.locator('[data-testid=confirm-blank]').waitFor({ timeout: 5000 });
  await screenshot(page, fx.desk, 'blank-variable-confirm');
  const outbound = page.locator('[data-testid=conversation] [data-testid=message][data-direction=outbound]');
  assert.equal(await outbound.count(), 0, 'not sent without the confirmation');
  assert.equal((await fx.desk.api('GET', `/api/v1/conversations/${ids.taro}`)).body.messages
    .filter((m) => m.direction === 'outbound').length, 0);

  // Going back keeps the text; changing it withdraws the question.
  await page.locator('[data-testid=confirm-blank-edit]').click();
  assert.equal(await page.locator('[data-testid=confirm-blank]').count(), 0);
  assert.match(await composer.inputValue(), /\{\{tracking\.number\}\}/);

  // Sent anyway, deliberately: it goes as the preview showed it.
  await composer.focus();
  await page.keyboard.press('Control+Enter');
  await page.locator('[data-testid=confirm-blank-send]').click();
  const [sent] = await fx.desk.smtp.waitForMessages(1, 20000);
  assert.match(mailText(sent.raw), /追跡番号は（）です。/);
  await waitFor(async () => (await outbound.count()) === 1, { timeout: 10000, what: 'the reply in the thread' });
  assertClean(page, 'blank variable');
});

test('written as a section, the reply has no gap, no warning and sends at once', async () => {
  const page = await fx.page();
  const { composer, picker } = await openReplyPicker(page, ids.taro);
  await insert(page, picker, '発送の', '発送のご案内');
  const preview = page.locator('[data-testid=composer-preview]');
  await waitFor(async () => (await preview.count()) === 1 && (await preview.innerText()).includes('本日発送いたしました。'),
    { timeout: 5000, what: 'the rendered preview' });
  assert.ok(!(await preview.innerText()).includes('追跡番号'), 'the section is left out without a number');
  assert.equal(await page.locator('[data-testid=lint-warning][data-code=blank_variable]').count(), 0);
  const before = (await fx.desk.smtp.messages()).length;
  await composer.focus();
  await page.keyboard.press('Control+Enter');
  await fx.desk.smtp.waitForMessages(before + 1, 20000);
  assert.equal(await page.locator('[data-testid=confirm-blank]').count(), 0);
});
