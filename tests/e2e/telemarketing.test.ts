import type { Page } from 'playwright-core';
import { dbProviders } from '../helpers/db.js';
import type { HttpClient } from '../helpers/http.js';
import { launchBrowser, loginAs, screenshot, uiBuilt, type E2eBrowser } from './browser.js';
import { startE2eApp, until, watchPage, xssName, type E2eApp } from './e2e-app.js';

/**
 * The telemarketing workplace in real headless Chromium. Set up through the admin REST API: a preview
 * campaign calling 00:00–24:00 every day (never depends on the clock), a branching script, a call list
 * imported from a CSV of three clients. A telemarketer picks the campaign, presses Ready and works through
 * the three contacts (Dial → an Originate at the PBX; answers stepping the script; a bad number refused
 * with the server's message; the outcomes success / not_interested / callback). The answers then show on
 * each client's card and in the campaign results; a supervisor sees them in the monitor and the CSV export.
 */
const timeout = 120_000;

const script = {
  key: 'e2e-survey', version: 1, title: 'Internet survey', start: 'hello',
  questions: [
    { id: 'interest', text: 'Are you interested in faster internet?', type: 'single', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
    { id: 'budget', text: 'What monthly budget do you have in mind?', type: 'number', min: 0 },
    { id: 'when', text: 'When may the engineer come?', type: 'date' },
    { id: 'reason', text: 'Why not?', type: 'text' },
  ],
  steps: [
    { id: 'hello', type: 'say', text: 'Good afternoon, {client.name}! This is zari telecom.', next: 'ask_interest' },
    { id: 'ask_interest', type: 'ask', question: 'interest', next: 'route' },
    { id: 'route', type: 'branch', question: 'interest', cases: [{ equals: 'yes', next: 'ask_budget' }, { equals: 'no', next: 'ask_reason' }], default: 'ask_reason' },
    { id: 'ask_budget', type: 'ask', question: 'budget', next: 'ask_when' },
    { id: 'ask_when', type: 'ask', question: 'when', next: 'thanks' },
    { id: 'thanks', type: 'end', disposition: 'success', text: 'Thank you, we will confirm by SMS.' },
    { id: 'ask_reason', type: 'ask', question: 'reason', next: 'bye' },
    { id: 'bye', type: 'end', disposition: 'not_interested', text: 'Thank you for your time.' },
  ],
};

/** the three clients of the call list; the last one's name is an HTML payload that must stay inert */
const people = [
  { name: 'Giorgi Kapanadze', phone: '+995555102031' },
  { name: 'Tamar Lomidze', phone: '+995555102032' },
  { name: xssName, phone: '+995555102033' },
];

/** what the telemarketer does with the n-th contact the desk gives */
type Plan =
  | { kind: 'yes'; budget: string; date: string; disposition: 'success' | 'callback' }
  | { kind: 'no'; reason: string };
const plans: Plan[] = [
  { kind: 'yes', budget: '5000', date: '2030-05-14', disposition: 'success' },
  { kind: 'no', reason: 'Already has fibre from another provider' },
  { kind: 'yes', budget: '1200', date: '2030-06-01', disposition: 'callback' },
];

interface Setup { campaignId: number; clients: Map<string, number> }

async function ok<T>(res: Promise<{ status: number; body: T; text: string }>, what: string): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
}

async function setUp(admin: HttpClient): Promise<Setup> {
  const clients = new Map<string, number>();
  for (const p of people) {
    const c = await ok(admin.post<{ id: number }>('/api/clients', { name: p.name, phones: [{ raw: p.phone }], notes: `Customer since 2019 (${p.phone})` }), 'client');
    clients.set(p.phone, c.id);
  }
  const campaign = await ok(admin.post<{ id: number }>('/api/campaigns', {
    name: 'Fibre upgrade autumn', dialMode: 'preview',
    settings: { callingWindow: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] }, defaultTimeZone: 'Asia/Tbilisi' },
  }), 'campaign');
  const version = await ok(admin.post<{ id: number }>('/api/campaigns/scripts', script), 'script');
  await ok(admin.put(`/api/campaigns/${campaign.id}/script`, { scriptVersionId: version.id }), 'set script');
  const csv = ['phone,name', ...people.map((p) => `${p.phone},"${p.name.replaceAll('"', '""')}"`)].join('\n');
  const list = await ok(admin.post<{ added: number; failed: number }>(`/api/campaigns/${campaign.id}/lists/import?name=Autumn&phoneColumn=phone&nameColumn=name`, undefined,
    { raw: csv, contentType: 'text/csv' }), 'import');
  expect(list).toMatchObject({ added: 3, failed: 0 });
  await ok(admin.post(`/api/campaigns/${campaign.id}/status`, { status: 'running' }), 'start');
  return { campaignId: campaign.id, clients };
}

/** a date-time one day ahead in the browser's `datetime-local` form */
const tomorrowLocal = (): string => {
  const d = new Date(Date.now() + 86_400_000);
  d.setSeconds(0, 0);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

const question = (page: Page, id: string) => page.locator(`[data-testid=tm-question][data-question-id=${id}]`);

async function answerInput(page: Page, id: string, value: string): Promise<void> {
  const q = question(page, id);
  await q.waitFor();
  await q.getByTestId('tm-answer-input').fill(value);
  await q.getByTestId('tm-answer-ok').click();
  await q.waitFor({ state: 'detached' });
}

/** one contact: Dial (an Originate for its number), the script by plan, the outcome; returns its phone */
async function workContact(page: Page, app: E2eApp, n: number, plan: Plan): Promise<string> {
  const card = page.getByTestId('tm-card');
  await card.waitFor();
  const phone = (await card.getByTestId('tm-phone').textContent()) ?? '';
  const person = people.find((p) => p.phone === phone);
  expect(person).toBeDefined();
  expect(await card.getByTestId('tm-client').textContent()).toBe(person?.name);
  expect(await card.getByTestId('tm-notes').textContent()).toContain(phone);
  expect(await page.getByTestId('tm-say').first().textContent()).toBe(`Good afternoon, ${person?.name ?? ''}! This is zari telecom.`);
  expect(await question(page, 'interest').getByTestId('tm-option').first().isDisabled()).toBe(true); // dial first

  await page.getByTestId('tm-dial').click();
  const originate = await app.lb.waitForAction('Originate', n);
  expect(originate.fields).toMatchObject({ Channel: 'PJSIP/501', Exten: phone.replace('+995', '') });
  await page.locator('[data-testid=tm-dial][disabled]').waitFor();

  await question(page, 'interest').locator(`[data-testid=tm-option][data-value=${plan.kind}]`).click();
  if (plan.kind === 'yes') {
    if (plan.disposition === 'callback') await badNumberFirst(page);
    await answerInput(page, 'budget', plan.budget);
    await answerInput(page, 'when', plan.date);
  } else {
    await answerInput(page, 'reason', plan.reason);
  }
  const end = page.getByTestId('tm-script-end');
  await end.waitFor();
  const suggested = plan.kind === 'yes' ? 'success' : 'not_interested';
  expect(await end.getAttribute('data-disposition')).toBe(suggested);
  expect(await page.getByTestId(`tm-disposition-${suggested}`).isChecked()).toBe(true);
  expect(await page.getByTestId('tm-answered').count()).toBe(plan.kind === 'yes' ? 3 : 2);
  await page.getByTestId('tm-note').fill(`Call ${n}: spoke with ${person?.name ?? ''}`);
  if (plan.kind === 'yes' && plan.disposition === 'callback') {
    expect(await page.getByTestId('tm-callback-fields').isHidden()).toBe(true);
    await page.getByTestId('tm-disposition-callback').check();
    await page.getByTestId('tm-callback-fields').waitFor();
    await page.getByTestId('tm-callback-at').fill(tomorrowLocal());
    await page.getByTestId('tm-callback-scope').selectOption('personal');
    await screenshot(page, `tm-desk-callback-${n}`);
  } else if (n === 1) {
    await screenshot(page, 'tm-desk-script-end');
  }
  const attempt = await card.getAttribute('data-attempt-id');
  await page.getByTestId('tm-complete').click();
  await page.locator(`[data-testid=tm-card][data-attempt-id="${attempt ?? ''}"]`).waitFor({ state: 'detached' });
  return phone;
}

/** a negative budget is refused with the server's message; the script stays on the question, the text stays */
async function badNumberFirst(page: Page): Promise<void> {
  const q = question(page, 'budget');
  await q.waitFor();
  await q.getByTestId('tm-answer-input').fill('-5');
  await q.getByTestId('tm-answer-ok').click();
  const error = q.getByTestId('tm-answer-error');
  await page.locator('[data-testid=tm-question][data-question-id=budget] [data-testid=tm-answer-error]:not(:empty)').waitFor();
  expect((await error.textContent())?.length).toBeGreaterThan(3);
  expect(await q.getByTestId('tm-answer-input').inputValue()).toBe('-5');
  expect(await page.getByTestId('tm-answered').count()).toBe(1);
  await screenshot(page, 'tm-desk-bad-answer');
}

describe('telemarketing e2e', () => {
  let b: E2eBrowser;
  beforeAll(async () => {
    expect(uiBuilt()).toBe(true); // npm install builds it (npm run build:ui)
    b = await launchBrowser();
  }, timeout);
  afterAll(async () => {
    await b?.close();
  });

  describe.each(dbProviders)('preview campaign [%s]', (provider) => {
    let app: E2eApp;
    let setup: Setup;
    const worked: { phone: string; plan: Plan }[] = [];
    afterAll(async () => {
      await app?.close();
    });

    it('a telemarketer works three contacts: dial, script, bad answer, outcomes; answers on the client cards', async () => {
      app = await startE2eApp(provider);
      setup = await setUp(await app.t.admin());
      const tm = await app.user('telemarketer', ['501']);
      const { context, page } = await b.newPage();
      const seen = watchPage(page);
      await loginAs(page, app.t.baseUrl, tm.login, tm.password);
      await page.getByTestId('tm-desk').waitFor(); // a telemarketer's home
      await page.locator('[data-testid=tm-state][data-state=offline], [data-testid=tm-state][data-state=paused]').waitFor();
      await page.getByTestId('tm-campaign').selectOption(String(setup.campaignId));
      await page.getByTestId('tm-ready').click();
      await page.getByTestId('tm-card').waitFor();
      await screenshot(page, `${provider}-tm-desk-contact`);

      for (const [i, plan] of plans.entries()) worked.push({ phone: await workContact(page, app, i + 1, plan), plan });
      expect(new Set(worked.map((w) => w.phone)).size).toBe(3);
      await page.locator('[data-testid=tm-idle][data-idle=no_numbers]').waitFor();
      expect(await page.getByTestId('tm-handled').textContent()).toBe('3');
      expect(await page.getByTestId('tm-success').textContent()).toBe('1');
      expect(app.lb.actions('Originate')).toHaveLength(3);
      await screenshot(page, `${provider}-tm-desk-done`);
      await page.getByTestId('tm-pause').click();
      await page.locator('[data-testid=tm-state][data-state=paused]').waitFor();

      // a change the browser did not ask for arrives over Socket.IO (telemarketing.desk): the campaign paused
      const admin = await app.t.admin();
      await ok(admin.post(`/api/campaigns/${setup.campaignId}/status`, { status: 'paused' }), 'pause');
      await page.locator('[data-testid=tm-campaign] option[value=""]').waitFor({ state: 'attached' }); // no running campaign
      expect(await page.getByTestId('tm-ready').isDisabled()).toBe(true);
      await ok(admin.post(`/api/campaigns/${setup.campaignId}/status`, { status: 'running' }), 'resume');

      for (const w of worked) {
        await page.goto(`${app.t.baseUrl}/#/clients/${setup.clients.get(w.phone) ?? 0}`);
        const item = page.getByTestId('campaign-answer').first();
        await item.waitFor();
        expect(await item.getByTestId('campaign-answer-campaign').textContent()).toBe('Fibre upgrade autumn');
        expect(await item.getByTestId('campaign-answer-user').textContent()).toBe(tm.name);
        const answer = async (id: string): Promise<string | null> => item.locator(`[data-testid=campaign-answer-row][data-question-id=${id}] [data-testid=campaign-answer-value]`).textContent();
        if (w.plan.kind === 'yes') {
          expect(await answer('interest')).toBe('Yes'); // the option's label (the value 'yes' is what is stored and exported)
          expect(await answer('budget')).toBe(w.plan.budget);
          expect(await answer('when')).toBe(w.plan.date);
          expect(await item.getByTestId('campaign-answer-disposition').getAttribute('data-disposition')).toBe(w.plan.disposition);
        } else {
          expect(await answer('interest')).toBe('No');
          expect(await answer('reason')).toBe(w.plan.reason);
          expect(await item.getByTestId('campaign-answer-disposition').getAttribute('data-disposition')).toBe('not_interested');
        }
      }
      await screenshot(page, `${provider}-tm-client-answers`);

      // on the last card: the telemarketer records the client's consent to advertising calls, then withdraws it
      const consents = page.getByTestId('client-consents');
      await consents.locator('[data-testid=consent-list][data-loaded=true]').waitFor();
      await consents.getByTestId('consent-given-by').fill(xssName);
      await consents.getByTestId('consent-evidence').fill('said yes on the call');
      await consents.getByTestId('consent-record').click();
      const row = consents.locator('[data-testid=consent-row][data-revoked=false]');
      await row.waitFor();
      expect(await row.textContent()).toContain(xssName);
      await row.getByTestId('consent-revoke').click();
      await consents.locator('[data-testid=consent-row][data-revoked=true]').waitFor();
      const lastClient = setup.clients.get(worked.at(-1)?.phone ?? '') ?? 0;
      const stored = await admin.get<{ items: { givenBy: string; method: string; revokedAt: string | null }[] }>(`/api/clients/${lastClient}/consents`);
      expect(stored.body.items).toEqual([expect.objectContaining({ givenBy: xssName, method: 'call', revokedAt: expect.any(String) as unknown })]);

      const results = await admin.get<{ questions: { id: string; answered: number; options: { value: string; count: number }[]; numbers: { count: number; min: number; max: number } | null; texts: string[] }[] }>(`/api/campaigns/${setup.campaignId}/results`);
      expect(results.status).toBe(200);
      const q = (id: string) => results.body.questions.find((x) => x.id === id);
      expect(q('interest')?.answered).toBe(3);
      expect(q('interest')?.options.map((o) => [o.value, o.count]).sort()).toEqual([['no', 1], ['yes', 2]]);
      expect(q('budget')).toMatchObject({ answered: 2, numbers: { count: 2, min: 1200, max: 5000 } });
      expect(q('when')?.answered).toBe(2);
      expect(q('reason')).toMatchObject({ answered: 1, texts: ['Already has fibre from another provider'] });

      expect(await page.locator('img[src=x]').count()).toBe(0);
      expect(seen.dialogs).toEqual([]);
      expect(seen.errors).toEqual([]);
      await context.close();
    }, timeout);

    it('a supervisor sees progress, the results charts and exports the CSV', async () => {
      const sup = await app.user('supervisor', ['601']);
      const { context, page } = await b.newPage();
      const seen = watchPage(page);
      await loginAs(page, app.t.baseUrl, sup.login, sup.password, '#/campaigns');
      const row = page.locator(`[data-testid=campaign-row][data-id="${setup.campaignId}"]`);
      await row.waitFor();
      expect(await row.getByTestId('campaign-status').getAttribute('data-status')).toBe('running');
      await row.getByTestId('campaign-pause').click();
      await row.locator('[data-testid=campaign-status][data-status=paused]').waitFor();
      await row.getByTestId('campaign-start').click();
      await row.locator('[data-testid=campaign-status][data-status=running]').waitFor();
      await screenshot(page, `${provider}-tm-campaigns`);
      await row.getByTestId('campaign-open').click();

      const monitor = page.getByTestId('campaign-monitor');
      await monitor.getByTestId('mon-progress').waitFor();
      expect(await monitor.getByTestId('mon-total').getAttribute('data-value')).toBe('3');
      expect(await monitor.getByTestId('mon-attempts').getAttribute('data-value')).toBe('3');
      expect(await monitor.getByTestId('mon-callback').getAttribute('data-value')).toBe('1');
      expect(await monitor.getByTestId('mon-done').getAttribute('data-value')).toBe('2');
      const agent = monitor.getByTestId('mon-agent-row');
      expect(await agent.count()).toBe(1);
      expect(await agent.getByTestId('mon-agent-handled').textContent()).toBe('3');
      const outcome = (code: string) => monitor.locator(`[data-testid=mon-outcome][data-key=${code}]`).getAttribute('data-count');
      expect([await outcome('success'), await outcome('not_interested'), await outcome('callback')]).toEqual(['1', '1', '1']);

      const bar = (question: string, value: string) => monitor.locator(`[data-testid=res-question][data-question-id=${question}] [data-testid=res-bar][data-key=${value}]`);
      expect(await bar('interest', 'yes').getAttribute('data-count')).toBe('2');
      expect(await bar('interest', 'no').getAttribute('data-count')).toBe('1');
      expect(await bar('interest', 'yes').getByTestId('res-bar-count').textContent()).toMatch(/^2/);
      const budget = monitor.locator('[data-testid=res-question][data-question-id=budget] [data-testid=res-numbers]');
      expect([await budget.getAttribute('data-count'), await budget.getAttribute('data-min'), await budget.getAttribute('data-max')]).toEqual(['2', '1200', '5000']);
      expect(await monitor.locator('[data-testid=res-question][data-question-id=reason] [data-testid=res-text]').allTextContents()).toEqual(['Already has fibre from another provider']);
      // the monitor refreshes itself while open (every 3 s)
      await until(async () => Number(await monitor.getAttribute('data-loaded')) >= 2, 'a monitor refresh');
      await screenshot(page, `${provider}-tm-monitor`);

      const href = await monitor.getByTestId('mon-export').getAttribute('href');
      expect(href).toBe(`/api/campaigns/${setup.campaignId}/export.csv`);
      const csv = await page.evaluate(async (url) => {
        const res = await fetch(url, { credentials: 'same-origin' });
        return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
      }, href ?? '');
      expect(csv.status).toBe(200);
      expect(csv.type).toContain('text/csv');
      const lines = csv.text.split(/\r?\n/).filter((l) => l.trim() !== '');
      expect(lines).toHaveLength(4);
      for (const w of worked) expect(lines.filter((l) => l.includes(w.phone))).toHaveLength(1);

      expect(await page.locator('img[src=x]').count()).toBe(0);
      expect(seen.dialogs).toEqual([]);
      expect(seen.errors).toEqual([]);
      await context.close();
    }, timeout);
  });
});
