// Away mode tells the truth (issue 14, item 3): switched on, the desk shows a 臨時休業中
// banner with the time the automatic answer promises, the answer itself says 臨時休業中
// (not 営業時間外) and promises that same time; switched off, the banner goes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, mailText } from './harness.mjs';

const fx = fixture({});

test('a 臨時休業 banner while away, and an answer that says why and when', async () => {
  const on = await fx.desk.api('PUT', '/api/v1/away', { body: { enabled: true } });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  assert.equal(on.body.away_reason, 'temporarily_closed');

  const page = await fx.page();
  await page.goto('/inbox');
  const banner = page.locator('[data-testid=away-banner]');
  await banner.waitFor({ timeout: 10000 });
  assert.equal(await banner.getAttribute('data-reason'), 'temporarily_closed');
  const text = await banner.innerText();
  assert.match(text, /臨時休業中/);

  // A customer writes: the answer names the reason and a time on the hour.
  await fx.desk.ingest({ subject: '在庫について', text: '在庫はありますか？', from: '佐藤 花子 <hanako@example.jp>' });
  const [answer] = await fx.desk.smtp.waitForMessages(1, 20000);
  const body = mailText(answer.raw);
  assert.match(body, /ただいま臨時休業中のため/, body);
  const promised = /(\d+月\d+日\(.\) \d+時)までにご返信いたします/.exec(body);
  assert.ok(promised, body);

  // Switched off: the banner goes.
  const off = await fx.desk.api('PUT', '/api/v1/away', { body: { enabled: false } });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  await page.reload();
  await page.locator('[data-testid=inbox-row]').first().waitFor({ timeout: 10000 });
  assert.equal(await page.locator('[data-testid=away-banner]').count(), 0);
  assertClean(page, 'away banner');
});
