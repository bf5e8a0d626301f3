// Accessible markup on every page of the desk, in Japanese and English, on desktop and
// phone: every form control has a name a screen reader announces, no positive tabindex
// breaks the focus order, Tab reaches the main controls in reading order, and visible
// text meets WCAG AA contrast (4.5:1; 3:1 for large text) against the colour behind it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture } from './harness.mjs';

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    ids.a = (await desk.ingest({ subject: '返品について', text: '返品できますか？', from: '山田 太郎 <taro@example.jp>',
      date: desk.hoursAgo(30) })).conversation_id;
    await desk.ingest({ subject: '在庫', text: '在庫はありますか？', from: '佐藤 次郎 <jiro@example.jp>',
      date: desk.hoursAgo(3) });
    await desk.savedReply({ title: 'お礼', body: '{{customer.salutation}}\nありがとうございます。' });
  },
});

// Runs in the page: the problems found on what is visible now.
function audit() {
  const problems = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && r.right > 0 && r.left < innerWidth;
  };
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''} "${(el.textContent || el.value || '').trim().slice(0, 30)}"`;
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!visible(el)) continue;
    const named = (el.labels && el.labels.length && [...el.labels].some((l) => l.textContent.trim())) ||
      el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title');
    if (!named) problems.push(`no accessible name: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('button, a[href]')) {
    if (!visible(el)) continue;
    if (!(el.textContent.trim() || el.getAttribute('aria-label') || el.querySelector('[aria-label], title'))) {
      problems.push(`no accessible name: ${describe(el)}`);
    }
  }
  for (const el of document.querySelectorAll('[tabindex]')) {
    if (Number(el.getAttribute('tabindex')) > 0) problems.push(`positive tabindex: ${describe(el)}`);
  }
  // Contrast of each visible text node's element against the first opaque background up
  // the tree (the page background is white).
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a >= 0.99) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const checked = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || checked.has(el) || !visible(el)) continue;
    if (el.closest('svg, option, .skip-link, [aria-hidden=true]')) continue;
    checked.add(el);
    const s = getComputedStyle(el);
    const fg = parse(s.color);
    if (!fg) continue;
    const bg = background(el);
    // A disabled control is exempt from the contrast rule (WCAG 1.4.3).
    if (el.closest('button:disabled, [disabled]')) continue;
    const blended = { r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a) };
    const [hi, lo] = [lum(blended), lum(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}: ${describe(el)} (${s.color} on rgb(${bg.r},${bg.g},${bg.b}))`);
  }
  return problems;
}

async function auditPages(page, label) {
  const found = [];
  const paths = ['/inbox', `/conversations/${ids.a}`, '/reports', '/settings'];
  await page.goto('/settings');
  const settingsLinks = await page.locator('nav[data-testid=settings-nav] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const path of [...paths, ...settingsLinks]) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    for (const problem of await page.evaluate(audit)) found.push(`${label} ${path}: ${problem}`);
  }
  return found;
}

test('labels, focus order and contrast on every page, in both languages and on a phone', async () => {
  const problems = [];
  const desktop = await fx.page();
  problems.push(...(await auditPages(desktop, 'ja desktop')));
  await desktop.goto('/inbox');
  await desktop.locator('[data-testid=lang-switch]').click();
  problems.push(...(await auditPages(desktop, 'en desktop')));
  assertClean(desktop, 'desktop');
  const phone = await fx.page({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  problems.push(...(await auditPages(phone, 'ja phone')));
  assertClean(phone, 'phone');
  assert.deepEqual(problems, []);
});

test('Tab walks the inbox in reading order: menu, views, then the conversations', async () => {
  const page = await fx.page();
  await page.goto('/inbox');
  await page.locator('[data-testid=inbox-row]').first().waitFor();
  const order = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => {
      const el = document.activeElement;
      if (el.closest('.topbar')) return 'topbar';
      if (el.closest('.views')) return 'views';
      if (el.closest('[data-testid=inbox-row]')) return 'row';
      return el.tagName.toLowerCase();
    }));
  }
  const first = (what) => order.indexOf(what);
  assert.ok(first('topbar') >= 0 && first('views') > first('topbar') && first('row') > first('views'), order.join(' '));
  assertClean(page, 'tab order');
});
