import { dbProviders } from '../helpers/db.js';
import { isEvent, launchBrowser, loginAs, screenshot, StagedReplay, transcriptEvents, uiBuilt, type E2eBrowser } from './browser.js';
import { startE2eApp, watchPage, type E2eApp } from './e2e-app.js';

/**
 * Secretary console and supervisor view while 01-inbound-answered is live (answered by 201): one click on
 * "transfer to responsible manager" sends the AMI Redirect of the caller's channel to 401; the supervisor's
 * wallboard and live calls show the call. Also the CRM pages and the language switcher.
 */
const timeout = 60_000;

describe('secretary and supervisor e2e', () => {
  let b: E2eBrowser;
  beforeAll(async () => {
    expect(uiBuilt()).toBe(true);
    b = await launchBrowser();
  }, timeout);
  afterAll(async () => {
    await b?.close();
  });

  describe.each(dbProviders)('live call [%s]', (provider) => {
    let app: E2eApp;
    afterAll(async () => {
      await app?.close();
    });

    it('secretary: one click transfers the caller to the responsible manager (AMI Redirect)', async () => {
      app = await startE2eApp(provider);
      await app.user('operator', ['201']);
      const sec = await app.user('secretary', ['301']);
      const { context, page } = await b.newPage();
      const seen = watchPage(page);
      await loginAs(page, app.t.baseUrl, sec.login, sec.password, '#/secretary');
      await page.getByTestId('extension-board').waitFor();
      new StagedReplay(app.lb, transcriptEvents('01-inbound-answered.ami')).until(isEvent('BridgeEnter'), 2);
      const row = page.locator('[data-testid=incoming-row][data-call-id="1795829496.0"]');
      await row.getByTestId('incoming-client').getByText('Acme Ltd').waitFor();
      expect(await row.getByTestId('incoming-responsible').textContent()).toBe(app.manager.name);
      await page.locator('[data-testid=board-tile][data-extension="201"]').waitFor();
      await screenshot(page, `${provider}-secretary`);
      await row.getByTestId('to-responsible').click();
      const redirect = await app.lb.waitForAction('Redirect');
      expect(redirect.fields).toMatchObject({ Channel: 'PJSIP/trunk-00000000', Context: 'internal', Exten: '401', Priority: '1' });
      await page.getByTestId('status').getByText('401').waitFor();
      // click-to-dial on a number shown anywhere: my extension rings first, then the caller
      await row.getByTestId('dial').click();
      const originate = await app.lb.waitForAction('Originate');
      expect(originate.fields).toMatchObject({ Channel: 'PJSIP/301', Context: 'internal' });
      expect(seen.errors).toEqual([]);
      await context.close();
    }, timeout);

    it('supervisor: wallboard and live calls; CRM pages; language switcher', async () => {
      const sup = await app.user('supervisor', []);
      const { context, page } = await b.newPage();
      await loginAs(page, app.t.baseUrl, sup.login, sup.password, '#/supervisor');
      await page.locator('[data-testid=live-row][data-call-id="1795829496.0"]').waitFor();
      await page.getByTestId('wall-talking').getByText('1', { exact: true }).waitFor();
      await screenshot(page, `${provider}-supervisor`);

      await page.getByTestId('nav-clients').click();
      await page.getByTestId('client-row').getByText('Acme Ltd').click();
      await page.getByTestId('client-page').getByTestId('client-name').waitFor();
      expect(await page.getByTestId('client-phones').getByTestId('dial').count()).toBe(1);
      await page.getByTestId('task-new').click();
      await page.locator('[data-testid=task-form] input[name=title]').fill('Send the offer');
      await page.getByTestId('task-form-save').click();
      await page.getByTestId('task-row').getByText('Send the offer').waitFor();
      await screenshot(page, `${provider}-client-card`);

      await page.getByTestId('lang-select').selectOption('ru');
      await page.getByTestId('nav-secretary').getByText('Секретарь').waitFor();
      await page.getByTestId('lang-select').selectOption('ka');
      await page.getByTestId('nav-secretary').getByText('მდივანი').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ka');
      await context.close();
    }, timeout);
  });
});
