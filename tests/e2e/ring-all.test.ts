import { dbProviders } from '../helpers/db.js';
import { isEvent, launchBrowser, loginAs, screenshot, StagedReplay, transcriptEvents, uiBuilt, type E2eBrowser } from './browser.js';
import { startE2eApp, type E2eApp } from './e2e-app.js';

/**
 * Ring-all (07-queue-answered: queue `support` rings 201 and 202, 202 answers) in two browsers: both users
 * get the pop of the unknown caller (with the one-click "new client" form, prefilled with the number); when
 * 202 answers, the pop disappears for 201 and becomes 202's active call.
 */
const timeout = 60_000;
const unknownNumber = '+995322999888';

describe('ring-all e2e', () => {
  let b: E2eBrowser;
  beforeAll(async () => {
    expect(uiBuilt()).toBe(true);
    b = await launchBrowser();
  }, timeout);
  afterAll(async () => {
    await b?.close();
  });

  describe.each(dbProviders)('queue ring-all [%s]', (provider) => {
    let app: E2eApp;
    afterAll(async () => {
      await app?.close();
    });

    it('pops at both operators and hides for the one who did not answer', async () => {
      app = await startE2eApp(provider);
      const op201 = await app.user('operator', ['201']);
      const op202 = await app.user('operator', ['202']);
      const one = await b.newPage();
      const two = await b.newPage();
      await loginAs(one.page, app.t.baseUrl, op201.login, op201.password, '#/desk');
      await loginAs(two.page, app.t.baseUrl, op202.login, op202.password, '#/desk');
      const replay = new StagedReplay(app.lb, transcriptEvents('07-queue-answered.ami', (f) => f.replaceAll('+995322123456', unknownNumber)));

      replay.until(isEvent('Newstate', 'ChannelStateDesc', 'Ringing'), 2);
      for (const { page } of [one, two]) {
        await page.getByTestId('pop').waitFor();
        expect(await page.getByTestId('pop').getByTestId('new-client').count()).toBe(1);
      }
      await screenshot(two.page, `${provider}-ring-all-pop`);

      // unknown caller: one click opens the new-client form with the normalized number
      await one.page.getByTestId('new-client').click();
      await one.page.getByTestId('client-form').waitFor();
      expect(await one.page.locator('[data-testid=client-form] input[name=phone]').inputValue()).toBe(unknownNumber);
      await screenshot(one.page, `${provider}-new-client-form`);
      await one.page.getByTestId('nav-desk').click();
      await one.page.getByTestId('pop').waitFor();

      replay.until(isEvent('BridgeEnter'), 2);
      await two.page.getByTestId('active-call').waitFor();
      await one.page.getByTestId('no-calls').waitFor();
      expect(await one.page.getByTestId('pop').count()).toBe(0);
      expect(await one.page.getByTestId('active-call').count()).toBe(0);
      expect(await two.page.getByTestId('pop').count()).toBe(0);
      await screenshot(two.page, `${provider}-ring-all-answered`);
      await one.context.close();
      await two.context.close();
    }, timeout);
  });
});
