// (d) Mail HTML runs nothing and loads no remote image until asked: a mail carrying
// <script>, an <img onerror> and an <svg onload> that would set window.parent.__pwned,
// and a remote image on a small HTTP server of this test. The page watches __pwned
// through a setter installed before any script of the app runs.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { assertClean, fixture, screenshot, sleep, waitFor } from './harness.mjs';

const pixelRequests = [];
let pixelServer;
let pixelPort;
// 1×1 transparent PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

before(async () => {
  pixelServer = http.createServer((req, res) => {
    pixelRequests.push({ url: req.url, at: Date.now() });
    res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
    res.end(PNG);
  });
  await new Promise((resolve) => pixelServer.listen(0, '127.0.0.1', resolve));
  pixelPort = pixelServer.address().port;
});
after(() => new Promise((resolve) => pixelServer.close(resolve)));

const ids = {};
const fx = fixture({
  seed: async (desk) => {
    const html = '<html><body><p>こんにちは、注文の件です。</p>'
      + '<script>window.parent.__pwned=1; window.top.__pwned=1;</script>'
      + '<img src="x" onerror="window.parent.__pwned=2">'
      + '<svg onload="window.parent.__pwned=3"><circle r="1"/></svg>'
      + '<a href="javascript:window.parent.__pwned=4">リンク</a>'
      + `<img src="http://127.0.0.1:${pixelPort}/pixel.png" alt="商品写真" width="1" height="1">`
      + '</body></html>';
    ids.html = (await desk.ingest({ subject: 'HTMLメール', text: 'こんにちは、注文の件です。', html,
      from: '山田 太郎 <taro@example.jp>' })).conversation_id;
  },
});

// What a sandbox without allow-scripts and a blocked remote image legitimately print.
const EXPECTED = [
  /Blocked script execution in 'about:srcdoc'/,
  /Blocked script execution .*sandboxed/,
  /pixel\.png/, // blocked until "show images": CSP report or aborted request
  /Refused to load the image/,
  /\/x\b.*(404|ERR_)/, // the <img src="x"> (a relative image that does not exist)
];

test('mail HTML: no script runs, the iframe is sandboxed, remote images only on request', async () => {
  const page = await fx.page({ expect: EXPECTED });
  await page.addInitScript(() => {
    if (window !== window.top) return;
    let value = 0;
    window.__pwnedWrites = [];
    Object.defineProperty(window, '__pwned', {
      configurable: false,
      get() { return value; },
      set(v) { window.__pwnedWrites.push(String(v)); value = v; },
    });
  });
  await page.goto(`/conversations/${ids.html}`);
  await page.locator('[data-testid=conversation] [data-testid=message]').first().waitFor({ timeout: 10000 });
  const iframe = page.locator('iframe[data-testid=mail-html]');
  await iframe.waitFor({ timeout: 10000 });
  await sleep(1500); // give anything that could run time to run
  await screenshot(page, fx.desk, 'html-mail-blocked');

  const sandbox = await iframe.getAttribute('sandbox');
  assert.notEqual(sandbox, null, 'the mail iframe has a sandbox attribute');
  assert.ok(!/\ballow-scripts\b/.test(sandbox), `sandbox="${sandbox}" must not allow scripts`);
  assert.deepEqual(await page.evaluate(() => [window.__pwned, window.__pwnedWrites]), [0, []]);
  assert.deepEqual(pixelRequests, [], 'no request for the remote image before "show images"');

  // The mail's text is shown.
  const frame = await (await iframe.elementHandle()).contentFrame();
  await waitFor(async () => (await frame.textContent('body') || '').includes('注文の件です'),
    { timeout: 5000, what: 'the mail text in the iframe' });

  await page.locator('[data-testid=show-images]').click();
  await waitFor(() => pixelRequests.some((r) => r.url === '/pixel.png'),
    { timeout: 10000, what: 'the remote image to be requested after "show images"' });
  await sleep(1000);
  assert.deepEqual(await page.evaluate(() => [window.__pwned, window.__pwnedWrites]), [0, []],
    'still nothing ran after showing images');
  const sandboxAfter = await page.locator('iframe[data-testid=mail-html]').getAttribute('sandbox');
  assert.ok(sandboxAfter !== null && !/\ballow-scripts\b/.test(sandboxAfter), `sandbox after: ${sandboxAfter}`);
  await screenshot(page, fx.desk, 'html-mail-images');
  if (page.allowed?.length) console.log(`# expected browser messages:\n#   ${page.allowed.join('\n#   ')}`);
  assertClean(page, 'HTML mail');
});
