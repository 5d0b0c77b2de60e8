import { accessTable, actions, can, roles, scopeOf, type Actor, type CrmServices } from '../../crm-core/index.js';
import { describeEachDb } from '../helpers/db.js';
import { crmServices, expectCode, makeActor } from './crm-fixture.js';

const actor = (role: Actor['role'], grants: Actor['grants'] = [], userId = 42): Actor => ({ userId, role, grants, extensions: [] });

describe('access policy table', () => {
  it('has a scope for every action × role, enumerable by the web matrix test', () => {
    for (const a of actions) for (const r of roles) expect(['all', 'own', 'none']).toContain(accessTable[a][r]);
    expect(Object.keys(accessTable).sort()).toEqual([...actions].sort());
  });

  it.each([
    ['manager', 'clients:read', { responsibleUserId: 42 }, true],
    ['manager', 'clients:read', { responsibleUserId: 7 }, false],
    ['operator', 'clients:read', { responsibleUserId: 7 }, true],
    ['operator', 'clients:delete', { responsibleUserId: 42 }, false],
    ['secretary', 'clients:merge', undefined, false],
    ['telemarketer', 'interactions:create', { responsibleUserId: 7 }, true],
    ['supervisor', 'clients:merge', undefined, true],
    ['supervisor', 'users:manage', undefined, false],
    ['admin', 'users:manage', undefined, true],
    ['supervisor', 'clients:vip-details', { responsibleUserId: 7, vip: true }, true],
    ['manager', 'clients:vip-details', { responsibleUserId: 42, vip: true }, false],
  ] as const)('%s %s %j → %s', (role, action, resource, expected) => {
    expect(can(actor(role), action, resource)).toBe(expected);
  });

  it('grants widen the role: clients:all, vip:view', () => {
    expect(can(actor('manager', ['clients:all']), 'clients:update', { responsibleUserId: 7 })).toBe(true);
    expect(scopeOf(actor('operator', ['vip:view']), 'clients:vip-details')).toBe('all');
    expect(can(actor('operator', ['clients:all']), 'clients:delete', { responsibleUserId: 7 })).toBe(false);
  });
});

describeEachDb('access rules in the services', (get) => {
  let s: CrmServices;
  let admin: Actor;
  let mgrA: Actor;
  let mgrB: Actor;
  let operator: Actor;
  let supervisor: Actor;
  let vipManager: Actor;
  let ids: { a: number; b: number; vip: number };

  beforeAll(async () => {
    const db = get().prisma;
    s = crmServices(get());
    admin = await makeActor(db, 'admin', 'ac-admin');
    mgrA = await makeActor(db, 'manager', 'ac-mgr-a');
    mgrB = await makeActor(db, 'manager', 'ac-mgr-b');
    operator = await makeActor(db, 'operator', 'ac-op');
    supervisor = await makeActor(db, 'supervisor', 'ac-sup');
    vipManager = await makeActor(db, 'manager', 'ac-mgr-vip', ['vip:view']);
    const a = await s.clients.create(mgrA, { name: 'A client', phones: [{ raw: '+79031112233' }] });
    const b = await s.clients.create(mgrB, { name: 'B client' });
    const vip = await s.clients.create(admin, { name: 'VIP client', vip: true, email: 'boss@vip.example', responsibleUserId: mgrA.userId, phones: [{ raw: '+79035556677' }] });
    await s.contacts.create(admin, { clientId: vip.id, name: 'Assistant', email: 'asst@vip.example', phones: [{ raw: '+79035556678' }] });
    ids = { a: a.id, b: b.id, vip: vip.id };
  });

  it('a manager sees and edits only their own clients', async () => {
    const names = (await s.clients.list(mgrA, { limit: 100 })).items.map((c) => c.name).sort();
    expect(names).toEqual(['A client', 'VIP client']);
    await expectCode(s.clients.get(mgrA, ids.b), 'not_found');
    await expectCode(s.clients.update(mgrA, ids.b, { name: 'hijack' }), 'forbidden');
    await expectCode(s.deals.create(mgrA, { clientId: ids.b, title: 'x' }), 'forbidden');
    expect((await s.clients.update(mgrA, ids.a, { notes: 'mine' })).notes).toBe('mine');
    const widened = { ...mgrB, grants: ['clients:all' as const] };
    expect((await s.clients.list(widened, { limit: 100 })).total).toBeGreaterThanOrEqual(3);
  });

  it('VIP contact details are hidden without vip:view, shown to admin/supervisor/granted', async () => {
    const hidden = await s.clients.get(mgrA, ids.vip);
    expect(hidden).toMatchObject({ redacted: true, email: null, phones: [] });
    expect(hidden.contacts?.[0]).toMatchObject({ name: 'Assistant', email: null, phones: [] });
    expect((await s.clients.list(operator, { q: 'vip' })).items[0]).toMatchObject({ redacted: true, phones: [] });
    for (const who of [admin, supervisor]) {
      const full = await s.clients.get(who, ids.vip);
      expect(full).toMatchObject({ redacted: false, email: 'boss@vip.example' });
      expect(full.contacts?.[0]?.phones[0]?.e164).toBe('+79035556678');
    }
    await s.clients.setResponsible(admin, ids.vip, vipManager.userId);
    expect((await s.clients.get(vipManager, ids.vip)).phones.map((p) => p.e164)).toContain('+79035556677');
  });

  it('an operator reads any client and writes notes and tasks, but cannot delete, merge, import or export', async () => {
    expect((await s.clients.get(operator, ids.b)).name).toBe('B client');
    const note = await s.interactions.addNote(operator, { clientId: ids.b, body: 'called, wants a quote' });
    expect(note.kind).toBe('note');
    const task = await s.tasks.create(operator, { title: 'Send quote', clientId: ids.b, assigneeId: mgrB.userId });
    expect(task.assigneeId).toBe(mgrB.userId);
    await expectCode(s.clients.delete(operator, ids.b), 'forbidden');
    await expectCode(s.clients.update(operator, ids.b, { name: 'x' }), 'forbidden');
    await expectCode(s.merge.merge(operator, { targetId: ids.a, sourceId: ids.b }), 'forbidden');
    await expectCode(s.duplicates.find(operator), 'forbidden');
    await expectCode(s.imports.importClients(operator, 'name\nx\n', { format: 'csv' }), 'forbidden');
    expect(() => s.exports.exportClientsCsv(operator)).toThrow('clients:export');
    await expectCode(s.users.create(supervisor, { login: 'nope', name: 'n', password: 'password123', role: 'operator' }), 'forbidden');
    await expectCode(s.audit.list(operator), 'forbidden');
    expect((await s.clients.get(admin, ids.b)).name).toBe('B client');
  });
});
