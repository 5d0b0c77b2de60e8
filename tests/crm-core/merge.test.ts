import { silentLogger } from '../../kernel/index.js';
import { AuditLogService, createCrmServices, similarity, toNameKey, type Actor, type CrmServices } from '../../crm-core/index.js';
import { describeEachDb } from '../helpers/db.js';
import { crmServices, expectCode, makeActor, testPhones } from './crm-fixture.js';

describe('name keys and similarity', () => {
  it.each([
    ['ООО «Ромашка»', 'ромашка'],
    ['"Ромашка" ООО', 'ромашка'],
    ['Romashka LLC', 'romashka'],
    ['შპს "თბილისი ტრეიდი"', 'თბილისი ტრეიდი'],
    ['Acme, Inc.', 'acme'],
  ])('%s → %s', (name, key) => expect(toNameKey(name)).toBe(key));

  it('scores near-identical names ≥ 0.85 and different names below', () => {
    expect(similarity('ромашка трейд', 'ромашка трейт')).toBeGreaterThanOrEqual(0.85);
    expect(similarity('ромашка', 'лютик')).toBeLessThan(0.5);
  });
});

describeEachDb('duplicates and merge', (get) => {
  let s: CrmServices;
  let sup: Actor;
  let mgr1: Actor;
  let mgr2: Actor;

  beforeAll(async () => {
    s = crmServices(get());
    sup = await makeActor(get().prisma, 'supervisor', 'mg-sup');
    mgr1 = await makeActor(get().prisma, 'manager', 'mg-m1');
    mgr2 = await makeActor(get().prisma, 'manager', 'mg-m2');
  });

  it('finds duplicates by phone, tax id, equal and similar names', async () => {
    const a = await s.clients.create(sup, { name: 'ООО «Василёк»', phones: [{ raw: '+79260001111' }] });
    const b = await s.clients.create(sup, { name: 'Vasilek Trading', phones: [{ raw: '8 926 000-11-11' }] });
    const c = await s.clients.create(sup, { name: 'Alpha Systems', taxId: '7812345678' });
    const d = await s.clients.create(sup, { name: 'Beta', taxId: '7812345678' });
    const e = await s.clients.create(sup, { name: '"Василёк" ООО' });
    const f = await s.clients.create(sup, { name: 'Northwind Traders' });
    const g = await s.clients.create(sup, { name: 'Northwind Trader' });
    const groups = await s.duplicates.find(sup);
    const has = (reason: string, ids: number[]) => groups.some((x) => x.reason === reason && ids.every((i) => x.clientIds.includes(i)));
    expect(has('phone', [a.id, b.id])).toBe(true);
    expect(has('taxId', [c.id, d.id])).toBe(true);
    expect(has('name', [a.id, e.id])).toBe(true);
    expect(has('similarName', [f.id, g.id])).toBe(true);
    expect(groups.some((x) => x.clientIds.includes(c.id) && x.clientIds.includes(f.id))).toBe(false);
    expect((await s.duplicates.findFor(sup, b.id)).map((x) => x.reason)).toEqual(['phone']);
  });

  it('merges two clients keeping phones, contacts, deals, tasks, interactions, tags and history', async () => {
    const target = await s.clients.create(sup, { name: 'Merge Target', responsibleUserId: mgr1.userId, tags: ['t1'], phones: [{ raw: '+79031230001' }] });
    const source = await s.clients.create(sup, {
      name: 'Merge Source', taxId: '500100732259', email: 'src@example.com', responsibleUserId: mgr2.userId, tags: ['t1', 't2'],
      customFields: { origin: 'src' }, phones: [{ raw: '+79031230001' }, { raw: '+79031230002' }],
    });
    await s.contacts.create(sup, { clientId: source.id, name: 'Source Contact', phones: [{ raw: '+79031230003' }] });
    const deal = await s.deals.create(sup, { clientId: source.id, title: 'Source deal' });
    const task = await s.tasks.create(sup, { title: 'Source task', clientId: source.id });
    const note = await s.interactions.addNote(sup, { clientId: source.id, body: 'source note' });

    const r = await s.merge.merge(sup, { targetId: target.id, sourceId: source.id });
    expect(r.moved).toMatchObject({ phones: 2, duplicatePhonesDropped: 1, contacts: 1, deals: 1, tasks: 1, interactions: 1, tags: 1 });
    expect(r.client.phones.map((p) => p.e164).sort()).toEqual(['+79031230001', '+79031230002', '+79031230003']);
    expect(r.client).toMatchObject({ taxId: '500100732259', email: 'src@example.com', responsibleUserId: mgr1.userId, tags: ['t1', 't2'], customFields: { origin: 'src' } });
    expect(r.client.contacts?.map((c) => c.name)).toEqual(['Source Contact']);
    expect((await s.deals.get(sup, deal.id)).clientId).toBe(target.id);
    expect((await s.tasks.get(sup, task.id)).clientId).toBe(target.id);
    expect((await s.interactions.timeline(sup, target.id)).items.map((i) => i.id)).toContain(note.id);

    const hidden = await get().prisma.client.findUniqueOrThrow({ where: { id: source.id } });
    expect(hidden.mergedIntoId).toBe(target.id);
    await expectCode(s.clients.get(sup, source.id), 'not_found');
    expect((await s.clients.list(sup, { q: 'merge source' })).total).toBe(0);
    expect(await get().prisma.responsibleHistory.count({ where: { clientId: source.id, userId: mgr2.userId } })).toBe(1);
    expect(await get().prisma.auditLog.count({ where: { action: 'client.merge', entityId: String(target.id) } })).toBe(1);
    expect((await s.clients.list(sup, { phone: '+79031230002' })).items.map((c) => c.id)).toEqual([target.id]);
    await expectCode(s.merge.merge(sup, { targetId: target.id, sourceId: source.id }), 'not_found');
    await expectCode(s.merge.merge(sup, { targetId: target.id, sourceId: target.id }), 'validation_failed');
  });

  it('a merge that fails at the last step changes nothing (one transaction)', async () => {
    // fault injection at the end of the transaction: the audit entry cannot be written
    class FailingAudit extends AuditLogService {
      override async record(...args: Parameters<AuditLogService['record']>): Promise<void> {
        if (args[1] === 'client.merge') throw new Error('audit store down');
        return super.record(...args);
      }
    }
    const failing = createCrmServices({ db: get().prisma, logger: silentLogger(), phones: testPhones(), audit: new FailingAudit({ db: get().prisma }) });
    const t = await s.clients.create(sup, { name: 'Atomic T' });
    const src = await s.clients.create(sup, { name: 'Atomic S', tags: ['x'], phones: [{ raw: '+79031239999' }] });
    await expect(failing.merge.merge(sup, { targetId: t.id, sourceId: src.id })).rejects.toThrow('audit store down');
    expect(await get().prisma.phoneNumber.count({ where: { clientId: src.id } })).toBe(1);
    expect((await get().prisma.client.findUniqueOrThrow({ where: { id: src.id } })).mergedIntoId).toBeNull();
    expect((await s.clients.get(sup, t.id)).tags).toEqual([]);
  });
});
