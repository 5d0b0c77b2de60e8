import {
  CallerIdentificationService, createCrmServices, createPhoneNormalizer, systemActor, type IdentifyResult,
} from '../../crm-core/index.js';
import type { CtiEvents, TrackedCall } from '../../cti/index.js';
import { Emitter, silentLogger } from '../../kernel/index.js';
import {
  ScreenPopService, type PlainEvent, type PopUser, type RealtimeNotifier, type RealtimeRoom, type ScreenPop,
} from '../../web/realtime/index.js';
import { describeEachDb } from '../helpers/db.js';

/**
 * Degraded database during a screen pop: identification (real, on a real database) answers only after
 * 600 ms, the time box is 100 ms: the pop goes out at once as "unknown caller" (pending), the card follows
 * as call.pop.card, and the identification ran once for the call although two extensions rang.
 */
class RecordingNotifier implements RealtimeNotifier {
  readonly sent: { to: string; event: string; payload: unknown; at: number }[] = [];
  pop(userId: number, pop: ScreenPop): void {
    this.sent.push({ to: `user:${userId}`, event: 'call.pop', payload: pop, at: Date.now() });
  }
  emit<E extends PlainEvent>(room: RealtimeRoom, event: E, payload: unknown): void {
    this.sent.push({ to: room, event, payload, at: Date.now() });
  }
  of(event: string): { to: string; payload: unknown; at: number }[] {
    return this.sent.filter((s) => s.event === event);
  }
}

const call = (over: Partial<TrackedCall>): TrackedCall => ({
  callId: '1800000000.1', pbx: 'asterisk', direction: 'inbound', from: '+995322123456', to: '5550100', externalNumber: '+995322123456',
  externalName: 'Acme', did: '5550100', state: 'ringing', startedAt: Date.now(), answeredAt: null, endedAt: null, ringSeconds: 0,
  talkSeconds: 0, holdSeconds: 0, rang: ['201', '202'], ringingNow: ['201', '202'], answeredBy: null, finalParty: null, transfers: [],
  recordings: [], queue: null, queueHoldSeconds: null, outcome: null, missed: false, customerChannel: null, extensionChannels: {},
  unconfirmed: false, ...over,
});

async function until(probe: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describeEachDb('screen pop with a slow caller identification', (getDb) => {
  it('pops "unknown caller" within the time box, then sends the card once identification answers', async () => {
    const db = getDb();
    const phones = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 5 });
    const crm = createCrmServices({ db: db.prisma, logger: silentLogger(), phones });
    await crm.clients.create(systemActor, { name: 'Acme Ltd', phones: [{ raw: '+995322123456', type: 'work' }] });
    const real = new CallerIdentificationService({ db, phones, logger: silentLogger() });
    let lookups = 0;
    const slowIdentify = async (raw: string): Promise<IdentifyResult> => {
      lookups++;
      await new Promise((r) => setTimeout(r, 600));
      return real.identify(raw);
    };
    const events = new Emitter<CtiEvents>();
    const notifier = new RecordingNotifier();
    const users: Record<string, PopUser> = {
      '201': { id: 1, name: 'Op 201', actor: { userId: 1, role: 'operator', grants: [], extensions: ['201'] } },
      '202': { id: 2, name: 'Op 202', actor: { userId: 2, role: 'operator', grants: [], extensions: ['202'] } },
    };
    const service = new ScreenPopService({
      events, notifier, phones, logger: silentLogger(), timeBoxMs: 100, aggregateMs: 10,
      runtime: { liveCalls: () => [], extensionStates: () => ({}) },
      identify: slowIdentify, cardOfClient: (id, contact) => real.cardOfClient(id, contact),
      usersOfExtension: async (ext) => (users[ext] ? [users[ext]] : []),
    });
    service.start();
    try {
      const started = Date.now();
      events.emit('call.ringing', { call: call({ ringingNow: ['201'] }), extension: '201' });
      events.emit('call.ringing', { call: call({}), extension: '202' });
      await until(() => notifier.of('call.pop').length === 2);
      const pops = notifier.of('call.pop');
      for (const p of pops) {
        expect(p.at - started).toBeLessThan(450);
        expect((p.payload as ScreenPop).card).toMatchObject({ pending: true, match: 'none', e164: '+995322123456', client: null });
      }
      await until(() => notifier.of('call.pop.card').length === 2);
      const cards = notifier.of('call.pop.card');
      expect(cards.map((c) => c.to).sort()).toEqual(['user:1', 'user:2']);
      for (const c of cards) expect(c.payload).toMatchObject({ callId: '1800000000.1', card: { pending: false, client: { name: 'Acme Ltd' } } });
      expect(lookups).toBe(1);
      expect(service.snapshot(1).pops[0]?.card.client?.name).toBe('Acme Ltd');
      events.emit('call.ended', { call: call({ state: 'ended', ringingNow: [], endedAt: Date.now(), missed: true, outcome: 'missed' }) });
      await until(() => notifier.of('call.pop.hide').length === 2);
      expect(service.snapshot(1).pops).toEqual([]);
    } finally {
      service.stop();
    }
  });
});
