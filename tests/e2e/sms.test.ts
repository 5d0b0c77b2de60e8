import { startTestApp, testAdminPassword, type TestApp } from '../helpers/http.js';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, uiBuilt, type E2eBrowser } from './browser.js';
import { watchPage, xssName } from './e2e-app.js';

/**
 * The SMS screens in real headless Chromium on a real zari (SQLite, the log SMS provider: no modems, a sent
 * message goes queued → sent): the admin opens a client card, watches the live counter switch from GSM-7 to
 * UCS-2, sends Georgian text with an HTML payload, sees it in the conversation as text with its state, and
 * opens the modem status panel.
 */
const timeout = 60_000;

/** Like browser.ts `loginAs`, but without a PBX there is no Socket.IO gateway: wait for the header instead. */
async function loginWithoutPbx(page: Page, baseUrl: string, login: string, password: string, hash: string): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
  await page.getByTestId('login-form').waitFor();
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}

describe('SMS screens e2e', () => {
  let t: TestApp;
  let b: E2eBrowser;
  let clientId: number;
  beforeAll(async () => {
    expect(uiBuilt()).toBe(true); // npm run build:ui
    t = await startTestApp('sqlite');
    const created = await (await t.admin()).post<{ id: number }>('/api/clients', { name: 'Tbilisi Bakery', phones: [{ raw: '+995 599 12 34 56' }] });
    if (created.status !== 201) throw new Error(`client not created: ${created.text}`);
    clientId = created.body.id;
    b = await launchBrowser();
  }, timeout);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('sends from the client card and shows the conversation with states, the text inert', async () => {
    const { context, page } = await b.newPage();
    const seen = watchPage(page);
    await loginWithoutPbx(page, t.baseUrl, 'admin', testAdminPassword, `#/clients/${clientId}`);
    const sms = page.getByTestId('client-sms');
    await sms.getByTestId('sms-empty').waitFor();
    const input = sms.getByTestId('sms-input');
    const counter = sms.getByTestId('sms-counter');

    // live counter: GSM-7 160 per part, then 153 per part; one Georgian letter switches to UCS-2 (70 / 67)
    await input.fill('a'.repeat(160));
    expect(await counter.getAttribute('data-encoding')).toBe('GSM-7');
    expect(await counter.getAttribute('data-parts')).toBe('1');
    await input.fill(`${'a'.repeat(160)}{`);
    expect(await counter.getAttribute('data-parts')).toBe('2');
    expect(await counter.textContent()).toContain('162 characters');
    await input.fill(`${'a'.repeat(70)}გ`);
    expect(await counter.getAttribute('data-encoding')).toBe('UCS-2');
    expect(await counter.getAttribute('data-parts')).toBe('2');

    const text = `გამარჯობა ${xssName}`;
    await input.fill(text);
    expect(await counter.getAttribute('data-encoding')).toBe('UCS-2');
    expect(await counter.getAttribute('data-parts')).toBe('1');
    await sms.getByTestId('sms-send').click();

    const bubble = sms.locator('[data-testid=sms-message][data-direction=outbound]');
    await bubble.locator('[data-testid=sms-state][data-state=sent]').waitFor();
    expect(await bubble.count()).toBe(1);
    expect(await bubble.getByTestId('sms-text').textContent()).toBe(text);
    expect(await bubble.getByTestId('sms-state').textContent()).toBe('sent');
    expect(await input.inputValue()).toBe('');
    expect(await page.locator('img').count()).toBe(0);
    await screenshot(page, 'sms-client-card');

    // the server stored exactly that text for this client
    const stored = await t.db.prisma.smsMessage.findMany({ where: { clientId } });
    expect(stored.map((m) => [m.text, m.state, m.direction])).toEqual([[text, 'sent', 'outbound']]);

    // the modem status panel
    await page.getByTestId('nav-modems').click();
    await page.getByTestId('modems').waitFor();
    await page.getByTestId('modems-provider').filter({ hasText: 'Provider:' }).waitFor();
    expect(await page.getByTestId('modems-provider').textContent()).toMatch(/^Provider: \S+/);
    // the log provider's single pseudo-channel: ready, operator "log", no signal, no error; "check" answers
    const row = page.locator('[data-testid=modem-row][data-id=log]');
    expect(await page.getByTestId('modem-row').count()).toBe(1);
    expect(await row.getAttribute('data-state')).toBe('ready');
    expect(await row.getByTestId('modem-state').textContent()).toBe('ready');
    expect(await row.getByTestId('modem-operator').textContent()).toBe('log');
    expect(await row.getByTestId('modem-signal').textContent()).toBe('–');
    expect(await row.getByTestId('modem-error').textContent()).toBe('');
    await row.getByTestId('modem-check').click();
    await page.locator('[data-testid=status]', { hasText: 'Modem log checked' }).waitFor();
    await screenshot(page, 'sms-modems');

    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  }, timeout);
});
