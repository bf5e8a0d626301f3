// A reply that fails to send is not an answer (issue 14, item 1): the mail server
// refuses it (550), so the response clock runs again from its deadline, the
// conversation leads the inbox with a failure mark, the 送信失敗 view counts it, and
// the first-response report counts only the reply that was delivered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, screenshot, waitFor } from './harness.mjs';

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    // Due first: written ten hours ago.
    ids.early = (await desk.ingest({ subject: '在庫の確認', text: '青いマグカップの在庫はありますか？',
      from: '佐藤 花子 <hanako@example.jp>', date: desk.hoursAgo(10) })).conversation_id;
    // Due later, and its address refuses every mail (the sink answers 550).
    ids.failing = (await desk.ingest({ subject: '注文 250-1234567-1234567 の配送先変更', text: '配送先を変更したいです。',
      from: '鈴木 一郎 <fail5xx@example.jp>', date: desk.hoursAgo(2) })).conversation_id;
  },
});

async function rowIds(page) {
  return page.locator('[data-testid=inbox-row]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
}

test('a refused reply re-opens the clock, leads the inbox with a mark, and is no answer in the reports', async () => {
  const page = await fx.page();
  await page.goto('/inbox');
  await page.locator('[data-testid=inbox-row]').first().waitFor({ timeout: 10000 });
  assert.deepEqual((await rowIds(page)).slice(0, 2), [ids.early, ids.failing], 'by due time before the reply');

  // The reply, written in the composer, resolves the conversation as it is sent.
  await page.goto(`/conversations/${ids.failing}`);
  const composer = page.locator('textarea[data-testid=composer-input]');
  await composer.waitFor({ timeout: 10000 });
  await composer.fill('鈴木 一郎様、配送先の変更を承りました。');
  await page.locator('label.status-after select').selectOption('resolved');
  await composer.focus();
  await page.keyboard.press('Control+Enter');
  const outbound = page.locator('[data-testid=conversation] [data-testid=message][data-direction=outbound]');
  await waitFor(async () => (await outbound.count()) === 1 && (await outbound.first().getAttribute('data-delivery')) === 'failed',
    { timeout: 20000, what: 'data-delivery="failed" on the refused reply' });

  // The clock: running again, with the deadline it had (two hours in of 24).
  const sla = await fx.desk.api('GET', `/api/v1/conversations/${ids.failing}/sla`);
  assert.equal(sla.status, 200, JSON.stringify(sla.body));
  const [clock] = sla.body.clocks;
  assert.equal(clock.state, 'running', JSON.stringify(clock));
  assert.equal(clock.answer_message_id, null, JSON.stringify(clock));
  assert.ok(sla.body.events.some((e) => e.kind === 'reopened'), JSON.stringify(sla.body.events));

  // The inbox (open conversations): open again, first, marked, counted, and in its own view.
  await page.goto('/inbox');
  const first = page.locator('[data-testid=inbox-row]').first();
  await first.waitFor({ timeout: 10000 });
  await waitFor(async () => Number(await first.getAttribute('data-id')) === ids.failing,
    { timeout: 10000, what: 'the failed conversation at the top of the inbox' });
  assert.match(await first.locator('[data-testid=delivery-failed-mark]').innerText(), /送信失敗/);
  assert.notEqual(await first.getAttribute('data-urgency'), 'none', 'a response is owed again');
  assert.equal(await page.locator('[data-testid=inbox-row] [data-testid=delivery-failed-mark]').count(), 1);
  assert.equal((await page.locator('[data-testid=failed-count]').innerText()).trim(), '1');
  await screenshot(page, fx.desk, 'inbox-delivery-failed');
  await page.locator('[data-testid=view-failed]').click();
  await waitFor(async () => JSON.stringify(await rowIds(page)) === JSON.stringify([ids.failing]),
    { timeout: 10000, what: 'only the failed conversation in the 送信失敗 view' });

  // The other customer's reply reaches them; the report counts only that one.
  const reply = await fx.desk.api('POST', `/api/v1/conversations/${ids.early}/replies`,
    { body: { body: '佐藤 花子様、在庫がございます。' } });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  await fx.desk.smtp.waitForMessages(1, 20000);
  await waitFor(async () => (await fx.desk.api('GET', '/api/v1/reports/first-response')).body.count === 1,
    { timeout: 10000, what: 'one delivered first response in the report' });
  const report = await fx.desk.api('GET', '/api/v1/reports/first-response');
  assert.equal(report.body.count, 1, JSON.stringify(report.body));
});
