// Enter that confirms a Japanese (IME) conversion never sends, inserts a saved reply or
// triggers a shortcut (issue 14, item 6). Chrome marks such keys with isComposing; some
// IMEs only with keyCode 229. Both are sent here as the browser would during a
// composition, then the same keys without it do their job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, openReplyPicker, waitFor } from './harness.mjs';

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    ids.c = (await desk.ingest({ subject: '返品について', text: '返品できますか？',
      from: '山田 太郎 <taro@example.jp>', date: desk.hoursAgo(1) })).conversation_id;
    await desk.savedReply({ title: 'お問い合わせへのお礼', body: '{{customer.salutation}}\n\nありがとうございます。' });
  },
});

// Dispatches keydown as an IME does while composing: isComposing, or only keyCode 229.
async function composingKey(locator, init, how) {
  await locator.evaluate((el, { init, how }) => {
    const event = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true,
      isComposing: how === 'isComposing' });
    if (how === 'keyCode229') Object.defineProperty(event, 'keyCode', { get: () => 229 });
    el.dispatchEvent(event);
  }, { init, how });
}

test('IME: Enter confirming a conversion neither sends, inserts a saved reply nor opens', async () => {
  const page = await fx.page();
  // The saved-reply picker: Enter while composing the search word picks nothing.
  const { composer, picker, search } = await openReplyPicker(page, ids.c);
  await search.fill('お礼');
  await waitFor(async () => (await picker.locator('[role=option]').count()) >= 1,
    { timeout: 5000, what: 'the picker lists 「お問い合わせへのお礼」' });
  for (const how of ['isComposing', 'keyCode229']) {
    await composingKey(search, { key: 'Enter' }, how);
    await page.waitForTimeout(300);
    assert.ok(await picker.isVisible(), `the picker stays open (${how})`);
    assert.ok(!(await composer.inputValue()).includes('ありがとうございます'), `nothing inserted (${how})`);
  }
  await search.press('Enter');  // not composing: inserts
  await picker.waitFor({ state: 'hidden', timeout: 5000 });
  await waitFor(async () => (await composer.inputValue()).includes('ありがとうございます'),
    { timeout: 5000, what: 'the saved reply in the composer' });

  // The composer: Ctrl+Enter while composing does not send.
  await composer.focus();
  for (const how of ['isComposing', 'keyCode229']) {
    await composingKey(composer, { key: 'Enter', ctrlKey: true }, how);
  }
  await page.waitForTimeout(1500);
  assert.equal(fx.desk.smtp.messages().length, 0, 'nothing was sent while composing');
  assert.ok((await composer.inputValue()).includes('ありがとうございます'), 'the text is still in the composer');
  await page.keyboard.press('Control+Enter');  // not composing: sends
  await fx.desk.smtp.waitForMessages(1, 20000);
  assertClean(page, 'ime keys');
});
