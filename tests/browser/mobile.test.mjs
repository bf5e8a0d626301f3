// (e) A phone (390×844, touch, 2× pixels): the inbox and a conversation fit the width
// (no horizontal scrolling) and every visible button, link and input is at least 44×44
// CSS pixels (for a checkbox, its label's box counts; an element off the page, such as a
// skip link before it is focused, is not visible). Screenshots go to the screenshot directory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, screenshot } from './harness.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const ids = {};
const fx = fixture({
  seed: async (desk) => {
    const long = 'とても長い件名の問い合わせで画面の幅を超えても折り返されるはずのテキストです'.repeat(2);
    ids.first = (await desk.ingest({ subject: long, from: '山田 太郎 <taro@example.jp>',
      text: `${long}\nhttps://www.example.jp/very/long/path/without/any/break/${'x'.repeat(120)}\n注文番号 250-1234567-1234567`,
      date: desk.hoursAgo(30) })).conversation_id;
    await desk.ingest({ subject: '配送について', text: 'いつ届きますか？', from: '田中 花子 <hanako@example.jp>' });
    await desk.ingest({ subject: 'Order question', text: 'Where is my parcel?', from: 'Jane Doe <jane@example.com>' });
  },
});

/** Visible interactive elements smaller than 44×44 (the document itself, not iframes). */
function smallTargets(page) {
  return page.evaluate(() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [role=tab], [role=option], [role=checkbox], [role=switch], [role=menuitem]';
    const out = [];
    for (const el of document.querySelectorAll(selector)) {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
      if (el.closest('[hidden], [aria-hidden=true]')) continue;
      // Off the page (e.g. a skip link until it gets keyboard focus) is not visible.
      if (box.right <= 0 || box.left >= window.innerWidth || box.bottom + window.scrollY <= 0) continue;
      if (box.width >= 44 && box.height >= 44) continue;
      // A checkbox or radio is tapped through its label too: the label's box counts.
      const owner = el.closest('label') || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`));
      if (owner) {
        const lb = owner.getBoundingClientRect();
        if (lb.width >= 44 && lb.height >= 44) continue;
      }
      const label = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name')
        || el.getAttribute('placeholder') || '').trim().replace(/\s+/g, ' ').slice(0, 30);
      const id = el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : '';
      out.push(`${el.tagName.toLowerCase()}${id}${el.getAttribute('href') ? `[href=${el.getAttribute('href')}]` : ''} "${label}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return out;
  });
}

function widths(page) {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

test('phone: inbox and conversation fit 390 px; touch targets ≥ 44×44', async () => {
  const page = await fx.page(PHONE);
  const failures = [];

  await page.goto('/inbox');
  await page.locator('[data-testid=inbox-row]').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(300);
  await screenshot(page, fx.desk, 'phone-inbox');
  const inbox = await widths(page);
  if (inbox.scrollWidth > inbox.innerWidth) failures.push(`inbox scrolls sideways: scrollWidth ${inbox.scrollWidth} > ${inbox.innerWidth}`);
  for (const t of await smallTargets(page)) failures.push(`inbox: ${t}`);

  await page.locator(`[data-testid=inbox-row][data-id="${ids.first}"]`).tap();
  await page.locator('[data-testid=conversation] [data-testid=message]').first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(300);
  await screenshot(page, fx.desk, 'phone-conversation');
  const conversation = await widths(page);
  if (conversation.scrollWidth > conversation.innerWidth) {
    failures.push(`conversation scrolls sideways: scrollWidth ${conversation.scrollWidth} > ${conversation.innerWidth}`);
  }
  for (const t of await smallTargets(page)) failures.push(`conversation: ${t}`);

  console.log(`# screenshots: ${process.env.SHOPDESK_SCREENSHOT_DIR || `${fx.desk.screenshots} (removed at exit: set SHOPDESK_SCREENSHOT_DIR to keep them)`}`);
  assert.deepEqual(failures, [], `phone layout problems:\n  ${failures.join('\n  ')}`);
  assertClean(page, 'phone');
});
