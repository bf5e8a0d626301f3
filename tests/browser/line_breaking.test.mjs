// Japanese line breaking (issue 14, item 7): a phrase never breaks inside itself
// (no 「ログインしま/す。」, no 「未連携で/す」) at any width it fits in, an order number, a
// postal code and a house number stay on one line, and a long subject takes at most two
// lines on a phone (the whole subject in its title attribute).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture } from './harness.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SUBJECT = '注文した商品がまだ届かないのですが配送状況を教えていただけますでしょうか'.repeat(2);
const ORDER = '250-1234567-1234567';
const ids = {};
const fx = fixture({
  seed: async (desk) => {
    ids.conversation = (await desk.ingest({
      subject: SUBJECT,
      from: '山田 太郎 <taro@example.jp>',
      text: `お世話になっております。注文番号 ${ORDER} の件です。お届け先は 〒150-0001 東京都渋谷区神宮前1-2-3 サンプルマンション101号室 です。`
        .repeat(3),
    })).conversation_id;
  },
});

/**
 * For each width from `from` to `to` (step 7 px), the element is set to that width and
 * every occurrence of each phrase is checked to stand on one line; returns the failures.
 */
function splitPhrases(page, selector, phrases, from, to) {
  return page.evaluate(({ selector, phrases, from, to }) => {
    const el = document.querySelector(selector);
    if (!el) return [`${selector}: not found`];
    const failures = [];
    const saved = el.style.cssText;
    for (let width = from; width <= to; width += 7) {
      el.style.width = `${width}px`;
      el.style.maxWidth = `${width}px`;
      el.style.flex = 'none';
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const phrase of phrases) {
          for (let at = node.data.indexOf(phrase); at >= 0; at = node.data.indexOf(phrase, at + 1)) {
            const range = document.createRange();
            const tops = new Set();
            for (let i = at; i < at + phrase.length; i++) {
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const rect = range.getClientRects()[0];
              if (rect) tops.add(Math.round(rect.top));
            }
            if (tops.size > 1) failures.push(`${selector} at ${width}px: 「${phrase}」 split over ${tops.size} lines`);
          }
        }
      }
    }
    el.style.cssText = saved;
    return failures;
  }, { selector, phrases, from, to });
}

test('phrases, order numbers and addresses are never split; a phone title takes ≤ 2 lines', async () => {
  const failures = [];

  const login = await fx.page({ login: false });
  await login.goto('/');
  await login.getByText('ログインします。', { exact: false }).waitFor({ timeout: 10000 });
  failures.push(...(await splitPhrases(login, '.login p.muted', ['ログインします。'], 130, 420)));

  const page = await fx.page(PHONE);
  await page.goto(`/conversations/${ids.conversation}`);
  await page.locator('[data-testid=conversation] [data-testid=message]').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(200);

  // The subject: at most two lines, and all of it in the title attribute.
  const title = await page.locator('#conversation-subject').evaluate((h) => {
    const style = getComputedStyle(h);
    return { height: h.getBoundingClientRect().height, line: parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5, title: h.title };
  });
  assert.equal(title.title, SUBJECT);
  if (title.height > title.line * 2 + 1) failures.push(`phone title is ${title.height}px high, more than two ${title.line}px lines`);

  // The message: the order number, the postal code and the house number stay whole.
  failures.push(...(await splitPhrases(page, '[data-testid=message] .message-text', [ORDER, '〒150-0001', '1-2-3', '101号室'], 180, 360)));
  // The side panel: 「未連携です」 (no order data yet) is one phrase.
  const side = page.getByText('未連携です', { exact: false }).first();
  if (await side.count()) {
    failures.push(...(await splitPhrases(page, '.side-panel', ['未連携です'], 120, 360)));
  }

  assert.deepEqual(failures, [], `line breaking:\n  ${failures.join('\n  ')}`);
  assertClean(login, 'login');
  assertClean(page, 'phone conversation');
});
