import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dbProviders } from '../helpers/db.js';
import { startTestApp, type HttpClient, type TestApp } from '../helpers/http.js';
import type { CampaignMonitor, DeskView, QuestionResult } from '../../cti/index.js';

/**
 * The telemarketer's desk over real HTTP on a real zari (no PBX: preview, the number is dialed by hand):
 * ready → the contact with its script → answers checked by the server → result → the next contact;
 * a reload brings the same contact back; answers on the client's card, effects applied, a timeline note;
 * the supervisor's monitor, results and export; who may do what.
 */
const survey = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'scripts', 'good', 'survey.json'), 'utf8')) as Record<string, unknown>;
const allDay = { callingWindow: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] }, defaultTimeZone: 'Asia/Tbilisi' };

interface ErrorBody { error: { code: string; message: string } }

describe.each(dbProviders)('telemarketer desk over HTTP [%s]', (provider) => {
  let t: TestApp;
  let admin: HttpClient;
  let tm: HttpClient;
  let tmId = 0;
  let campaignId = 0;
  const clients: { id: number; name: string; phone: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp(provider);
    admin = await t.admin();
    const u = await t.createUser('telemarketer', { name: 'Tamar Telemarketer' });
    tm = u.client;
    tmId = u.user.id;
    for (const [name, phone] of [['Alpha LLC', '+995322100001'], ['Beta LLC', '+995322100002'], ['Gamma LLC', '+995322100003']] as const) {
      const c = await admin.post<{ id: number }>('/api/clients', { name, phones: [{ raw: phone }], segment: 'prospects-desk' });
      expect(c.status).toBe(201);
      clients.push({ id: c.body.id, name, phone });
    }
    const camp = await admin.post<{ id: number }>('/api/campaigns', { name: `Renewal ${provider}`, dialMode: 'preview', settings: allDay });
    expect(camp.status).toBe(201);
    campaignId = camp.body.id;
    const script = await admin.post<{ id: number }>('/api/campaigns/scripts', { ...survey, key: `survey-${provider}` });
    expect(script.status).toBe(201);
    expect((await admin.put(`/api/campaigns/${campaignId}/script`, { scriptVersionId: script.body.id })).status).toBe(200);
    const csv = `phone,name\n${clients.map((c) => `${c.phone},${c.name}`).join('\n')}\n`;
    const list = await admin.request<{ added: number }>('POST', `/api/campaigns/${campaignId}/lists/import?name=desk&phoneColumn=phone&nameColumn=name`, { raw: csv, contentType: 'text/csv' });
    expect(list.status).toBe(201);
    expect(list.body.added).toBe(3);
    expect((await admin.post(`/api/campaigns/${campaignId}/status`, { status: 'running' })).status).toBe(200);
  }, 90_000);
  afterAll(async () => { await t?.close(); });

  const desk = async (): Promise<DeskView> => { const r = await tm.get<DeskView>('/api/telemarketing/desk'); expect(r.status).toBe(200); return r.body; };

  it('works three contacts: branching script, a refused answer, effects, a no-answer retry, a callback; reload-safe', async () => {
    const before = await desk();
    expect(before).toMatchObject({ state: 'offline', work: null, campaigns: [expect.objectContaining({ id: campaignId, dialMode: 'preview' })] });

    // 1: yes → cars 2 → products → comment → success
    let v = (await tm.post<DeskView>('/api/telemarketing/desk/ready', { campaignId })).body;
    expect(v.state).toBe('talking');
    const first = v.work;
    if (!first) throw new Error('no contact');
    const c1 = clients.find((c) => c.phone === first.phone);
    expect(first).toMatchObject({ campaignId, dialed: false, client: { id: c1?.id, name: c1?.name } });
    expect(first.script.transcript[0]).toMatchObject({ kind: 'say', stepId: 'greet' });
    expect(JSON.stringify(first.script.transcript[0])).toContain('This is Tamar Telemarketer from Renewal');
    expect(first.script.ask).toMatchObject({ questionId: 'interested', type: 'single', text: `${c1?.name}, would you like a renewal offer?` });
    const noPbx = await tm.post<ErrorBody>('/api/telemarketing/desk/dial');
    expect(noPbx.status).toBe(503);
    expect(noPbx.body.error.code).toBe('pbx_unavailable');
    expect((await tm.post<ErrorBody>('/api/telemarketing/desk/answer', { questionId: 'cars', value: 3 })).body.error.code).toBe('conflict');
    v = (await tm.post<DeskView>('/api/telemarketing/desk/answer', { questionId: 'interested', value: 'yes' })).body;
    expect(v.work?.script.ask?.questionId).toBe('cars');
    const bad = await tm.post<ErrorBody>('/api/telemarketing/desk/answer', { questionId: 'cars', value: 99 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.message).toContain('at most 50');
    expect((await desk()).work?.script.ask?.questionId).toBe('cars'); // the script did not move
    await tm.post('/api/telemarketing/desk/answer', { questionId: 'cars', value: 2 });
    // reload: the same contact and the answers so far come back
    const reloaded = await desk();
    expect(reloaded.work).toMatchObject({ attemptId: first.attemptId, script: { answers: { interested: 'yes', cars: 2 }, ask: { questionId: 'products' } } });
    await tm.post('/api/telemarketing/desk/answer', { questionId: 'products', value: ['auto', 'home'] });
    v = (await tm.post<DeskView>('/api/telemarketing/desk/answer', { questionId: 'comment', value: 'Prefers e-mail' })).body;
    expect(v.state).toBe('wrapup');
    expect(v.work?.script.end).toEqual({ type: 'end', disposition: 'success', text: `Thank you, ${c1?.name}!` });
    expect((await tm.post<ErrorBody>('/api/telemarketing/desk/pause')).status).toBe(409);
    expect((await tm.post<ErrorBody>('/api/telemarketing/desk/complete', {})).status).toBe(400);
    v = (await tm.post<DeskView>('/api/telemarketing/desk/complete', { disposition: 'success', note: 'Send the offer today' })).body;
    expect(v.stats).toEqual({ handled: 1, success: 1 });
    const second = v.work;
    if (!second) throw new Error('no second contact');
    expect(second.attemptId).not.toBe(first.attemptId);

    // the first client's card: answers, the deal from the answer's effect, the segment set by the script, a timeline note
    const answers = await admin.get<{ items: { campaignName: string; disposition: string; answers: { questionId: string; answer: string }[] }[] }>(`/api/clients/${c1?.id}/campaign-answers`);
    expect(answers.body.items[0]).toMatchObject({ campaignName: `Renewal ${provider}`, disposition: 'success' });
    expect(answers.body.items[0]?.answers).toEqual(expect.arrayContaining([
      expect.objectContaining({ questionId: 'interested', answer: 'Yes' }), expect.objectContaining({ questionId: 'cars', answer: '2' }),
      expect.objectContaining({ questionId: 'products', answer: 'Auto, Home' }), expect.objectContaining({ questionId: 'comment', answer: 'Prefers e-mail' }),
    ]));
    const deals = await admin.get<{ items: { title: string }[] }>(`/api/deals?clientId=${c1?.id}`);
    expect(deals.body.items.map((d) => d.title)).toContain(`Renewal for ${c1?.name}`);
    const client = await admin.get<{ segment: string }>(`/api/clients/${c1?.id}`);
    expect(client.body.segment).toBe(`renewal-Renewal ${provider}`);
    const timeline = await admin.get<{ items: { kind: string; subject: string | null; body: string | null }[] }>(`/api/clients/${c1?.id}/interactions`);
    const note = timeline.body.items.find((i) => i.kind === 'note' && i.subject === `Renewal ${provider}: Success`);
    expect(note?.body).toContain('Send the offer today');
    expect(note?.body).toContain('How many cars do you insure? — 2');

    // 2: nobody answers → retry per schedule (the entry is pending again, later)
    v = (await tm.post<DeskView>('/api/telemarketing/desk/complete', { result: 'no_answer' })).body;
    const taken = v.work;
    if (!taken) throw new Error('no third contact');
    expect(taken.phone).not.toBe(second.phone);
    // a pause before dialing gives the untouched contact back to the list; Ready takes it again
    v = (await tm.post<DeskView>('/api/telemarketing/desk/pause')).body;
    expect(v).toMatchObject({ state: 'paused', work: null });
    v = (await tm.post<DeskView>('/api/telemarketing/desk/ready', { campaignId })).body;
    expect(v.work?.phone).toBe(taken.phone);

    // 3: later → a date → the script schedules the callback; the callback disposition takes its time
    await tm.post('/api/telemarketing/desk/answer', { questionId: 'interested', value: 'later' });
    v = (await tm.post<DeskView>('/api/telemarketing/desk/answer', { questionId: 'when', value: '2031-05-04T10:00:00Z' })).body;
    expect(v.work?.script.end).toEqual({ type: 'end', disposition: 'callback' });
    v = (await tm.post<DeskView>('/api/telemarketing/desk/complete', { disposition: 'callback' })).body;
    expect(v).toMatchObject({ state: 'ready', work: null, idle: 'no_numbers', stats: { handled: 3, success: 1 } });
    expect((await tm.post<DeskView>('/api/telemarketing/desk/pause')).body.state).toBe('paused');

    // the supervisor's view of it
    const monitor = (await admin.get<CampaignMonitor>(`/api/campaigns/${campaignId}/monitor`)).body;
    expect(monitor.progress).toMatchObject({ total: 3, done: 1, pending: 1, callback: 1, attempts: 3 });
    expect(monitor.dialer).toMatchObject({ running: false, reason: 'preview: each call is started by a telemarketer', abandonCapPct: 3 });
    expect(monitor.agents).toEqual([expect.objectContaining({ userId: tmId, name: 'Tamar Telemarketer', state: 'paused', handled: 3 })]);
    expect(monitor.outcomes).toEqual(expect.arrayContaining([{ disposition: 'success', label: 'Success', count: 1 }, { disposition: 'callback', label: 'Call back later', count: 1 }]));
    const results = (await admin.get<{ questions: QuestionResult[] }>(`/api/campaigns/${campaignId}/results`)).body.questions;
    expect(results.find((q) => q.id === 'interested')?.options).toEqual([
      { value: 'yes', label: 'Yes', count: 1 }, { value: 'no', label: 'No', count: 0 }, { value: 'later', label: 'Call me later', count: 1 },
    ]);
    expect(results.find((q) => q.id === 'cars')?.numbers).toEqual({ count: 1, min: 2, max: 2, mean: 2 });
    expect(results.find((q) => q.id === 'comment')?.texts).toEqual(['Prefers e-mail']);
    const csv = await admin.request<string>('GET', `/api/campaigns/${campaignId}/export.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('attempt,started,phone,client,telemarketer,result,disposition,note,interested,cars,products,when,comment');
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.includes(',success,'))).toContain('Send the offer today');
  });

  it('keeps the desk to telemarketing roles and the monitor to supervisors', async () => {
    const manager = (await t.createUser('manager')).client;
    expect((await manager.get('/api/telemarketing/desk')).status).toBe(403);
    expect((await tm.get(`/api/campaigns/${campaignId}/monitor`)).status).toBe(403);
    expect((await tm.get(`/api/campaigns/${campaignId}/export.csv`)).status).toBe(403);
    expect((await t.anonymous().get('/api/telemarketing/desk')).status).toBe(401);
    const notRunning = await admin.post<{ id: number }>('/api/campaigns', { name: `Draft ${provider}` });
    const refused = await tm.post<ErrorBody>('/api/telemarketing/desk/ready', { campaignId: notRunning.body.id });
    expect(refused.status).toBe(409);
    expect((await tm.post<ErrorBody>('/api/telemarketing/desk/answer', { questionId: 'interested', value: 'yes' })).body.error.code).toBe('conflict');
    expect((await tm.post<ErrorBody>('/api/telemarketing/desk/answer', { questionId: 'x', value: { nested: true } })).status).toBe(400);
  });

  it('records, lists and withdraws consents to advertising calls on the client', async () => {
    const c = clients[0];
    if (!c) throw new Error('no client');
    const given = await tm.post<{ id: number; phone: string; method: string }>('/api/campaigns/consents', { phone: c.phone, clientId: c.id, method: 'call', givenBy: 'Director, on the phone', evidence: 'call of 28.11' });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ phone: c.phone, method: 'call' });
    const listed = await admin.get<{ items: { id: number; givenBy: string; revokedAt: string | null }[] }>(`/api/clients/${c.id}/consents`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: given.body.id, givenBy: 'Director, on the phone', revokedAt: null })]);
    const revoked = await tm.post<{ revokedAt: string | null }>(`/api/campaigns/consents/${given.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await admin.get<{ items: { revokedAt: string | null }[] }>(`/api/clients/${c.id}/consents`)).body.items[0]?.revokedAt).not.toBeNull();
    expect((await tm.post<ErrorBody>('/api/campaigns/consents/999999/revoke')).status).toBe(404);
    expect((await (await t.createUser('manager')).client.post(`/api/campaigns/consents/${given.body.id}/revoke`)).status).toBe(403);
  });
});
