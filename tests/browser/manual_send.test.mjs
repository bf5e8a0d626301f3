// A channel without a way to send (Etsy: answers are written in Etsy's own
// conversations) (issue 14, item 1): the reply waits as 手動送信待ち with its text to
// copy, nothing goes to the mail server, the response clock keeps running, and
// 「送信済みにする」 records it as sent and answers the clock at that moment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, mail, waitFor } from './harness.mjs';

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    const channel = await desk.api('POST', '/api/v1/channels',
      { body: { kind: 'etsy', name: 'Etsy', address: 'etsy@sakura.example', display_name: 'さくら雑貨店' } });
    if (channel.status !== 201) throw new Error(`etsy channel: ${channel.status} ${JSON.stringify(channel.body)}`);
    const raw = mail({ subject: 'Jane sent you a message', text: 'Is the blue mug still available?',
      from: 'Etsy <transaction@etsy.com>', date: desk.hoursAgo(3), extra: 'Reply-To: jane@example.com\r\n' });
    const stored = await desk.api('POST', `/api/v1/channels/${channel.body.id}/messages`,
      { raw, headers: { 'Content-Type': 'message/rfc822' } });
    if (stored.status !== 201) throw new Error(`ingest: ${stored.status} ${JSON.stringify(stored.body)}`);
    ids.conversation = stored.body.conversation_id;
  },
});

test('a reply on Etsy is sent by hand, and answers the clock when marked sent', async () => {
  const page = await fx.page();
  await page.goto(`/conversations/${ids.conversation}`);
  const composer = page.locator('textarea[data-testid=composer-input]');
  await composer.waitFor({ timeout: 10000 });
  await composer.fill('Hi Jane, yes, the blue mug is in stock.');
  await composer.focus();
  await page.keyboard.press('Control+Enter');
  const outbound = page.locator('[data-testid=conversation] [data-testid=message][data-direction=outbound]');
  await waitFor(async () => (await outbound.count()) === 1 && (await outbound.first().getAttribute('data-delivery')) === 'manual',
    { timeout: 10000, what: 'data-delivery="manual" on the reply' });
  assert.match(await outbound.first().locator('[data-testid=delivery-state]').innerText(), /手動送信待ち/);
  let sla = (await fx.desk.api('GET', `/api/v1/conversations/${ids.conversation}/sla`)).body;
  assert.equal(sla.clocks[0].state, 'running', JSON.stringify(sla.clocks));
  assert.equal(sla.clocks[0].awaiting_delivery, true, JSON.stringify(sla.clocks));

  await outbound.first().locator('[data-testid=mark-sent]').click();
  await waitFor(async () => (await outbound.first().getAttribute('data-delivery')) === 'sent',
    { timeout: 10000, what: 'data-delivery="sent" after 送信済みにする' });
  sla = (await fx.desk.api('GET', `/api/v1/conversations/${ids.conversation}/sla`)).body;
  assert.equal(sla.clocks[0].state, 'fulfilled', JSON.stringify(sla.clocks));
  assert.equal(fx.desk.smtp.messages().length, 0, 'nothing went to the mail server');
  assertClean(page, 'manual send');
});
