import { actorOf, type Actor, type CrmServices } from '../../crm-core/index.js';
import { describeEachDb } from '../helpers/db.js';
import { crmServices, expectCode, makeActor } from './crm-fixture.js';

describeEachDb('users, do-not-call list, audit log', (get) => {
  let s: CrmServices;
  let admin: Actor;

  beforeAll(async () => {
    s = crmServices(get());
    admin = await makeActor(get().prisma, 'admin', 'ud-admin');
  });

  it('creates users with an argon2id hash, verifies and changes passwords', async () => {
    const u = await s.users.create(admin, { login: 'olga', name: 'Ольга', password: 'correct horse', role: 'operator', extensions: ['201', '202'] });
    expect(u).toMatchObject({ login: 'olga', role: 'operator', extensions: ['201', '202'], active: true });
    expect(u).not.toHaveProperty('passwordHash');
    const row = await get().prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await s.users.verifyPassword('olga', 'correct horse'))?.id).toBe(u.id);
    expect(await s.users.verifyPassword('olga', 'wrong')).toBeNull();
    expect(await s.users.verifyPassword('nobody', 'correct horse')).toBeNull();
    const olga = actorOf(u);
    await expectCode(s.users.changePassword(olga, { oldPassword: 'wrong', newPassword: 'new password 1' }), 'invalid_credentials');
    await s.users.changePassword(olga, { oldPassword: 'correct horse', newPassword: 'new password 1' });
    expect(await s.users.verifyPassword('olga', 'new password 1')).not.toBeNull();
    await s.users.resetPassword(admin, u.id, { newPassword: 'reset by admin' });
    expect(await s.users.verifyPassword('olga', 'reset by admin')).not.toBeNull();
    await s.users.update(admin, u.id, { active: false });
    expect(await s.users.verifyPassword('olga', 'reset by admin')).toBeNull();
    await expectCode(s.users.create(admin, { login: 'olga', name: 'again', password: 'password123', role: 'operator' }), 'already_exists');
    await expectCode(s.users.create(admin, { login: 'x', name: 'short login', password: 'password123', role: 'operator' }), 'validation_failed');
  });

  it('extensions are unique; findByExtension finds the active owner', async () => {
    const a = await s.users.create(admin, { login: 'anna', name: 'Anna', password: 'password123', role: 'secretary', extensions: ['300'] });
    const b = await s.users.create(admin, { login: 'boris', name: 'Boris', password: 'password123', role: 'manager', grants: ['clients:all'] });
    await expectCode(s.users.setExtensions(admin, b.id, { extensions: ['300'] }), 'conflict');
    const b2 = await s.users.setExtensions(admin, b.id, { extensions: ['301', '302'] });
    expect(b2.extensions).toEqual(['301', '302']);
    expect((await s.users.findByExtension('300'))?.login).toBe('anna');
    expect((await s.users.findByExtension('302'))?.login).toBe('boris');
    expect(await s.users.findByExtension('399')).toBeNull();
    expect(actorOf(b2)).toEqual({ userId: b.id, role: 'manager', grants: ['clients:all'], extensions: ['301', '302'] });
    await expectCode(s.users.setExtensions(actorOf(a), a.id, { extensions: ['303'] }), 'forbidden');
    expect((await s.users.list(admin, { role: 'secretary' })).items.map((u) => u.login)).toEqual(['anna']);
  });

  it('do-not-call: global and per campaign, any input format, idempotent add', async () => {
    await s.dnc.add(admin, { phone: '8 (916) 555-00-11', reason: 'asked' });
    const again = await s.dnc.add(admin, { phone: '+79165550011' });
    expect(again.reason).toBe('asked');
    await s.dnc.add(admin, { phone: '+79165550022', campaignId: 7 });
    expect(await s.dnc.isBlocked('+7 916 555 00 11')).toBe(true);
    expect(await s.dnc.isBlocked('+79165550011', 3)).toBe(true);
    expect(await s.dnc.isBlocked('+79165550022')).toBe(false);
    expect(await s.dnc.isBlocked('89165550022', 7)).toBe(true);
    expect((await s.dnc.list(admin)).total).toBe(2);
    expect(await s.dnc.remove(admin, '+79165550011')).toBe(true);
    expect(await s.dnc.isBlocked('+79165550011')).toBe(false);
    await expectCode(s.dnc.add(admin, { phone: 'garbage' }), 'invalid_phone_number');
    const op = await makeActor(get().prisma, 'operator', 'ud-op');
    await expectCode(s.dnc.add(op, { phone: '+79165550033' }), 'forbidden');
  });

  it('audit log lists what happened, newest first, filterable', async () => {
    const page = await s.audit.list(admin, { entity: 'user', limit: 500 });
    expect(page.items.length).toBeGreaterThan(3);
    expect(page.items.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'user.password.reset', 'user.extensions']));
    expect(page.items[0]?.actorId).toBe(admin.userId);
    const times = page.items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(JSON.stringify(page.items)).not.toMatch(/password123|correct horse/);
  });
});
