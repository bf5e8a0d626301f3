// The mail view (issue 14, item 11): an HTML mail at its natural height (still in the
// sandbox), the quoted history and the signature folded behind a button, and a long
// message shortened with "show all".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, screenshot } from './harness.mjs';

const ids = {};
const LONG = Array.from({ length: 120 }, (_, i) => `${i + 1}行目：商品の状態について詳しくご説明します。`).join('\n');
const PARAGRAPHS = Array.from({ length: 20 }, (_, i) => `<p>段落${i + 1}：ご注文の品について。</p>`).join('');

const fx = fixture({
  seed: async (desk) => {
    ids.quoted = (await desk.ingest({
      subject: '届きました', from: '山田 太郎 <taro@example.jp>', date: desk.hoursAgo(3),
      text: 'ありがとうございます。無事に届きました。\n\n-- \n山田 太郎\n090-1234-5678\n\n'
        + '2026年11月24日(火) 10:00 さくら雑貨店 <support@sakura.example>:\n> ご注文ありがとうございます。\n> 本日発送いたしました。\n',
    })).conversation_id;
    ids.long = (await desk.ingest({ subject: '長い説明', text: LONG, from: '佐藤 一郎 <ichiro@example.jp>', date: desk.hoursAgo(2) })).conversation_id;
    ids.html = (await desk.ingest({
      subject: 'HTMLメール', from: '田中 花子 <hanako@example.jp>', date: desk.hoursAgo(1),
      text: '段落1', html: `<div>${PARAGRAPHS}</div><div class="gmail_quote"><p>2026/11/24 さくら雑貨店:</p>`
        + `<blockquote>${'<p>以前のやりとりです。</p>'.repeat(20)}</blockquote></div>`,
    })).conversation_id;
  },
});

const open = async (page, id) => {
  await page.goto(`/conversations/${id}`);
  const message = page.locator('[data-testid=conversation] [data-testid=message]').first();
  await message.waitFor({ timeout: 10000 });
  return message;
};

test('the quoted history and the signature of a plain-text mail are folded behind one button', async () => {
  const page = await fx.page();
  const message = await open(page, ids.quoted);
  const text = await message.locator('.message-text').innerText();
  assert.match(text, /無事に届きました/);
  assert.doesNotMatch(text, /本日発送いたしました|090-1234-5678/);
  await message.getByTestId('show-quoted').click();
  const quoted = message.getByTestId('quoted');
  await quoted.waitFor();
  assert.match(await quoted.innerText(), /090-1234-5678[\s\S]*> 本日発送いたしました/);
  assertClean(page, 'quoted text');
});

test('a long message is shortened to its first lines with "show all"', async () => {
  const page = await fx.page();
  const message = await open(page, ids.long);
  const text = await message.locator('.message-text').innerText();
  assert.match(text, /20行目/);
  assert.doesNotMatch(text, /21行目/);
  await message.getByTestId('show-all').click();
  await message.locator('.message-text', { hasText: '120行目' }).waitFor();
  assertClean(page, 'long message');
});

test('an HTML mail is shown at its natural height with its quote folded', async () => {
  const page = await fx.page();
  const message = await open(page, ids.html);
  const frame = message.getByTestId('mail-html');
  // The visible frame stays an opaque-origin sandbox without scripts.
  assert.equal(await frame.getAttribute('sandbox'), 'allow-popups allow-popups-to-escape-sandbox');
  const measured = async () => Number(await frame.getAttribute('data-natural-height'));
  await page.waitForFunction((el) => Number(el.getAttribute('data-natural-height')) > 0, await frame.elementHandle());
  const folded = await measured();
  // 20 paragraphs of 14 px text at line-height 1.6 plus margins: far more than a fixed box.
  assert.ok(folded > 500, `natural height ${folded}`);
  const box = await frame.boundingBox();
  assert.ok(Math.abs(box.height - folded) <= 2, `frame ${box.height} px for content ${folded} px`);
  // No scroll bar inside: the frame's document is no taller than the frame.
  const inner = await page.evaluate(() => document.querySelector('.mail-measure').contentDocument.documentElement.scrollHeight);
  assert.ok(inner <= box.height + 2, `content ${inner} px in a ${box.height} px frame`);
  await screenshot(page, fx.desk, 'mail-html-natural-height');

  await message.getByTestId('mail-show-quoted').click();
  await page.waitForFunction(([el, before]) => Number(el.getAttribute('data-natural-height')) > before,
    [await frame.elementHandle(), folded]);
  assert.ok((await measured()) > folded + 200, 'the quote, shown, makes the mail taller');
  assertClean(page, 'html mail');
});
