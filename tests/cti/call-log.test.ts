import { silentLogger } from '../../kernel/index.js';
import {
  CallRecordService, CallerIdentificationService, createCrmServices, createPhoneNormalizer, systemActor, type CrmServices,
} from '../../crm-core/index.js';
import { CallLogService, CallTracker } from '../../cti/index.js';
import { describeEachDb, type TestDatabase } from '../helpers/db.js';
import { fixtureEvents } from '../helpers/ami-frames.js';

/**
 * The call log over real fixtures and a real database: every finished call stored once, one missed call per
 * unanswered inbound call (never one per ringing phone), callbacks opened, joined and closed.
 */
interface World {
  crm: CrmServices;
  records: CallRecordService;
  log: CallLogService;
}

function world(db: TestDatabase): World {
  const phones = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 5 });
  const logger = silentLogger();
  const crm = createCrmServices({ db: db.prisma, logger, phones });
  const records = new CallRecordService({ db: db.prisma, logger, phones, audit: crm.audit }, db.sqlite?.name ?? null);
  const identification = new CallerIdentificationService({ db, phones, logger });
  const log = new CallLogService({
    logger, store: records, identify: (raw) => identification.identify(raw),
    userIdForExtension: async (ext) => (await crm.users.findByExtension(ext))?.id ?? null,
    callbackGroup: 'callbacks', callbackDueMinutes: 30, clock: () => new Date('2026-11-28T10:00:00Z'),
  });
  return { crm, records, log };
}

/** Replays a fixture through a fresh tracker into the call log and waits until it is stored. */
async function play(w: World, fixture: string): Promise<void> {
  const tracker = new CallTracker({ logger: silentLogger() });
  tracker.events.on('call.ended', ({ call }) => void w.log.record(call));
  for (const e of fixtureEvents(fixture)) tracker.handle(e);
  await w.log.drain();
}

async function openCallbacks(db: TestDatabase) {
  return db.prisma.task.findMany({ where: { kind: 'callback', status: 'open' } });
}

describeEachDb('call log with a known client', (get) => {
  let w: World;
  let managerId: number;
  let acmeId: number;

  beforeAll(async () => {
    w = world(get());
    const u = (login: string, role: 'operator' | 'manager' | 'secretary', ext: string) =>
      w.crm.users.create(systemActor, { login, name: login, role, password: 'password-123456', extensions: [ext] });
    await u('op201', 'operator', '201');
    await u('op202', 'operator', '202');
    await u('sec301', 'secretary', '301');
    managerId = (await u('nino', 'manager', '401')).id;
    const acme = await w.crm.clients.create(systemActor, {
      name: 'Acme Ltd', responsibleUserId: managerId,
      phones: [{ raw: '+995 322 12 34 56', type: 'work' }, { raw: '055 123 45 67', type: 'mobile' }],
    });
    acmeId = acme.id;
  });

  it('a missed inbound call yields one missed call and one callback for the responsible manager', async () => {
    await play(w, '02-inbound-missed');
    const missed = await w.records.list(systemActor, { missed: true });
    expect(missed.total).toBe(1);
    expect(missed.items[0]).toMatchObject({
      callKey: 'asterisk:1795829513.2', clientId: acmeId, outcome: 'missed', direction: 'inbound', phone: '+995322123456', rangExtensions: ['201'],
    });
    const callbacks = await openCallbacks(get());
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]).toMatchObject({ assigneeId: managerId, clientId: acmeId, phone: '+995322123456', missedCount: 1, priority: 'high' });
    expect(callbacks[0]?.dueAt?.toISOString()).toBe('2026-11-28T10:30:00.000Z');
    expect(missed.items[0]?.callbackTaskId).toBe(callbacks[0]?.id);
  });

  it('repeated misses (no answer, busy) join the open callback', async () => {
    await play(w, '03-inbound-noanswer-timeout');
    await play(w, '04-inbound-busy');
    const missed = await w.records.list(systemActor, { missed: true });
    expect(missed.items.map((c) => c.outcome).sort()).toEqual(['busy', 'missed', 'no_answer']);
    const callbacks = await openCallbacks(get());
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]?.missedCount).toBe(3);
  });

  it('replaying the same calls (reconnect, restart) stores nothing twice', async () => {
    await play(w, '02-inbound-missed');
    await play(w, '04-inbound-busy');
    expect(await get().prisma.interaction.count({ where: { kind: 'call' } })).toBe(3);
    expect((await openCallbacks(get()))[0]?.missedCount).toBe(3);
  });

  it('an answered outbound call to the client closes the callback', async () => {
    await play(w, '09-click-to-dial');
    expect(await openCallbacks(get())).toHaveLength(0);
    const calls = await w.records.list(systemActor, { direction: 'outbound' });
    expect(calls.items[0]).toMatchObject({ clientId: acmeId, outcome: 'answered', phone: '+995551234567' });
    const done = await get().prisma.task.findFirst({ where: { kind: 'callback' } });
    expect(done).toMatchObject({ status: 'done' });
  });

  it('an answered inbound call is logged with who answered and the answering user', async () => {
    await play(w, '01-inbound-answered');
    const [call] = (await w.records.list(systemActor, { outcome: 'answered', direction: 'inbound' })).items;
    const op201 = await w.crm.users.findByExtension('201');
    expect(call).toMatchObject({ callKey: 'asterisk:1795829496.0', answeredBy: '201', userId: op201?.id, clientId: acmeId, subject: 'Acme Ltd' });
    expect(call?.talkSeconds).toBeGreaterThanOrEqual(0);
  });

  it('a manager sees the calls of their clients', async () => {
    const nino = await w.crm.users.findByExtension('401');
    const actor = { userId: nino!.id, role: 'manager' as const, grants: [], extensions: ['401'] };
    const mine = await w.records.list(actor, {});
    expect(mine.total).toBe(5);
    const other = await w.crm.users.create(systemActor, { login: 'lado', name: 'Lado', role: 'manager', password: 'password-123456' });
    expect((await w.records.list({ userId: other.id, role: 'manager', grants: [], extensions: [] }, {})).total).toBe(0);
  });
});

describeEachDb('call log with an unknown caller', (get) => {
  let w: World;
  beforeAll(() => {
    w = world(get());
  });

  it('a queue call nobody answered is one abandoned call, with a callback for the callback group', async () => {
    await play(w, '08-queue-abandoned');
    const missed = await w.records.list(systemActor, { missed: true });
    expect(missed.total).toBe(1);
    expect(missed.items[0]).toMatchObject({ outcome: 'abandoned', clientId: null, phone: '+995322123456' });
    expect([...missed.items[0]!.rangExtensions].sort()).toEqual(['201', '202']);
    const [callback] = await openCallbacks(get());
    const group = await get().prisma.group.findUnique({ where: { name: 'callbacks' } });
    expect(callback).toMatchObject({ assigneeId: null, groupId: group?.id, clientId: null, missedCount: 1 });
  });

  it('a later answered call from the same number closes it', async () => {
    await play(w, '07-queue-answered');
    expect(await openCallbacks(get())).toHaveLength(0);
  });

  it('internal calls are logged without a client or callback', async () => {
    await play(w, '10-internal-call');
    const [call] = (await w.records.list(systemActor, { direction: 'internal' })).items;
    expect(call).toMatchObject({ direction: 'internal', clientId: null, phone: null, outcome: 'answered' });
  });
});
