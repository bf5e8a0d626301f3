// Set-up without a manual (issue 14, item 12): agents whose login is locked or who have
// no password yet are marked as such in 設定 → 担当者, with the lockout's end in the
// shop's time zone and what unlocks it; mail servers are entered as host, security,
// port and user, and "接続をテスト" tries them against real peers (the desk's SMTP sink,
// a closed port) and says in Japanese what failed; an agent invited by mail sets their
// own password from the link and logs in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, fixture, freePort, mailText, screenshot, waitFor } from './harness.mjs';

const LOCKED_EMAIL = 'yuki@sakura.example';
const LOCKED_PASSWORD = 'a long enough password 1';

const fx = fixture({
  seed: async (desk) => {
    for (const [email, name] of [[LOCKED_EMAIL, '高橋 由紀'], ['kenji@sakura.example', '伊藤 健二']]) {
      const r = await desk.api('POST', '/api/v1/agents', { body: { email, name, role: 'agent' } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const agents = (await desk.api('GET', '/api/v1/agents')).body.items;
    const yuki = agents.find((a) => a.email === LOCKED_EMAIL);
    const set = await desk.api('POST', `/api/v1/agents/${yuki.id}/password`, { body: { password: LOCKED_PASSWORD } });
    assert.equal(set.status, 204, JSON.stringify(set.body));
    // Five wrong passwords in a row lock the account for 15 minutes.
    for (let i = 0; i < 5; i++) {
      const r = await desk.api('POST', '/api/v1/session', { body: { email: LOCKED_EMAIL, password: 'wrong password ' + i }, token: null });
      assert.equal(r.status, 401, JSON.stringify(r.body));
    }
  },
});

// The lockout is answered 429 (which Chromium also logs to the console).
const LOCKED_OUT = [/^http: 429 POST .*\/api\/v1\/session$/, /status of 429.*\/api\/v1\/session/];

// `iso` as the desk shows a time (i18n.ts formatDateTime) in Tokyo, formatted by the
// page's own ICU, which may differ from Node's.
const tokyo = (page, iso) => page.evaluate((at) => new Date(Date.parse(at)).toLocaleString('ja-JP', {
  timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit',
}), iso);

test('a locked account is told in Japanese until when, in Tokyo time, on the login page', async () => {
  const yuki = (await fx.desk.api('GET', '/api/v1/agents')).body.items.find((a) => a.email === LOCKED_EMAIL);
  const page = await fx.page({ login: false, expect: LOCKED_OUT });
  await page.goto('/login');
  const form = page.locator('form#login-form');
  await form.locator('input[name=email]').fill(LOCKED_EMAIL);
  await form.locator('input[name=password]').fill(LOCKED_PASSWORD);
  await form.locator('button[type=submit]').click();
  const alert = page.locator('[role=alert]').first();
  await alert.waitFor({ timeout: 10000 });
  assert.equal(await alert.innerText(),
    `パスワードを5回続けて間違えたため、${await tokyo(page, yuki.locked_until)}までログインできません。管理者が新しいパスワードを設定するとすぐに解除されます。`);
  assertClean(page, 'locked login');
});

test('a locked agent and an agent without a password are marked in the agents settings', async () => {
  const listed = (await fx.desk.api('GET', '/api/v1/agents')).body.items;
  const yuki = listed.find((a) => a.email === LOCKED_EMAIL);
  const kenji = listed.find((a) => a.email === 'kenji@sakura.example');
  assert.equal(yuki.login, 'password');
  assert.ok(yuki.locked_until, JSON.stringify(yuki));
  assert.equal(kenji.login, 'invited');
  assert.equal(kenji.locked_until, null);

  const page = await fx.page();
  await page.goto('/settings/agents');
  const row = (name) => page.locator('ul.agents > li').filter({ hasText: name });
  await row('高橋 由紀').waitFor();
  const locked = row('高橋 由紀').getByTestId('agent-locked');
  // Locked until 15 minutes after the test clock's now, shown in Tokyo time.
  assert.equal(await locked.innerText(), `ロック中（${await tokyo(page, yuki.locked_until)}まで）`);
  assert.equal(await row('高橋 由紀').getByTestId('agent-invited').count(), 0);
  assert.equal(await row('伊藤 健二').getByTestId('agent-invited').innerText(), 'パスワード未設定');
  assert.equal(await row('佐藤 花子').getByTestId('agent-locked').count(), 0);
  await screenshot(page, fx.desk, 'setup-agents-locked');

  // A new password set by the owner unlocks at once.
  await row('高橋 由紀').getByRole('button', { name: /高橋 由紀/ }).click();
  await row('高橋 由紀').locator('input[type=password]').fill('another long password 2');
  await row('高橋 由紀').getByRole('button', { name: 'パスワードを設定' }).click();
  await locked.waitFor({ state: 'detached' });
  const after = (await fx.desk.api('GET', '/api/v1/agents')).body.items.find((a) => a.email === LOCKED_EMAIL);
  assert.equal(after.locked_until, null);
  assertClean(page, 'agents settings');
});

test('mail servers are entered as host, security and port, and the connection test says what failed', async () => {
  const page = await fx.page();
  await page.goto('/settings/channels');
  await page.getByRole('button', { name: '「support」を編集' }).click();
  const form = page.locator('form.settings-form');
  // The stored smtp://127.0.0.1:PORT shown as its parts.
  const smtpHost = form.locator(`#channel-${fx.desk.channelId}-smtp-host`);
  assert.equal(await smtpHost.inputValue(), '127.0.0.1');
  assert.equal(await form.locator(`#channel-${fx.desk.channelId}-smtp-port`).inputValue(), String(fx.desk.smtp.port));
  assert.equal(await form.locator(`#channel-${fx.desk.channelId}-smtp-security`).inputValue(), 'none');

  // SMTP alone: logged in, nothing sent.
  const sentBefore = fx.desk.smtp.messages().length;
  await page.getByTestId('channel-test').click();
  const outbound = page.locator('[data-testid=channel-test-result] li[data-part=outbound]');
  await outbound.waitFor({ timeout: 20000 });
  assert.equal(await outbound.getAttribute('data-ok'), 'true');
  assert.equal(await outbound.innerText(), '送信（SMTP）: ログインできました。送信できます。');
  assert.equal(fx.desk.smtp.messages().length, sentBefore);

  // An IMAP server on a port where nothing listens: named, with what to check.
  const closed = await freePort();
  await form.locator(`#channel-${fx.desk.channelId}-imap-host`).fill('127.0.0.1');
  await form.locator(`#channel-${fx.desk.channelId}-imap-security`).selectOption('none');
  assert.equal(await form.locator(`#channel-${fx.desk.channelId}-imap-port`).inputValue(), '143', 'the port follows the security');
  await form.locator(`#channel-${fx.desk.channelId}-imap-port`).fill(String(closed));
  await page.getByTestId('channel-test').click();
  const inbound = page.locator('[data-testid=channel-test-result] li[data-part=inbound]');
  await inbound.waitFor({ timeout: 20000 });
  assert.equal(await inbound.getAttribute('data-ok'), 'false');
  assert.equal(await inbound.innerText(),
    `受信（IMAP）: IMAPサーバー 127.0.0.1:${closed} に接続できません。ポート番号と暗号化の設定、ファイアウォールを確認してください。`);
  await screenshot(page, fx.desk, 'setup-channel-test');

  // A host typed as a URL is caught before anything is sent.
  await form.locator(`#channel-${fx.desk.channelId}-imap-host`).fill('imaps://mail.example.jp');
  await page.getByTestId('channel-test').click();
  await form.locator('[role=alert]').filter({ hasText: 'IMAPサーバーのホスト名を確認してください' }).waitFor();

  // Saved from the parts: the stored URLs are what the fields say.
  await form.locator(`#channel-${fx.desk.channelId}-imap-host`).fill('');
  await form.getByRole('button', { name: '保存' }).click();
  await form.waitFor({ state: 'detached' });
  const stored = (await fx.desk.api('GET', '/api/v1/channels')).body.items.find((c) => c.id === fx.desk.channelId);
  assert.equal(stored.smtp_url, fx.desk.smtp.url);
  assert.equal(stored.imap_url, '');
  assert.equal(stored.smtp_starttls, false);
  assertClean(page, 'channel settings');
});

test('a web channel shows where its site pushes, and its reply URL and key are set without showing the key', async () => {
  const key = 'さくらのサイトの署名キー-0123456789';
  const added = await fx.desk.api('POST', '/api/v1/channels', {
    body: { kind: 'web', name: 'site', address: 'support@sakura.example', display_name: 'さくら雑貨店' },
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  // The save refused for want of a key is answered 400, as it should be.
  const refused = [/^http: 400 PATCH .*\/api\/v1\/channels\/\d+$/, /status of 400.*\/api\/v1\/channels\/\d+/];
  const page = await fx.page({ expect: refused });
  await page.goto('/settings/channels');
  const item = page.locator('li').filter({ has: page.locator('strong', { hasText: /^site$/ }) });
  await item.locator('span.muted', { hasText: '自社サイト' }).waitFor();
  const pushUrl = await item.locator('code').innerText();
  assert.ok(pushUrl.endsWith(`/hooks/sakura/channels/${added.body.id}`), pushUrl);
  await page.getByRole('button', { name: '「site」を編集' }).click();
  const form = page.locator('form.settings-form');
  assert.equal(await form.locator(`#channel-${added.body.id}-imap-host`).count(), 0, 'no mail servers on a site');
  await form.locator(`#channel-${added.body.id}-reply-url`).fill('https://sakura.example/shopdesk/replies');
  await form.getByRole('button', { name: '保存' }).click();
  await form.locator('[role=alert]').filter({ hasText: '署名キーは 16 バイト以上' }).waitFor();
  await form.locator(`#channel-${added.body.id}-push-key`).fill(key);
  await form.getByRole('button', { name: '保存' }).click();
  await form.waitFor({ state: 'detached' });
  const stored = (await fx.desk.api('GET', '/api/v1/channels')).body.items.find((c) => c.id === added.body.id);
  assert.equal(stored.reply_url, 'https://sakura.example/shopdesk/replies');
  assert.equal(stored.push_key_set, true);
  assert.ok(!(await page.content()).includes(key), 'the key is never shown');
  assertClean(page, 'web channel settings');
});

test('an agent invited by mail sets their own password from the link and logs in', async () => {
  const page = await fx.page();
  await page.goto('/settings/agents');
  const row = page.locator('ul.agents > li').filter({ hasText: '伊藤 健二' });
  const before = fx.desk.smtp.messages().length;
  await row.getByTestId('agent-invite').click();
  const box = row.getByTestId('invitation');
  await box.waitFor({ timeout: 20000 });
  assert.equal(await box.getAttribute('data-mailed'), 'true', await box.innerText());
  assert.match(await box.innerText(), /kenji@sakura\.example に招待メールを送りました/);
  const shown = await row.getByTestId('invitation-link').innerText();

  // The mail: to the agent, in Japanese, with the link the settings showed.
  const [mail] = (await fx.desk.smtp.waitForMessages(before + 1)).slice(before);
  assert.deepEqual(mail.envelope.rcpt_tos, ['kenji@sakura.example']);
  const text = mailText(mail.raw);
  assert.match(text, /さくら雑貨店 のお問い合わせ窓口（shopdesk）に担当者として招待されました/);
  const link = /https?:\/\/\S+\/invite\/[0-9a-f]+/.exec(text)?.[0];
  assert.equal(link, shown);

  // Opened by the agent, logged out: set the password, then log in with it.
  const invited = await fx.page({ login: false });
  await invited.goto(new URL(link).pathname);
  await invited.getByTestId('invite-lead').waitFor({ timeout: 10000 });
  assert.match(await invited.getByTestId('invite-lead').innerText(), /kenji@sakura\.example/);
  await invited.locator('#invite-password').fill('ケンジの新しいパスワード');
  await invited.locator('#invite-again').fill('ケンジの新しいパスワード');
  await invited.getByRole('button', { name: 'パスワードを設定' }).click();
  await invited.getByTestId('invite-done').waitFor();
  await invited.getByRole('link', { name: 'ログインする' }).click();
  const form = invited.locator('form#login-form');
  await form.locator('input[name=email]').fill('kenji@sakura.example');
  await form.locator('input[name=password]').fill('ケンジの新しいパスワード');
  await form.locator('button[type=submit]').click();
  await invited.waitForURL(/\/inbox/, { timeout: 10000 });
  assertClean(invited, 'invitation accepted');

  // The link worked once.
  const again = await fx.page({ login: false, expect: [/404 GET .*\/api\/v1\/invitations\//, /status of 404/] });
  await again.goto(new URL(link).pathname);
  const refused = again.locator('[role=alert]').first();
  await refused.waitFor({ timeout: 10000 });
  assert.match(await refused.innerText(), /この招待リンクは使えません/);
  await waitFor(async () => (await fx.desk.api('GET', '/api/v1/agents')).body.items
    .find((a) => a.email === 'kenji@sakura.example').login === 'password', { what: 'kenji has a password' });
  assertClean(page, 'invite');
});

