import type { Locator } from 'playwright-core';
import { dbProviders } from '../helpers/db.js';
import { isEvent, launchBrowser, loginAs, screenshot, StagedReplay, transcriptEvents, uiBuilt, type E2eBrowser } from './browser.js';
import { startE2eApp, watchPage, xssName, type E2eApp } from './e2e-app.js';

/**
 * The operator's desk in real headless Chromium: an inbound call (01-inbound-answered, the caller's CallerID
 * name replaced by an HTML payload) is replayed over AMI in stages; the pop shows the right client and
 * responsible manager, survives a socket reconnect and a reload while ringing, turns into the active call
 * panel when 201 answers, and into the result form when the caller hangs up.
 */
const timeout = 60_000;

describe('operator desk e2e', () => {
  let b: E2eBrowser;
  beforeAll(async () => {
    expect(uiBuilt()).toBe(true); // npm install builds it (npm run build:ui)
    b = await launchBrowser();
  }, timeout);
  afterAll(async () => {
    await b?.close();
  });

  describe.each(dbProviders)('inbound answered [%s]', (provider) => {
    let app: E2eApp;
    afterAll(async () => {
      await app?.close();
    });

    it('pop → reconnect → active call → result form, with the CallerID name inert', async () => {
      app = await startE2eApp(provider);
      const op = await app.user('operator', ['201']);
      const { context, page } = await b.newPage();
      const seen = watchPage(page);
      await loginAs(page, app.t.baseUrl, op.login, op.password, '#/desk');
      await page.getByTestId('no-calls').waitFor();
      const replay = new StagedReplay(app.lb, transcriptEvents('01-inbound-answered.ami', (f) => f.replaceAll('CallerIDName: Acme Ltd', `CallerIDName: ${xssName}`)));

      replay.until(isEvent('Newstate', 'ChannelStateDesc', 'Ringing'));
      const pop = page.getByTestId('pop');
      await pop.waitFor();
      await expectCard(pop, app.manager.name);
      expect(await pop.getByTestId('caller-name').textContent()).toBe(xssName);
      await screenshot(page, `${provider}-desk-pop`);

      // a socket reconnect while ringing: the server's snapshot restores the pop
      const sockets = [...app.t.zari.realtime?.io.sockets.sockets.values() ?? []];
      expect(sockets.length).toBe(1);
      for (const s of sockets) s.conn.close();
      await page.locator('[data-testid=connection][data-state=offline]').waitFor();
      await page.locator('[data-testid=connection][data-state=online]').waitFor();
      await page.getByTestId('pop').waitFor();
      await page.reload();
      await page.locator('[data-testid=connection][data-state=online]').waitFor();
      await expectCard(page.getByTestId('pop'), app.manager.name);

      replay.until(isEvent('BridgeEnter'), 2);
      const active = page.getByTestId('active-call');
      await active.waitFor();
      await expectCard(active, app.manager.name);
      expect(await page.getByTestId('pop').count()).toBe(0);
      // attended transfer through the searchable directory (which shows each user's extension state)
      await page.getByTestId('directory-search').fill('Beridze');
      const target = page.locator('[data-testid=directory-row][data-extension="401"]');
      await target.getByTestId('state').waitFor();
      expect(await page.getByTestId('directory-row').count()).toBe(1);
      await screenshot(page, `${provider}-desk-active`);
      await target.getByTestId('dir-transfer-attended').click();
      const atxfer = await app.lb.waitForAction('Atxfer');
      expect(atxfer.fields).toMatchObject({ Channel: 'PJSIP/201-00000001', Context: 'internal', Exten: '401' });

      replay.rest();
      const result = page.getByTestId('result-form');
      await result.waitFor();
      expect(await page.getByTestId('active-call').count()).toBe(0);
      await screenshot(page, `${provider}-desk-result`);
      // two clicks: an outcome, then save
      await result.locator('[data-testid=outcome-follow-up]').click();
      await page.getByTestId('result-save').click();
      await page.getByTestId('result-form').waitFor({ state: 'detached' });
      const admin = await app.t.admin();
      const clients = await admin.get<{ items: { id: number }[] }>('/api/clients?q=Acme');
      const timeline = await admin.get<{ items: { kind: string; subject: string | null }[] }>(`/api/clients/${clients.body.items[0]?.id ?? 0}/interactions`);
      expect(timeline.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'note', subject: 'Call result: follow-up' })]));

      expect(await page.locator('img[src=x]').count()).toBe(0);
      expect(seen.dialogs).toEqual([]);
      expect(seen.errors).toEqual([]);
      await context.close();
    }, timeout);
  });
});

async function expectCard(scope: Locator, manager: string): Promise<void> {
  await scope.getByTestId('card-client').waitFor();
  expect(await scope.getByTestId('card-client').textContent()).toBe('Acme Ltd');
  expect(await scope.getByTestId('card-responsible').first().textContent()).toBe(manager);
}
