import type { Actor, CrmServices } from '../../crm-core/index.js';
import { describeEachDb } from '../helpers/db.js';
import { crmServices, expectCode, makeActor } from './crm-fixture.js';

describeEachDb('deals, pipelines, tasks, interactions, contacts and phones', (get) => {
  let s: CrmServices;
  let admin: Actor;
  let mgr: Actor;
  let clientId: number;

  beforeAll(async () => {
    s = crmServices(get());
    admin = await makeActor(get().prisma, 'admin', 'dt-admin');
    mgr = await makeActor(get().prisma, 'manager', 'dt-mgr');
    clientId = (await s.clients.create(mgr, { name: 'Funnel Co' })).id;
  });

  it('seeds the default pipeline once: New → Qualified → Proposal → Negotiation → Won/Lost', async () => {
    const [a, b] = await Promise.all([s.pipelines.ensureDefault(), s.pipelines.ensureDefault()]);
    expect(a.id).toBe(b.id);
    expect(a.stages.map((x) => x.name)).toEqual(['New', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    expect(await get().prisma.pipeline.count()).toBe(1);
    const custom = await s.pipelines.create(admin, { name: 'Renewals', stages: [{ name: 'Due' }, { name: 'Renewed', kind: 'won' }, { name: 'Churned', kind: 'lost' }] });
    expect(custom.stages.map((x) => x.position)).toEqual([1, 2, 3]);
    await expectCode(s.pipelines.create(mgr, { name: 'Mine', stages: [{ name: 'W', kind: 'won' }, { name: 'L', kind: 'lost' }] }), 'forbidden');
  });

  it('creates deals, moves them through stages with history, and reports the funnel', async () => {
    const p = await s.pipelines.ensureDefault();
    const st = (name: string) => p.stages.find((x) => x.name === name)?.id ?? 0;
    const d1 = await s.deals.create(mgr, { clientId, title: 'Big one', amount: '1250.5', currency: 'usd', expectedCloseAt: '2027-01-31T00:00:00.000Z' });
    expect(d1).toMatchObject({ stageId: st('New'), status: 'open', amount: '1250.50', currency: 'USD', expectedCloseAt: '2027-01-31T00:00:00.000Z' });
    const d2 = await s.deals.create(mgr, { clientId, title: 'Small', amount: 100 });
    const d3 = await s.deals.create(mgr, { clientId, title: 'Lost one', amount: '10.00' });
    await s.deals.move(mgr, d1.id, st('Qualified'));
    await s.deals.move(mgr, d1.id, st('Proposal'));
    const won = await s.deals.move(mgr, d1.id, st('Won'));
    expect(won.status).toBe('won');
    expect(won.closedAt).not.toBeNull();
    await s.deals.move(mgr, d2.id, st('Qualified'));
    await s.deals.move(mgr, d3.id, st('Lost'));
    expect((await s.deals.stageHistory(mgr, d1.id)).map((h) => h.toStageId)).toEqual([st('New'), st('Qualified'), st('Proposal'), st('Won')]);
    const f = await s.funnel.report(mgr);
    const row = (name: string) => f.stages.find((x) => x.name === name);
    expect(row('New')).toMatchObject({ reached: 3, current: 0, conversion: 1 });
    expect(row('Qualified')).toMatchObject({ reached: 2, current: 1, amounts: { RUB: '100.00' } });
    expect(row('Qualified')?.conversion).toBeCloseTo(2 / 3);
    expect(row('Won')).toMatchObject({ reached: 1, current: 1, amounts: { USD: '1250.50' } });
    expect(f).toMatchObject({ won: 1, lost: 1, winRate: 0.5 });
    expect((await s.deals.list(mgr, { clientId, status: 'open' })).total).toBe(1);
    await expectCode(s.deals.create(mgr, { clientId, title: 'bad', amount: '1.234' }), 'validation_failed');
    const other = await s.pipelines.create(admin, { name: 'Other', stages: [{ name: 'O' }, { name: 'W', kind: 'won' }, { name: 'L', kind: 'lost' }] });
    await expectCode(s.deals.move(mgr, d2.id, other.stages[0]?.id ?? 0), 'validation_failed');
  });

  it('tasks: create, my tasks, complete; a recurring task spawns the next occurrence', async () => {
    const t = await s.tasks.create(mgr, { title: 'Monthly report', clientId, dueAt: '2027-01-31T09:00:00.000Z', remindAt: '2027-01-31T08:00:00.000Z', recurrence: 'monthly', priority: 'high' });
    expect(t).toMatchObject({ assigneeId: mgr.userId, createdById: mgr.userId, status: 'open', priority: 'high' });
    const mine = await s.tasks.myTasks(mgr);
    expect(mine.items.map((x) => x.id)).toContain(t.id);
    const { task, next } = await s.tasks.complete(mgr, t.id);
    expect(task.status).toBe('done');
    expect(next).toMatchObject({ title: 'Monthly report', status: 'open', dueAt: '2027-02-28T09:00:00.000Z', remindAt: '2027-02-28T08:00:00.000Z', recurrence: 'monthly', clientId });
    const after = await s.tasks.myTasks(mgr);
    expect(after.items.map((x) => x.id)).toEqual(expect.arrayContaining([next?.id]));
    expect(after.items.map((x) => x.id)).not.toContain(t.id);
    const upd = await s.tasks.update(mgr, next?.id ?? 0, { status: 'in_progress', title: 'Monthly report (Feb)' });
    expect(upd).toMatchObject({ status: 'in_progress', title: 'Monthly report (Feb)' });
    const stranger = await makeActor(get().prisma, 'operator', 'dt-op');
    await expectCode(s.tasks.get(stranger, t.id), 'not_found');
    await expectCode(s.tasks.create(mgr, { title: 'ghost', assigneeId: 999_999 }), 'validation_failed');
    await s.tasks.delete(mgr, upd.id);
    await expectCode(s.tasks.get(mgr, upd.id), 'not_found');
  });

  it('callbacks: one open callback per number, repeated misses counted', async () => {
    const a = await s.tasks.upsertCallback(admin, { phone: '+79161112233', title: 'Call back', clientId, assigneeId: mgr.userId });
    const b = await s.tasks.upsertCallback(admin, { phone: '+79161112233', title: 'Call back' });
    expect(b.id).toBe(a.id);
    expect(b).toMatchObject({ kind: 'callback', missedCount: 2, assigneeId: mgr.userId });
  });

  it('interactions: calls stored once per callKey; timeline newest first', async () => {
    const call = { kind: 'call' as const, direction: 'inbound' as const, clientId, phone: '8 916 111-22-33', callKey: 'pbx:1700000000.1', startedAt: '2026-11-01T10:00:00Z', outcome: 'answered' as const, talkSeconds: 65 };
    const c1 = await s.interactions.create(admin, call);
    const c2 = await s.interactions.create(admin, call);
    expect(c2.id).toBe(c1.id);
    expect(c1).toMatchObject({ phone: '+79161112233', rawPhone: '8 916 111-22-33' });
    await s.interactions.addNote(mgr, { clientId, body: 'Follow-up <script>alert(1)</script>' });
    const tl = await s.interactions.timeline(mgr, clientId);
    expect(tl.items.map((i) => i.kind)).toEqual(['note', 'call']);
    expect(tl.items[0]?.body).toBe('Follow-up <script>alert(1)</script>');
    await expectCode(s.interactions.create(admin, { kind: 'note', clientId }), 'validation_failed');
  });

  it('contacts and phones: add, update, remove', async () => {
    const ct = await s.contacts.create(mgr, { clientId, name: 'Мария', position: 'CFO', phones: [{ raw: '+7 (903) 000-11-22', type: 'mobile' }] });
    expect(ct.phones[0]).toMatchObject({ e164: '+79030001122', contactId: ct.id, type: 'mobile' });
    expect((await s.contacts.update(mgr, ct.id, { email: 'maria@example.com' })).email).toBe('maria@example.com');
    const ph = await s.phones.add(mgr, { clientId, raw: '8-800-555-35-35' });
    expect(ph.e164).toBe('+78005553535');
    await expectCode(s.phones.add(mgr, { clientId, raw: '+7 800 555 35 35' }), 'already_exists');
    expect((await s.clients.list(mgr, { phone: '9030001122' })).items[0]?.id).toBe(clientId);
    await s.phones.remove(mgr, ph.id);
    expect((await s.clients.get(mgr, clientId)).phones.map((p) => p.id)).not.toContain(ph.id);
    await s.contacts.delete(mgr, ct.id);
    expect(await s.contacts.listByClient(mgr, clientId)).toEqual([]);
  });
});
