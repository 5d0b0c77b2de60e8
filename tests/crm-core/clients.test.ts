import { systemActor, type Actor, type CrmServices } from '../../crm-core/index.js';
import { describeEachDb } from '../helpers/db.js';
import { crmServices, expectCode, makeActor } from './crm-fixture.js';

describeEachDb('ClientService', (get) => {
  let s: CrmServices;
  let admin: Actor;
  let manager: Actor;

  beforeAll(async () => {
    s = crmServices(get());
    admin = await makeActor(get().prisma, 'admin', 'cl-admin');
    manager = await makeActor(get().prisma, 'manager', 'cl-manager');
    await s.clients.create(admin, { name: 'ООО «Ромашка»', taxId: '7701234567', tags: ['Wholesale', 'moscow'], segment: 'b2b', phones: [{ raw: '8 (916) 123-45-67', type: 'mobile' }] });
    await s.clients.create(admin, { name: 'შპს თბილისი ტრეიდი', taxId: '204567890', phones: [{ raw: '+995 32 212 34 56' }] });
    await s.clients.create(admin, { name: 'Acme LLC', kind: 'company', tags: ['wholesale'], segment: 'b2b' });
  });

  it('creates a client with phones stored raw + E.164, tags, custom fields and returns ISO dates', async () => {
    const c = await s.clients.create(admin, { name: '  Иван Петров  ', kind: 'person', email: 'ivan@example.com', customFields: { source: 'fair', score: 5 }, phones: [{ raw: '+7 495 765-43-21' }] });
    expect(c.name).toBe('Иван Петров');
    expect(c.kind).toBe('person');
    expect(c.phones).toEqual([expect.objectContaining({ raw: '+7 495 765-43-21', e164: '+74957654321', type: 'work' })]);
    expect(c.customFields).toEqual({ source: 'fair', score: 5 });
    expect(new Date(c.createdAt).toISOString()).toBe(c.createdAt);
    const row = await get().prisma.phoneNumber.findFirstOrThrow({ where: { clientId: c.id } });
    expect(row.nsnRev).toBe('1234567594');
    expect(await get().prisma.auditLog.count({ where: { entity: 'client', entityId: String(c.id), action: 'client.create' } })).toBe(1);
  });

  it('keeps untrusted text as given (no HTML escaping) and rejects bad input with validation_failed', async () => {
    const c = await s.clients.create(admin, { name: '<b>"Tom & Jerry"</b>' });
    expect((await s.clients.get(admin, c.id)).name).toBe('<b>"Tom & Jerry"</b>');
    await expectCode(s.clients.create(admin, { name: '' }), 'validation_failed');
    await expectCode(s.clients.create(admin, { name: 'x'.repeat(201) }), 'validation_failed');
    await expectCode(s.clients.create(admin, { name: 'Bad tax', taxId: '12!' }), 'validation_failed');
    await expectCode(s.clients.create(admin, { name: 'Bad phone', phones: [{ raw: 'call me maybe' }] }), 'invalid_phone_number');
  });

  it('searches names case-insensitively in Cyrillic and Georgian', async () => {
    expect((await s.clients.list(admin, { q: 'РОМАШКА' })).items.map((c) => c.name)).toEqual(['ООО «Ромашка»']);
    expect((await s.clients.list(admin, { q: 'თბილისი' })).total).toBe(1);
    expect((await s.clients.list(admin, { q: 'acme' })).items[0]?.name).toBe('Acme LLC');
  });

  it('searches by phone in any format, by tax id, tag and segment', async () => {
    for (const phone of ['+79161234567', '89161234567', '916 123 45 67', '123-45-67']) {
      expect((await s.clients.list(admin, { phone })).items.map((c) => c.name)).toEqual(['ООО «Ромашка»']);
    }
    expect((await s.clients.list(admin, { phone: '032 212 34 56' })).total).toBe(0);
    expect((await s.clients.list(admin, { phone: '2123456' })).items[0]?.name).toBe('შპს თბილისი ტრეიდი');
    expect((await s.clients.list(admin, { taxId: '204567890' })).total).toBe(1);
    expect((await s.clients.list(admin, { tag: 'WHOLESALE' })).items.map((c) => c.name).sort()).toEqual(['Acme LLC', 'ООО «Ромашка»']);
    expect((await s.clients.list(admin, { segment: 'b2b', tag: 'moscow' })).total).toBe(1);
  });

  it('paginates with a total', async () => {
    const first = await s.clients.list(admin, { limit: 2, offset: 0 });
    const second = await s.clients.list(admin, { limit: 2, offset: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(second.total);
    expect(first.items.map((c) => c.id)).not.toContain(second.items[0]?.id);
  });

  it('updates fields, replaces tags, patches custom fields, and deletes', async () => {
    const c = await s.clients.create(admin, { name: 'Old name', tags: ['a'], customFields: { keep: 1, drop: 'x' } });
    const u = await s.clients.update(admin, c.id, { name: 'New Name', tags: ['b', 'c'], email: 'n@example.org' });
    expect(u).toMatchObject({ name: 'New Name', tags: ['b', 'c'], email: 'n@example.org' });
    expect((await s.clients.list(admin, { q: 'new name' })).total).toBe(1);
    const p = await s.clients.patchCustomFields(admin, c.id, { drop: null, added: true });
    expect(p.customFields).toEqual({ keep: 1, added: true });
    expect((await s.clients.addTags(admin, c.id, ['d', 'b'])).tags).toEqual(['b', 'c', 'd']);
    expect((await s.clients.removeTag(admin, c.id, 'C')).tags).toEqual(['b', 'd']);
    await s.clients.delete(admin, c.id);
    await expectCode(s.clients.get(admin, c.id), 'not_found');
  });

  it('sets the responsible manager and keeps the history', async () => {
    const c = await s.clients.create(admin, { name: 'Handover Ltd' });
    expect(c.responsibleUserId).toBeNull();
    await s.clients.setResponsible(admin, c.id, manager.userId);
    const other = await makeActor(get().prisma, 'manager', 'cl-manager2');
    const after = await s.clients.setResponsible(systemActor, c.id, other.userId);
    expect(after.responsibleUserId).toBe(other.userId);
    const h = await s.clients.history(admin, c.id);
    expect(h.map((x) => x.userId)).toEqual([manager.userId, other.userId]);
    expect(h[0]?.toAt).not.toBeNull();
    expect(h[1]?.toAt).toBeNull();
    await expectCode(s.clients.setResponsible(manager, c.id, manager.userId), 'forbidden');
  });

  it('a manager creating a client becomes its responsible', async () => {
    const c = await s.clients.create(manager, { name: 'Mine Inc' });
    expect(c.responsibleUserId).toBe(manager.userId);
    expect((await s.clients.history(manager, c.id)).map((x) => x.userId)).toEqual([manager.userId]);
  });
});
