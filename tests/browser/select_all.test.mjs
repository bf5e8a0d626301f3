// Select all (issue 14, item 9): the rows shown, then every conversation of the view
// past the pages loaded (200 each), for one bulk action that keeps each one's own tags.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, waitFor } from './harness.mjs';

const TOTAL = 420; // more than the pages of 200 the inbox loads ahead
const ids = [];
const fx = fixture({
  seed: async (desk) => {
    for (let i = 0; i < TOTAL; i++) {
      ids.push((await desk.ingest({ subject: `在庫の確認 ${i + 1}`, text: `${i + 1}番目の問い合わせです。`,
        from: `お客様${i + 1} <customer${i + 1}@example.jp>` })).conversation_id);
    }
    const tagged = await desk.api('PUT', `/api/v1/conversations/${ids[0]}/tags`, { body: { tags: ['至急'] } });
    assert.equal(tagged.status, 200, JSON.stringify(tagged.body));
  },
});

test('select all goes past the loaded page, and a bulk tag keeps the tags each had', async () => {
  const page = await fx.page();
  await page.goto('/inbox');
  await page.locator('[data-testid=inbox-row]').first().waitFor({ timeout: 10000 });
  await page.locator('[data-testid=select-all]').check();
  const bar = page.locator('.bulk-bar');
  assert.match(await bar.innerText(), /^(200|400)件を選択中/, 'the loaded rows');

  await page.locator('[data-testid=select-whole-view]').click();
  await waitFor(async () => /^420件を選択中/.test(await bar.innerText()), { timeout: 20000, what: '420 selected' });

  page.once('dialog', (dialog) => void dialog.accept('まとめ対応'));
  await bar.getByRole('button', { name: 'タグを追加' }).click();
  await waitFor(async () => /420件を更新しました/.test(await page.locator('.bulk-status').innerText().catch(() => '')),
    { timeout: 60000, what: 'the bulk tag done for 420' });
  assert.doesNotMatch(await page.locator('.bulk-status').innerText(), /失敗/);

  const tagged = await fx.desk.api('GET', '/api/v1/conversations?tag=' + encodeURIComponent('まとめ対応') + '&limit=1');
  assert.equal(tagged.body.view_counts.all, TOTAL, JSON.stringify(tagged.body.view_counts));
  const first = await fx.desk.api('GET', `/api/v1/conversations/${ids[0]}`);
  assert.deepEqual(first.body.conversation.tags, ['まとめ対応', '至急']);
});
