import { dbProviders } from '../helpers/db.js';
import type { HttpClient, TestApp } from '../helpers/http.js';
import { expectStatus, freshPhone, startCrmApp } from './crm-fixtures.js';

/** Deals, pipelines, the funnel report, tasks, interactions, do-not-call and the audit log over real HTTP. */

interface Page<T> { items: T[]; total: number; page: number; pageSize: number }
interface Stage { id: number; name: string; kind: string }
interface Pipeline { id: number; name: string; isDefault: boolean; stages: Stage[] }
interface Deal { id: number; clientId: number; title: string; stageId: number; status: string; amount: string | null; currency: string }
interface Task { id: number; title: string; status: string; priority: string; assigneeId: number | null; dueAt: string | null; recurrence: string | null }

describe.each(dbProviders)('CRM deals, tasks and more over HTTP [%s]', (provider) => {
  let app: TestApp;
  let admin: HttpClient;
  let clientId = 0;
  let pipeline: Pipeline;

  beforeAll(async () => {
    app = await startCrmApp(provider);
    admin = await app.admin();
    clientId = expectStatus(await admin.post<{ id: number }>('/api/clients', { name: 'Deal Client' }), 201).body.id;
    expectStatus(await admin.post('/api/deals', { clientId, title: 'Seed' }), 201);
    const pipelines = expectStatus(await admin.get<Page<Pipeline>>('/api/pipelines'), 200).body;
    const p = pipelines.items.find((x) => x.isDefault);
    if (!p) throw new Error('no default pipeline');
    pipeline = p;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  const stage = (name: string): Stage => {
    const s = pipeline.stages.find((x) => x.name === name);
    if (!s) throw new Error(`no stage ${name}`);
    return s;
  };

  it('has the default pipeline New → Qualified → Proposal → Negotiation → Won/Lost', async () => {
    expect(pipeline.stages.map((s) => s.name)).toEqual(['New', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    expect((await admin.get<Pipeline>(`/api/pipelines/${pipeline.id}`)).body.name).toBe(pipeline.name);
    const created = expectStatus(await admin.post<Pipeline>('/api/pipelines', { name: 'Tenders', stages: [{ name: 'Bid' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }] }), 201).body;
    expect(created.stages.map((s) => s.kind)).toEqual(['open', 'won', 'lost']);
  });

  it('creates, lists, updates, moves and deletes deals; the funnel counts them', async () => {
    const d = expectStatus(await admin.post<Deal>('/api/deals', { clientId, title: 'Server upgrade', amount: 1250.5, currency: 'usd' }), 201).body;
    expect(d).toMatchObject({ title: 'Server upgrade', amount: '1250.50', currency: 'USD', stageId: stage('New').id, status: 'open' });
    expect((await admin.patch<Deal>(`/api/deals/${d.id}`, { title: 'Server upgrade 2' })).body.title).toBe('Server upgrade 2');
    expect((await admin.post<Deal>(`/api/deals/${d.id}/stage`, { stageId: stage('Proposal').id })).body.stageId).toBe(stage('Proposal').id);
    const won = expectStatus(await admin.post<Deal>(`/api/deals/${d.id}/stage`, { stageId: stage('Won').id }), 200).body;
    expect(won.status).toBe('won');
    const history = (await admin.get<Page<{ toStageId: number }>>(`/api/deals/${d.id}/stage-history`)).body.items.map((h) => h.toStageId);
    expect(history).toEqual([stage('New').id, stage('Proposal').id, stage('Won').id]);
    expect((await admin.get<Page<Deal>>(`/api/deals?clientId=${clientId}&status=won`)).body.items.map((x) => x.id)).toEqual([d.id]);
    expect((await admin.get<Page<Deal>>(`/api/deals?clientId=${clientId}&pageSize=1&page=2`)).body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    const funnel = expectStatus(await admin.get<{ stages: { name: string; current: number; reached: number }[]; won: number; winRate: number }>('/api/reports/funnel'), 200).body;
    expect(funnel.won).toBe(1);
    expect(funnel.stages.find((s) => s.name === 'New')).toMatchObject({ current: 1, reached: 2 });
    expect(funnel.stages.find((s) => s.name === 'Proposal')?.reached).toBe(1);
    expectStatus(await admin.post(`/api/deals/${d.id}/stage`, { stageId: 2147483647 }), 400);
    expectStatus(await admin.delete(`/api/deals/${d.id}`), 204);
    expectStatus(await admin.get(`/api/deals/${d.id}`), 404);
  });

  it('creates, lists, updates, completes and deletes tasks; "mine" and recurrence', async () => {
    const op = await app.createUser('operator');
    const due = new Date('2030-01-10T09:00:00.000Z');
    const t = expectStatus(await admin.post<Task>('/api/tasks', { title: 'Call back', assigneeId: op.user.id, dueAt: due.toISOString(), priority: 'high', recurrence: 'weekly', clientId }), 201).body;
    expect(t).toMatchObject({ title: 'Call back', assigneeId: op.user.id, priority: 'high', status: 'open', recurrence: 'weekly' });
    const mine = expectStatus(await op.client.get<Page<Task>>('/api/tasks/mine'), 200).body;
    expect(mine.items.map((x) => x.id)).toEqual([t.id]);
    expect((await admin.get<Page<Task>>('/api/tasks/mine')).body.items.map((x) => x.id)).not.toContain(t.id);
    expect((await op.client.patch<Task>(`/api/tasks/${t.id}`, { status: 'in_progress' })).body.status).toBe('in_progress');
    const done = expectStatus(await op.client.post<{ task: Task; next: Task | null }>(`/api/tasks/${t.id}/complete`), 200).body;
    expect(done.task.status).toBe('done');
    expect(done.next?.dueAt).toBe('2030-01-17T09:00:00.000Z');
    expect((await admin.get<Page<Task>>(`/api/tasks?clientId=${clientId}&openOnly=true`)).body.items.map((x) => x.id)).toEqual([done.next?.id]);
    expect((await admin.get<Page<Task>>(`/api/tasks?clientId=${clientId}&status=done`)).body.total).toBe(1);
    expectStatus(await admin.delete(`/api/tasks/${t.id}`), 204);
    expectStatus(await admin.get(`/api/tasks/${t.id}`), 404);
  });

  it('logs interactions and notes, newest first', async () => {
    const note = expectStatus(await admin.post<{ id: number; kind: string; body: string }>('/api/interactions/notes', { clientId, body: 'Discussed pricing' }), 201).body;
    expect(note).toMatchObject({ kind: 'note', body: 'Discussed pricing' });
    const call = expectStatus(await admin.post<{ id: number; phone: string; rawPhone: string }>('/api/interactions', {
      kind: 'call', direction: 'outbound', clientId, phone: '8 916 123 00 99', outcome: 'no_answer', startedAt: new Date(Date.now() + 5000).toISOString(),
    }), 201).body;
    expect(call).toMatchObject({ phone: '+79161230099', rawPhone: '8 916 123 00 99' });
    expect((await admin.get<{ id: number }>(`/api/interactions/${note.id}`)).body.id).toBe(note.id);
    const list = (await admin.get<Page<{ id: number }>>(`/api/interactions?clientId=${clientId}`)).body;
    expect(list.items.slice(0, 2).map((i) => i.id)).toEqual([call.id, note.id]);
  });

  it('keeps the do-not-call list', async () => {
    const phone = freshPhone();
    const national = `8${phone.slice(2)}`;
    expectStatus(await admin.post('/api/do-not-call', { phone: national, reason: 'asked us' }), 201);
    expectStatus(await admin.post('/api/do-not-call', { phone }), 201);
    expect((await admin.get<{ blocked: boolean }>(`/api/do-not-call/check?phone=${encodeURIComponent(phone)}`)).body.blocked).toBe(true);
    const list = (await admin.get<Page<{ phone: string; reason: string | null }>>('/api/do-not-call')).body;
    expect(list.items.filter((e) => e.phone === phone)).toEqual([expect.objectContaining({ phone, reason: 'asked us' })]);
    expect((await admin.delete<{ removed: boolean }>(`/api/do-not-call?phone=${encodeURIComponent(phone)}`)).body.removed).toBe(true);
    expect((await admin.get<{ blocked: boolean }>(`/api/do-not-call/check?phone=${encodeURIComponent(national)}`)).body.blocked).toBe(false);
  });

  it('records changes in the audit log (admin and supervisor read it)', async () => {
    const log = expectStatus(await admin.get<Page<{ action: string; entity: string; entityId: string | null }>>(`/api/audit-log?entity=client&entityId=${clientId}`), 200).body;
    expect(log.items.map((e) => e.action)).toContain('client.create');
    const sup = await app.createUser('supervisor');
    expectStatus(await sup.client.get('/api/audit-log?action=dnc.add'), 200);
    expect((await sup.client.get<Page<{ action: string }>>('/api/audit-log?action=dnc.add&pageSize=5')).body.items.every((e) => e.action === 'dnc.add')).toBe(true);
  });
});
