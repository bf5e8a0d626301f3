// The health report as a seller reads it: the customers waiting longest by subject and
// name, each conversation once, none on hold; no "spike" on a shop without a month of
// history (issue 14, item 4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, screenshot } from './harness.mjs';

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    ids.waiting = (await desk.ingest({ subject: '注文 250-1234567-1234567 が届きません', text: 'いつ届きますか？',
      from: '鈴木 一郎 <ichiro@example.jp>', date: desk.hoursAgo(30) })).conversation_id;
    // The same customer again, in the same conversation: still one row.
    await desk.ingest({ subject: 'Re: 注文 250-1234567-1234567 が届きません', text: 'まだでしょうか。',
      from: '鈴木 一郎 <ichiro@example.jp>', date: desk.hoursAgo(27) });
    ids.held = (await desk.ingest({ subject: '返品の送り先', text: '返品先を教えてください。',
      from: '田中 花子 <hanako@example.jp>', date: desk.hoursAgo(29) })).conversation_id;
    // A first week of mail only: far above an empty month, and no spike.
    for (let i = 0; i < 12; i++) {
      await desk.ingest({ subject: `在庫の確認 ${i}`, text: '在庫はありますか？', date: desk.hoursAgo(i * 3) });
    }
  },
});

test('health: the longest waiting by subject and name, once each, none on hold; no spike without history', async () => {
  const page = await fx.page();
  // Put the second conversation on hold (waiting for the customer) through the API.
  const held = await fx.desk.api('POST', `/api/v1/conversations/${ids.held}/status`, { body: { status: 'on_hold' } });
  assert.equal(held.status, 200, JSON.stringify(held.body));

  await page.goto('/reports');
  const rows = page.locator('ul.oldest li');
  await rows.first().waitFor({ timeout: 10000 });
  const texts = await rows.allInnerTexts();
  await screenshot(page, fx.desk, 'health-report');
  const waiting = texts.filter((t) => t.includes('注文 250-1234567-1234567 が届きません'));
  assert.equal(waiting.length, 1, `one row for the conversation: ${JSON.stringify(texts)}`);
  assert.match(waiting[0], /鈴木 一郎/);
  assert.ok(!texts.some((t) => t.includes('返品の送り先')), `on hold is not waiting: ${JSON.stringify(texts)}`);
  assert.ok(!texts.some((t) => /会話 #\d+/.test(t)), `rows name their subject: ${JSON.stringify(texts)}`);
  await page.locator('[data-testid=spikes-unjudged]').waitFor({ timeout: 5000 });
  assert.match(await page.locator('[data-testid=spikes-unjudged]').innerText(), /14日/);
});
