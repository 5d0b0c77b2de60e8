import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { dbProviders } from '../helpers/db.js';
import { repoRoot } from '../helpers/shared.js';
import { launchBrowser, loginAs, screenshot, uiBuilt, type E2eBrowser } from './browser.js';
import { startE2eApp, watchPage, xssName, type E2eApp } from './e2e-app.js';

/**
 * The supervisor's campaign editor in real headless Chromium: a new campaign (manual-only forces preview), a
 * start refused with the server's reason, settings refused for a bad time (the error by the field, the input
 * kept) then saved, a bad script refused with its validator code then the good one from a .json file, a CSV
 * call list through preview → column mapping (guessed) → import with a per-row error, a list from a CRM
 * segment, and the start. The REST API then shows the running campaign with those settings, script and lists.
 */
const timeout = 120_000;
const fixtures = path.join(repoRoot, 'tests', 'telemarketing', 'fixtures', 'scripts');
const badScript = (JSON.parse(readFileSync(path.join(fixtures, 'bad', 'unknown-start.json'), 'utf8')) as { script: unknown }).script;
const goodScript = readFileSync(path.join(fixtures, 'good', 'survey.json'));

/** two good rows, one that is no phone number; the name of the second is an HTML payload that must stay inert */
const csv = ['Phone number,Client name,Priority', '+995555200001,Ana Gelashvili,2', `+995555200002,"${xssName}",1`, 'not a phone,Broken Row,1'].join('\n');

interface CampaignBody {
  status: string; dialMode: string; manualOnly: boolean; callerId: string | null; scriptVersionId: number | null;
  settings: {
    callingWindow: { start: string; end: string; days: number[] }; defaultTimeZone: string;
    retry: Record<string, number[]>; limits: Record<string, number>; pacing: { abandonCap: number; connectWithinSeconds: number };
    dispositions: { code: string; label: string; kind: string; success: boolean }[];
  };
}

const refusal = (page: Page) => page.getByTestId('setup-refusal-box');

async function startRefused(page: Page, reason: RegExp): Promise<void> {
  await page.getByTestId('setup-header-box').getByTestId('campaign-start').click();
  await page.locator('[data-testid=setup-refusal-box]:not([hidden])', { hasText: reason }).waitFor(); // the server's message
  expect(await refusal(page).getByTestId('setup-refusal-message').count()).toBe(1);
  expect(await page.getByTestId('setup-status').getAttribute('data-status')).toBe('draft');
}

async function settings(page: Page, tag: string): Promise<void> {
  await page.getByTestId('settings-start').fill('25:00');
  await page.getByTestId('settings-tz').selectOption('Asia/Tbilisi');
  await page.getByTestId('settings-retry-busy').fill('3, 10');
  await page.getByTestId('settings-limit-perNumberPerDay').fill('4');
  await page.getByTestId('settings-abandon-cap').fill('2.5');
  await page.getByTestId('settings-day-7').uncheck();
  await page.getByTestId('disp-add').click();
  const added = page.getByTestId('disp-row').last();
  await added.getByTestId('disp-code').fill('voicemail');
  await added.getByTestId('disp-label').fill('Left a voicemail');
  await added.getByTestId('disp-kind').selectOption('retry');
  await page.getByTestId('settings-save').click();

  const error = page.locator('[data-testid=settings-error][data-path="callingWindow.start"]');
  await error.waitFor();
  expect(await error.textContent()).toContain('HH:MM');
  expect(await page.locator('[data-testid=settings-field-error][data-path="callingWindow.start"]').textContent()).toContain('HH:MM');
  // nothing typed is lost
  expect(await page.getByTestId('settings-start').inputValue()).toBe('25:00');
  expect(await page.getByTestId('settings-retry-busy').inputValue()).toBe('3, 10');
  expect(await page.getByTestId('settings-day-7').isChecked()).toBe(false);
  expect(await page.getByTestId('disp-row').last().getByTestId('disp-code').inputValue()).toBe('voicemail');
  expect(await page.getByTestId('settings-saved').textContent()).toBe('');
  await page.getByTestId('settings-start').scrollIntoViewIfNeeded();
  await screenshot(page, `${tag}-campaign-editor-settings-error`);

  await page.getByTestId('settings-start').fill('08:30');
  await page.getByTestId('settings-save').click();
  await page.locator('[data-testid=settings-saved]:text("Saved")').waitFor();
  expect(await page.getByTestId('settings-errors').isHidden()).toBe(true);
  expect(await page.getByTestId('settings-field-error').count()).toBe(0);
}

async function script(page: Page, tag: string): Promise<void> {
  await page.getByTestId('script-json').fill(JSON.stringify(badScript, null, 2));
  await page.getByTestId('script-save').click();
  const error = page.locator('[data-testid=script-error][data-code=unknown_start]');
  await error.waitFor();
  expect(await error.getAttribute('data-path')).toBe('start');
  expect(await error.textContent()).toContain('start step "zz" does not exist');
  expect(await page.getByTestId('script-none').isVisible()).toBe(true);
  await page.getByTestId('script-errors').scrollIntoViewIfNeeded();
  await screenshot(page, `${tag}-campaign-editor-script-error`);

  await page.getByTestId('script-file').setInputFiles({ name: 'survey.json', mimeType: 'application/json', buffer: goodScript });
  await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('[data-testid=script-json]')?.value ?? '').includes('insurance-survey'));
  await page.getByTestId('script-save').click();
  const saved = page.getByTestId('script-saved');
  await saved.waitFor();
  expect([await saved.getAttribute('data-key'), await saved.getAttribute('data-version')]).toEqual(['insurance-survey', '3']);
  expect(await page.getByTestId('script-errors').isHidden()).toBe(true);
  expect(await page.getByTestId('script-title').textContent()).toBe('Insurance renewal survey');
  expect(await page.getByTestId('script-step').count()).toBe(14);
  expect(await page.locator('[data-testid=script-step][data-step-id=greet]').getAttribute('data-type')).toBe('say');
}

async function importList(page: Page, tag: string): Promise<void> {
  await page.getByTestId('list-file').setInputFiles({ name: 'autumn-leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('list-preview').click();
  const mapping = page.getByTestId('list-mapping');
  await mapping.waitFor();
  expect(await mapping.getAttribute('data-total')).toBe('3');
  expect(await mapping.getByTestId('map-phone').inputValue()).toBe('Phone number'); // guessed by the server
  expect(await mapping.getByTestId('map-name').inputValue()).toBe('Client name');
  expect(await mapping.getByTestId('map-priority').inputValue()).toBe('Priority');
  expect(await mapping.getByTestId('map-clientId').inputValue()).toBe('');
  expect(await mapping.getByTestId('list-name-input').inputValue()).toBe('autumn-leads');
  expect(await mapping.getByTestId('list-sample-row').count()).toBe(3);
  expect(await mapping.getByTestId('list-sample-row').nth(1).locator('td').nth(1).textContent()).toBe(xssName);
  await mapping.scrollIntoViewIfNeeded();
  await screenshot(page, `${tag}-campaign-editor-mapping`);
  await mapping.getByTestId('list-priority-input').fill('5');
  await mapping.getByTestId('list-import').click();

  const result = page.getByTestId('list-import-result');
  await result.waitFor();
  expect([await result.getAttribute('data-added'), await result.getAttribute('data-failed')]).toEqual(['2', '1']);
  expect(await result.getByTestId('list-import-summary').textContent()).toBe('Added 2, failed 1 (of 3)');
  const rowError = result.getByTestId('list-import-error');
  expect(await rowError.count()).toBe(1);
  expect([await rowError.getAttribute('data-row'), await rowError.getAttribute('data-field'), await rowError.getAttribute('data-code')]).toEqual(['4', 'phone', 'invalid_phone']);
  expect(await rowError.textContent()).toContain('not a phone');
  expect(await page.getByTestId('list-mapping').count()).toBe(0);
  // the list shows with its report (the failed row inside)
  const row = page.locator('[data-testid=list-row][data-source=import]');
  await row.waitFor();
  expect(await row.getByTestId('list-name').textContent()).toBe('autumn-leads');
  expect([await row.getByTestId('list-report').getAttribute('data-total'), await row.getByTestId('list-report').getAttribute('data-failed')]).toEqual(['3', '1']);
  const failedRows = page.locator(`[data-testid=list-report-row][data-id="${await row.getAttribute('data-id') ?? ''}"]`);
  await failedRows.getByTestId('list-report-toggle').click();
  expect(await failedRows.locator('[data-testid=list-report-error][data-code=invalid_phone]').isVisible()).toBe(true);
  await result.scrollIntoViewIfNeeded();
  await screenshot(page, `${tag}-campaign-editor-imported`);
}

describe('campaign editor e2e', () => {
  let b: E2eBrowser;
  beforeAll(async () => {
    expect(uiBuilt()).toBe(true); // npm install builds it (npm run build:ui)
    b = await launchBrowser();
  }, timeout);
  afterAll(async () => {
    await b?.close();
  });

  describe.each(dbProviders)('supervisor [%s]', (provider) => {
    let app: E2eApp;
    afterAll(async () => {
      await app?.close();
    });

    it('creates a campaign, sets it up (settings, script, lists) with the server\'s errors shown, and starts it', async () => {
      app = await startE2eApp(provider);
      const sup = await app.user('supervisor', ['601']);
      const { context, page } = await b.newPage();
      const seen = watchPage(page);
      await loginAs(page, app.t.baseUrl, sup.login, sup.password, '#/campaigns');

      await page.getByTestId('campaign-new').click();
      await page.getByTestId('campaign-new-form').waitFor();
      await page.getByTestId('new-name').fill('Renewal winter');
      await page.getByTestId('new-mode').selectOption('predictive');
      await page.getByTestId('new-manual').check(); // manual-only forces preview
      expect(await page.getByTestId('new-mode').inputValue()).toBe('preview');
      expect(await page.getByTestId('new-mode').isDisabled()).toBe(true);
      await page.getByTestId('new-caller-id').fill('+995322555000');
      await screenshot(page, `${provider}-campaign-editor-new`);
      await page.getByTestId('new-create').click();

      await page.locator('[data-testid=campaign-setup][data-ready=true]').waitFor();
      const id = Number(/#\/campaigns\/(\d+)\/setup$/.exec(page.url())?.[1]);
      expect(id).toBeGreaterThan(0);
      expect(await page.getByTestId('setup-name').textContent()).toBe('Renewal winter');
      expect(await page.getByTestId('setup-mode').getAttribute('data-mode')).toBe('preview');

      await startRefused(page, /needs a script/);
      await screenshot(page, `${provider}-campaign-editor-refused`);
      await settings(page, provider);
      await script(page, provider);
      await startRefused(page, /at least one call list/);
      await importList(page, provider);

      // a second list from a CRM segment (no filter: every client with a callable number, i.e. Acme Ltd)
      await page.getByTestId('seg-name').fill('Everyone');
      await page.getByTestId('seg-create').click();
      await page.locator('[data-testid=seg-result]:not([hidden])').waitFor();
      expect(await page.getByTestId('seg-result').getAttribute('data-added')).toBe('1');
      await page.locator('[data-testid=lists-box][data-count="2"]').waitFor();

      await page.getByTestId('setup-header-box').getByTestId('campaign-start').click();
      await page.locator('[data-testid=setup-status][data-status=running]').waitFor();
      expect(await refusal(page).isHidden()).toBe(true);
      expect(await page.getByTestId('setup-header-box').getByTestId('campaign-pause').isVisible()).toBe(true);
      await screenshot(page, `${provider}-campaign-editor-running`);

      const admin = await app.t.admin();
      const c = await admin.get<CampaignBody>(`/api/campaigns/${id}`);
      expect(c.status).toBe(200);
      expect(c.body).toMatchObject({ status: 'running', dialMode: 'preview', manualOnly: true, callerId: '+995322555000' });
      const s = c.body.settings;
      expect(s.callingWindow).toEqual({ start: '08:30', end: '21:00', days: [1, 2, 3, 4, 5, 6] });
      expect(s.defaultTimeZone).toBe('Asia/Tbilisi');
      expect(s.retry['busy']).toEqual([3, 10]);
      expect(s.limits['perNumberPerDay']).toBe(4);
      expect(s.pacing.abandonCap).toBeCloseTo(0.025);
      expect(s.dispositions.at(-1)).toEqual({ code: 'voicemail', label: 'Left a voicemail', kind: 'retry', success: false });
      expect(s.dispositions.map((d) => d.code)).toEqual(expect.arrayContaining(['success', 'callback', 'not_interested']));
      const v = await admin.get<{ key: string; version: number }>(`/api/campaigns/scripts/${c.body.scriptVersionId ?? 0}`);
      expect([v.body.key, v.body.version]).toEqual(['insurance-survey', 3]);
      const lists = await admin.get<{ items: { name: string; source: string; priority: number; report: { total?: number; failed?: number } }[] }>(`/api/campaigns/${id}/lists`);
      expect(lists.body.items.map((l) => [l.name, l.source, l.priority])).toEqual([['autumn-leads', 'import', 5], ['Everyone', 'segment', expect.any(Number)]]);
      expect(lists.body.items[0]?.report).toMatchObject({ total: 3, failed: 1 });

      // the list and the monitor link to the editor
      await page.getByTestId('setup-monitor').click();
      await page.getByTestId('campaign-monitor').getByTestId('mon-progress').waitFor();
      expect(await page.getByTestId('mon-total').getAttribute('data-value')).toBe('3');
      await page.getByTestId('mon-setup').click();
      await page.locator('[data-testid=campaign-setup][data-ready=true]').waitFor();

      expect(await page.locator('img[src=x]').count()).toBe(0);
      expect(seen.dialogs).toEqual([]);
      expect(seen.errors).toEqual([]);
      await context.close();
    }, timeout);
  });
});
