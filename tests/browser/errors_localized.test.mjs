// Every message a seller can see is in the UI's language (issue 14, item 5): the
// server names each failure by a stable reason with parameters, and the desk says it in
// Japanese (or English after the switch), never in the server's developer English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture } from './harness.mjs';

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    ids.c = (await desk.ingest({ subject: '配送について', text: 'いつ届きますか？',
      from: '田中 花子 <hanako@example.jp>', date: desk.hoursAgo(1) })).conversation_id;
  },
});

const MISSING = [/^http: 404 GET .*\/api\/v1\/conversations\/99999$/, /status of 404.*\/api\/v1\/conversations\/99999/];

// The saved reply is refused with 400 (which Chromium also logs to the console).
const REFUSED = [/^http: 400 POST .*\/api\/v1\/saved-replies$/, /status of 400.*\/api\/v1\/saved-replies/];

test('a template mistake in a saved reply is explained in Japanese with its line and column', async () => {
  const page = await fx.page({ expect: REFUSED });
  await page.goto('/settings/replies');
  await page.getByRole('button', { name: '定型文を作成' }).click();
  await page.locator('#reply-new-title').fill('お礼');
  await page.locator('#reply-new-body').fill('{{customer} {{customer.salutation}}\nご連絡ありがとうございます。');
  await page.getByRole('button', { name: '作成する' }).click();
  const error = page.locator('form [role=alert]');
  await error.waitFor({ timeout: 10000 });
  assert.equal(await error.innerText(),
    '1行1文字目：「customer} {{customer.salutation」は変数名として使えません。{{ と }} の組み合わせを確認してください。');
  assertClean(page, 'template error');
});

test('a conversation that does not exist is named in Japanese, and in English after the switch', async () => {
  const page = await fx.page({ expect: MISSING });
  await page.goto('/conversations/99999');
  const alert = page.locator('[role=alert]').first();
  await alert.waitFor({ timeout: 10000 });
  assert.equal(await alert.innerText(), '会話（99999）が見つかりません。削除されたか、別のショップのものです。');

  await page.evaluate(() => localStorage.setItem('shopdesk.language', 'en'));
  await page.reload();
  await alert.waitFor({ timeout: 10000 });
  assert.equal(await alert.innerText(), 'Conversation 99999 was not found: it was deleted or belongs to another shop.');
  assert.ok((page.allowed ?? []).length > 0, 'the 404 was seen (and expected)');
  assertClean(page, 'not found');
});
