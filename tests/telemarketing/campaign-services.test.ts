import { readFileSync } from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../../kernel/index.js';
import { advance, createTelemarketingServices, initialRunnerState, ScriptEffectsService, validateScript, type RunnerAction, type TelemarketingServices } from '../../cti/index.js';
import type { Actor, CrmServices } from '../../crm-core/index.js';
import { describeEachDb, type TestDatabase } from '../helpers/db.js';
import { crmServices, expectCode, makeActor, testPhones, uniq } from '../crm-core/crm-fixture.js';

const survey = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'scripts', 'good', 'survey.json'), 'utf8')) as Record<string, unknown>;
const phones = testPhones();

async function client(db: TestDatabase, name: string, segment: string | null, raw: string): Promise<number> {
  const n = phones.normalize(raw);
  const c = await db.prisma.client.create({ data: { name, searchName: name.toLowerCase(), segment, phones: { create: [{ raw, e164: n.e164, nsnRev: n.nsnRev, type: 'mobile' }] } } });
  return c.id;
}

describeEachDb('telemarketing services', (get) => {
  let now = new Date('2026-03-02T09:00:00Z'); // Monday 12:00 Moscow
  let crm: CrmServices;
  let tm: TelemarketingServices;
  let sup: Actor;
  let agent: Actor;
  let agent2: Actor;
  const seg = `spring-${uniq()}`;

  beforeAll(async () => {
    const db = get();
    crm = crmServices(db);
    tm = createTelemarketingServices({ db: db.prisma, logger: silentLogger(), phones, dnc: crm.dnc, clock: () => now });
    sup = await makeActor(db.prisma, 'supervisor', `sup${uniq()}`);
    agent = await makeActor(db.prisma, 'telemarketer', `tm${uniq()}`);
    agent2 = await makeActor(db.prisma, 'telemarketer', `tm${uniq()}`);
  });

  async function runningCampaign(extra: Record<string, unknown> = {}): Promise<number> {
    const c = await tm.campaigns.create(sup, { name: `c-${uniq()}`, dialMode: 'progressive', ...extra });
    const version = await tm.campaigns.addScriptVersion(sup, { ...survey, key: `s${uniq()}` });
    await tm.campaigns.setScript(sup, c.id, version.id);
    return c.id;
  }

  it('a campaign starts only with a valid script, defined dispositions and a list; only managers manage', async () => {
    await expectCode(tm.campaigns.create(agent, { name: 'nope' }), 'forbidden');
    await expectCode(tm.campaigns.create(sup, { name: 'x', manualOnly: true, dialMode: 'predictive' }), 'validation_failed');
    const c = await tm.campaigns.create(sup, { name: `c-${uniq()}`, dialMode: 'predictive', callerId: '+74951234567' });
    expect(c.settings.pacing.abandonCap).toBe(0.03);
    await expectCode(tm.campaigns.setStatus(sup, c.id, 'running'), 'validation_failed');
    await expectCode(tm.campaigns.addScriptVersion(sup, { ...survey, start: 'missing' }), 'validation_failed');
    const key = `s${uniq()}`;
    const v = await tm.campaigns.addScriptVersion(sup, { ...survey, key });
    await expectCode(tm.campaigns.addScriptVersion(sup, { ...survey, key }), 'already_exists');
    expect((await tm.campaigns.getScriptVersion(v.id)).script.steps).toHaveLength(14);
    await tm.campaigns.setScript(sup, c.id, v.id);
    await expectCode(tm.campaigns.setStatus(sup, c.id, 'running'), 'validation_failed'); // no list yet
    await tm.lists.createFromSegment(sup, c.id, { name: 'empty', filter: { segment: 'none-such' } });
    await tm.campaigns.updateSettings(sup, c.id, { dispositions: [{ code: 'success', label: 'OK', kind: 'final' }] });
    await expectCode(tm.campaigns.setStatus(sup, c.id, 'running'), 'validation_failed'); // callback, not_interested undefined
    await tm.campaigns.updateSettings(sup, c.id, {});
    expect((await tm.campaigns.setStatus(sup, c.id, 'running')).status).toBe('running');
    expect((await tm.campaigns.setStatus(sup, c.id, 'paused')).status).toBe('paused');
    await tm.campaigns.setStatus(sup, c.id, 'finished');
    await expectCode(tm.campaigns.setStatus(sup, c.id, 'running'), 'conflict');
  });

  it('builds a list from a segment and imports a CSV with a per-row error report', async () => {
    const db = get();
    const id = await runningCampaign();
    const known = await client(db, 'Known LLC', seg, '+73432123456');
    await client(db, 'Second', seg, '8 (916) 555-00-01');
    await client(db, 'Other segment', 'x', '+79165550002');
    const fromSeg = await tm.lists.createFromSegment(sup, id, { name: 'seg', filter: { segment: seg }, priority: 5 });
    expect(fromSeg.added).toBe(2);
    const entries = await db.prisma.callListEntry.findMany({ where: { listId: fromSeg.listId }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.phone, e.clientId, e.timeZone])).toEqual([['+73432123456', known, 'Asia/Yekaterinburg'], ['+79165550001', expect.any(Number), 'Europe/Moscow']]);

    const csv = 'Телефон;Имя;Приоритет;Клиент\n+7 343 212-34-56;Known;3;\n;No phone;;\n12;Bad;;\n+73432123456;Dup;;\n+74152123456;Kamchatka;x;\n+74152123457;Ghost;;999999\n+74152123458;Far east;2;\n';
    const r = await tm.lists.importFile(sup, id, csv, { format: 'csv', name: 'file', mapping: { phone: 'Телефон', name: 'Имя', priority: 'Приоритет', clientId: 'Клиент' } });
    expect(r).toEqual(expect.objectContaining({ total: 7, added: 2, failed: 5 }));
    expect(r.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'phone', 'required'], [4, 'phone', 'invalid_phone'], [5, 'phone', 'duplicate'], [6, 'priority', 'invalid_number'], [7, 'clientId', 'unknown_client'],
    ]);
    const imported = await db.prisma.callListEntry.findMany({ where: { listId: r.listId }, orderBy: { id: 'asc' } });
    expect(imported.map((e) => [e.phone, e.clientId, e.priority, e.timeZone])).toEqual([['+73432123456', known, 3, 'Asia/Yekaterinburg'], ['+74152123458', null, 2, 'Asia/Kamchatka']]);
    await expectCode(tm.lists.importFile(sup, id, 'A;B\n1;2\n', { format: 'csv', name: 'f', mapping: { phone: 'Phone' } }), 'validation_failed');
    expect(await tm.lists.progress(r.listId)).toEqual({ listId: r.listId, total: 2, byState: { pending: 2 }, attempts: 0, done: 0, percentDone: 0 });
  });

  it('dials by compliance: window in the callee zone, retries, personal callbacks, and "stop calling me" → DNC at once', async () => {
    const db = get();
    now = new Date('2026-03-02T09:00:00Z');
    const id = await runningCampaign();
    const csv = 'phone,name,priority\n+74152100001,Kamchatka (21:00 there),9\n+74952100002,Moscow A,5\n+74952100003,Moscow B,1\n';
    const { listId } = await tm.lists.importFile(sup, id, csv, { format: 'csv', name: 'l', mapping: { phone: 'phone', name: 'name', priority: 'priority' } });
    await tm.campaigns.setStatus(sup, id, 'running');

    const first = await tm.dialing.next(agent, id, 'dialer');
    expect(first?.phone).toBe('+74952100002'); // Kamchatka skipped: after hours there
    const kam = await db.prisma.callListEntry.findFirst({ where: { listId, phone: '+74152100001' } });
    expect(kam?.nextAttemptAt?.toISOString()).toBe('2026-03-02T21:00:00.000Z');

    expect(await tm.dialing.recordResult(first!.attemptId, 'busy')).toEqual({ state: 'pending', nextAttemptAt: new Date('2026-03-02T09:05:00Z') });
    const second = await tm.dialing.next(agent, id, 'dialer');
    expect(second?.phone).toBe('+74952100003');
    const cbAt = new Date('2026-03-02T10:00:00Z');
    expect(await tm.dialing.complete(agent, second!.attemptId, { disposition: 'callback', callbackAt: cbAt, answers: { interested: 'later', when: '2026-03-02T13:00:00+03:00' } }))
      .toEqual({ state: 'callback', nextAttemptAt: null });
    expect(await db.prisma.scriptAnswer.count({ where: { attemptId: second!.attemptId } })).toBe(2);
    await expectCode(tm.dialing.complete(agent, second!.attemptId, { disposition: 'success' }), 'conflict');

    now = new Date('2026-03-02T10:01:00Z');
    const forOther = await tm.dialing.next(agent2, id, 'person');
    expect(forOther?.phone).toBe('+74952100002'); // the busy retry; the personal callback is not theirs
    await tm.dialing.complete(agent2, forOther!.attemptId, { disposition: 'stop_calling' });
    expect(await crm.dnc.isBlocked('+74952100002')).toBe(true);
    const mine = await tm.dialing.next(agent, id, 'person');
    expect(mine).toEqual(expect.objectContaining({ phone: '+74952100003', callbackUserId: agent.userId }));
    await tm.dialing.complete(agent, mine!.attemptId, { disposition: 'success', answers: { interested: 'yes' } });

    // a later list with the stopped number: blocked before dialing, never cleared by later outcomes
    const again = await tm.lists.importFile(sup, id, 'phone\n+74952100002\n', { format: 'csv', name: 'again', mapping: { phone: 'phone' } });
    expect(await tm.dialing.next(agent, id, 'dialer')).toBeNull();
    const blocked = await db.prisma.callListEntry.findFirst({ where: { listId: again.listId } });
    expect([blocked?.state, blocked?.outcome]).toEqual(['blocked', 'dnc_global']);
    expect(await tm.lists.progress(listId)).toEqual(expect.objectContaining({ total: 3, byState: { blocked: 1, done: 1, pending: 1 }, attempts: 4, done: 2 }));
  });

  it('advertising needs recorded consent; manual-only campaigns are never auto-dialed; attempt limits apply', async () => {
    now = new Date('2026-03-02T09:00:00Z');
    const id = await runningCampaign({ requiresConsent: true, settings: { limits: { perNumberPerDay: 1 } } });
    const { listId } = await tm.lists.importFile(sup, id, 'phone\n+74952200001\n', { format: 'csv', name: 'ads', mapping: { phone: 'phone' } });
    await tm.campaigns.setStatus(sup, id, 'running');
    const entry = await get().prisma.callListEntry.findFirstOrThrow({ where: { listId } });
    expect(await tm.dialing.check(entry.id, { initiator: 'dialer', userId: null })).toEqual({ allowed: false, reason: 'consent_missing', permanent: true });
    await tm.consents.record(agent, { phone: '8 495 220-00-01', campaignId: id, method: 'call', givenBy: 'Ivan Petrov, owner', evidence: 'recording 42' });
    expect(await tm.dialing.check(entry.id, { initiator: 'dialer', userId: null })).toEqual({ allowed: true });
    const t = await tm.dialing.next(agent, id, 'dialer');
    await tm.dialing.recordResult(t!.attemptId, 'no_answer');
    now = new Date('2026-03-02T11:00:00Z');
    expect(await tm.dialing.check(entry.id, { initiator: 'dialer', userId: null })).toEqual(expect.objectContaining({ allowed: false, reason: 'limit_number_day', retryAt: new Date('2026-03-03T06:00:00Z') }));

    const manual = await runningCampaign({ manualOnly: true, dialMode: 'preview' });
    const ml = await tm.lists.importFile(sup, manual, 'phone\n+74952200009\n', { format: 'csv', name: 'm', mapping: { phone: 'phone' } });
    await tm.campaigns.setStatus(sup, manual, 'running');
    const me = await get().prisma.callListEntry.findFirstOrThrow({ where: { listId: ml.listId } });
    expect(await tm.dialing.check(me.id, { initiator: 'dialer', userId: null })).toEqual({ allowed: false, reason: 'manual_only', permanent: false });
    expect((await tm.dialing.next(agent, manual, 'person'))?.phone).toBe('+74952200009');
  });

  it('applies script effects through the CRM: a deal, a custom field and a set_field step', async () => {
    const db = get();
    const clientId = await client(db, 'Effects LLC', null, '+74952300001');
    const v = validateScript(survey);
    if (!v.ok) throw new Error('fixture');
    const vars = { 'client.name': 'Effects LLC', 'campaign.name': 'spring' };
    const ctx = { now, vars };
    const actions: RunnerAction[] = [];
    let out = advance(v.script, initialRunnerState(v.script), ctx);
    for (const answer of ['yes', 1, ['auto', 'life']]) {
      out = advance(v.script, out.state, ctx, answer);
      actions.push(...out.actions);
    }
    const effects = new ScriptEffectsService({ clients: crm.clients, deals: crm.deals, tasks: crm.tasks, clock: () => now });
    const applied = await effects.apply(sup, { clientId, phone: '+74952300001' }, actions, vars);
    const deal = await db.prisma.deal.findFirstOrThrow({ where: { clientId } });
    expect(applied).toEqual([
      { type: 'deal', dealId: deal.id },
      { type: 'client_field', field: 'custom:products', value: 'auto, life' },
      { type: 'client_field', field: 'segment', value: 'renewal-spring' },
    ]);
    const c = await crm.clients.get(sup, clientId);
    expect([c.segment, c.customFields]).toEqual(['renewal-spring', { products: 'auto, life' }]);
    expect(deal.title).toBe('Renewal for Effects LLC');
    expect(await effects.apply(sup, { clientId: null, phone: null }, actions.slice(0, 1), vars)).toEqual([{ type: 'skipped', reason: 'no client to attach a deal to' }]);
  });
});
