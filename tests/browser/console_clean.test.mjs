// (f) No console error, page error or failed request on any page: the inbox, a
// conversation, reports, settings and every settings page linked from its navigation;
// switching the language to English and back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, screenshot } from './harness.mjs';

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    ids.first = (await desk.ingest({ subject: '注文 250-1234567-1234567 について', text: 'いつ届きますか？',
      date: desk.hoursAgo(26) })).conversation_id;
    await desk.ingest({ subject: '返品', text: '返品したいです。', from: '鈴木 一郎 <ichiro@example.jp>' });
    await desk.savedReply({ title: 'お礼', body: '{{customer.salutation}}\n\nありがとうございます。' });
  },
});

async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(300);
}

test('every page loads without a browser error; language switch to English and back', async () => {
  const page = await fx.page();
  const visited = [];

  await page.goto('/inbox');
  await page.locator('[data-testid=inbox-row]').first().waitFor({ timeout: 10000 });
  await settle(page);
  assertClean(page, '/inbox');
  visited.push('/inbox');

  await page.goto(`/conversations/${ids.first}`);
  await page.locator('[data-testid=conversation] [data-testid=message]').first().waitFor({ timeout: 10000 });
  await settle(page);
  assertClean(page, `/conversations/${ids.first}`);
  visited.push(`/conversations/${ids.first}`);

  await page.locator('a[href="/reports"]').first().click();
  await page.waitForURL(/\/reports/, { timeout: 10000 });
  await settle(page);
  await screenshot(page, fx.desk, 'reports');
  assertClean(page, '/reports');
  visited.push('/reports');

  await page.locator('a[href="/settings"]').first().click();
  await page.waitForURL(/\/settings/, { timeout: 10000 });
  const nav = page.locator('nav[data-testid=settings-nav]');
  await nav.waitFor({ timeout: 10000 });
  await settle(page);
  assertClean(page, '/settings');
  visited.push('/settings');
  const links = [...new Set(await nav.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))];
  assert.ok(links.length >= 1, 'the settings navigation links to its pages');
  for (const href of links) {
    await page.goto(href);
    await nav.waitFor({ timeout: 10000 });
    await settle(page);
    await screenshot(page, fx.desk, `settings-${href.replace(/[^a-z0-9]+/gi, '_')}`);
    assertClean(page, href);
    visited.push(href);
  }

  await page.goto('/inbox');
  await page.locator('[data-testid=inbox-row]').first().waitFor({ timeout: 10000 });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja', 'Japanese by default');
  const japanese = await page.locator('body').innerText();
  await page.locator('[data-testid=lang-switch]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 5000 });
  await settle(page);
  const english = await page.locator('body').innerText();
  assert.notEqual(english, japanese, 'the texts change with the language');
  await screenshot(page, fx.desk, 'inbox-english');
  await page.locator('[data-testid=lang-switch]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'ja', null, { timeout: 5000 });
  await settle(page);
  assertClean(page, 'language switch');
  console.log(`# visited without errors: ${visited.join(' ')}`);
});
