import type { Actor, CallerCard, IdentifyResult, PhoneNormalizer } from '../../crm-core/index.js';
import { callKeyOf, type CtiEvents, type CtiRuntime, type TrackedCall } from '../../cti/index.js';
import type { Emitter, Logger } from '../../kernel/index.js';
import { numberToIdentify, timeBox, type CallEntry, type PopUser } from './call-entry.js';
import { pendingCard, toCallView, toPopCard } from './map-pop.js';
import type { CallView, IncomingCallView, PopCard, ScreenPop } from './realtime-events.js';
import type { RealtimeNotifier } from './realtime-notifier.port.js';
import { WallboardCounter } from './wallboard.js';
import { ExtensionLamps } from './extension-lamps.js';

export interface ScreenPopDeps {
  readonly events: Emitter<CtiEvents>;
  readonly runtime: Pick<CtiRuntime, 'liveCalls' | 'extensionStates'>;
  readonly identify: (raw: string) => Promise<IdentifyResult>;
  /** today's answered and missed inbound calls before this node started (seeds the wallboard) */
  readonly todayCounts?: () => Promise<{ answered: number; missed: number }>;
  readonly cardOfClient: (clientId: number, contactId: number | null) => Promise<CallerCard | null>;
  /** the active users bound to an extension */
  readonly usersOfExtension: (extension: string) => Promise<PopUser[]>;
  readonly notifier: RealtimeNotifier;
  readonly phones: Pick<PhoneNormalizer, 'normalize'>;
  readonly logger: Logger;
  /** how long a pop waits for caller identification before it goes out as "unknown caller" (default 300 ms) */
  readonly timeBoxMs?: number;
  /** how often secretaries' and supervisors' aggregates are pushed at most (default 200 ms) */
  readonly aggregateMs?: number;
}

/** The card secretaries' incoming-calls board shows (a secretary's view for every member of the room). */
const secretaryView: Actor = { userId: -1, role: 'secretary', grants: [], extensions: [] };

/**
 * Screen pops: turns the call tracker's events into per-user pops, hides and active call panels, and keeps
 * each user's live state so a (re)connecting browser gets it back (`snapshot`). Caller identification runs
 * once per call and is time-boxed: a slow lookup pops "unknown caller" (`pending`) and the card follows.
 */
export class ScreenPopService {
  private readonly entries = new Map<string, CallEntry>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly wallboard = new WallboardCounter();
  private readonly offs: (() => void)[] = [];
  private readonly log: Logger;
  private aggregateTimer: NodeJS.Timeout | null = null;
  /** busy lamps (extension states) for every socket */
  readonly lamps: ExtensionLamps;

  constructor(private readonly deps: ScreenPopDeps) {
    this.log = deps.logger.child({ component: 'screen-pop' });
    this.lamps = new ExtensionLamps({
      notifier: deps.notifier, logger: this.log,
      userOf: async (ext) => {
        const [user] = await deps.usersOfExtension(ext);
        return user ? { id: user.id, name: user.name } : null;
      },
    });
  }

  start(): void {
    const { events } = this.deps;
    this.deps.todayCounts?.().then((counts) => this.wallboard.seed(counts), (err: unknown) => this.deps.logger.warn({ err }, 'wallboard seed failed'));
    this.offs.push(
      events.on('call.ringing', ({ call, extension }) => this.enqueue(call, () => this.onRinging(call, extension))),
      events.on('call.answered', ({ call, extension }) => {
        this.wallboard.answeredCall(call);
        this.enqueue(call, () => this.onAnswered(call, extension));
      }),
      events.on('call.updated', ({ call }) => this.enqueue(call, () => this.onUpdated(call))),
      events.on('call.transferred', ({ call }) => this.enqueue(call, () => this.onUpdated(call))),
      events.on('call.ended', ({ call }) => this.enqueue(call, () => this.onEnded(call))),
      events.on('extension.state', (e) => {
        this.lamps.changed(e.extension, e.state);
        this.scheduleAggregates();
      }),
      events.on('pbx.status', (s) => this.deps.notifier.emit('supervisors', 'pbx.status', { state: s.state, driver: s.driver, lastError: s.lastError })),
    );
    for (const call of this.deps.runtime.liveCalls()) {
      for (const ext of call.ringingNow) this.enqueue(call, () => this.onRinging(call, ext));
    }
  }

  /**
   * Runs the handlers of one call strictly in event order, even when one waits (user lookup, the identification
   * time box): a PBX that answers and hangs up within milliseconds still yields pop → active → ended.
   */
  private enqueue(call: TrackedCall, handler: () => Promise<void> | void): void {
    if (!this.entries.has(call.callId) && call.state !== 'ended') this.entryOf(call);
    const prev = this.chains.get(call.callId) ?? Promise.resolve();
    const next = prev.then(handler).catch((err: unknown) => this.log.error({ err, callId: call.callId }, 'screen pop failed'));
    this.chains.set(call.callId, next);
    void next.then(() => {
      if (this.chains.get(call.callId) === next) this.chains.delete(call.callId);
    });
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.lamps.stop();
    if (this.aggregateTimer) clearTimeout(this.aggregateTimer);
    this.aggregateTimer = null;
  }

  /** The user's ringing pops and active calls (sent as `calls.snapshot` on every (re)connect). */
  snapshot(userId: number): { pops: ScreenPop[]; active: { call: CallView; card: PopCard }[] } {
    const pops: ScreenPop[] = [];
    const active: { call: CallView; card: PopCard }[] = [];
    for (const entry of this.entries.values()) {
      const pop = entry.pops.get(userId);
      if (pop) pops.push({ ...pop.pop, call: toCallView(entry.call) });
      const act = entry.active.get(userId);
      if (act) active.push({ call: toCallView(entry.call), card: act.card });
    }
    return { pops, active };
  }

  incomingCalls(): IncomingCallView[] {
    const states = this.deps.runtime.extensionStates();
    return [...this.entries.values()]
      .filter((e) => e.call.direction === 'inbound')
      .map((e) => ({ call: toCallView(e.call), card: e.result ? toPopCard(secretaryView, e.result, states) : this.pending(e) }));
  }

  wallboardStats(): ReturnType<WallboardCounter['stats']> {
    return this.wallboard.stats(this.deps.runtime.liveCalls(), this.deps.runtime.extensionStates());
  }

  /** The user picked one of several candidates: the card of that client (only a candidate of that pop). */
  async pick(user: PopUser, popId: string, clientId: number): Promise<{ ok: boolean; error?: string }> {
    const entry = [...this.entries.values()].find((e) => e.pops.get(user.id)?.pop.popId === popId);
    const pop = entry?.pops.get(user.id);
    if (!entry || !pop) return { ok: false, error: 'no_such_pop' };
    const candidate = entry.result?.candidates.find((c) => c.clientId === clientId);
    if (!entry.result || !candidate) return { ok: false, error: 'not_a_candidate' };
    const card = await this.deps.cardOfClient(clientId, candidate.contactId);
    if (!card) return { ok: false, error: 'not_found' };
    const picked = toPopCard(user.actor, { number: entry.result.number, match: 'exact', card, candidates: [] }, this.deps.runtime.extensionStates());
    pop.pop = { ...pop.pop, card: picked };
    this.deps.notifier.emit(`user:${user.id}`, 'call.pop.card', { popId, callId: entry.call.callId, card: picked });
    return { ok: true };
  }

  private entryOf(call: TrackedCall): CallEntry {
    const known = this.entries.get(call.callId);
    if (known) {
      known.call = call;
      return known;
    }
    const raw = numberToIdentify(call);
    const entry: CallEntry = {
      call, result: null, settled: raw === null, pendingSent: false, pops: new Map(), active: new Map(),
      lookup: raw === null ? Promise.resolve() : this.deps.identify(raw).then(
        (result) => this.identified(entry, result),
        (err: unknown) => this.log.warn({ err, callId: call.callId }, 'caller identification failed'),
      ),
    };
    this.entries.set(call.callId, entry);
    return entry;
  }

  private identified(entry: CallEntry, result: IdentifyResult): void {
    entry.result = result;
    entry.settled = true;
    if (!entry.pendingSent || !this.entries.has(entry.call.callId)) return;
    const states = this.deps.runtime.extensionStates();
    for (const p of entry.pops.values()) {
      const card = toPopCard(p.user.actor, result, states);
      p.pop = { ...p.pop, card };
      this.deps.notifier.emit(`user:${p.user.id}`, 'call.pop.card', { popId: p.pop.popId, callId: entry.call.callId, card });
    }
    for (const [userId, a] of entry.active) {
      a.card = toPopCard(a.user.actor, result, states);
      this.deps.notifier.emit(`user:${userId}`, 'call.active', { call: toCallView(entry.call), card: a.card });
    }
    this.scheduleAggregates();
  }

  private pending(entry: CallEntry): PopCard {
    const raw = numberToIdentify(entry.call);
    return pendingCard(raw, raw === null ? null : this.deps.phones.normalize(raw).e164);
  }

  private cardFor(entry: CallEntry, user: PopUser): PopCard {
    if (entry.result) return toPopCard(user.actor, entry.result, this.deps.runtime.extensionStates());
    if (entry.settled) return { ...this.pending(entry), pending: false };
    entry.pendingSent = true;
    return this.pending(entry);
  }

  private async onRinging(call: TrackedCall, extension: string): Promise<void> {
    const entry = this.entryOf(call);
    this.scheduleAggregates();
    if (call.direction === 'outbound') return;
    const [users] = await Promise.all([this.deps.usersOfExtension(extension), timeBox(entry.lookup, this.deps.timeBoxMs ?? 300)]);
    if (this.entries.get(call.callId) !== entry) return;
    for (const user of users) {
      if (entry.pops.has(user.id) || entry.active.has(user.id)) continue;
      const pop: ScreenPop = {
        popId: `${call.callId}:${user.id}`, call: toCallView(entry.call), extension, card: this.cardFor(entry, user), sentAt: Date.now(),
      };
      entry.pops.set(user.id, { user, extension, pop });
      this.deps.notifier.pop(user.id, pop);
    }
  }

  private async onAnswered(call: TrackedCall, extension: string): Promise<void> {
    const entry = this.entryOf(call);
    this.scheduleAggregates();
    let answeredHere = false;
    for (const [userId, p] of [...entry.pops]) {
      entry.pops.delete(userId);
      if (p.extension === extension) {
        answeredHere = true;
        this.activate(entry, p.user, p.pop.card);
      } else {
        this.deps.notifier.emit(`user:${userId}`, 'call.pop.hide', { callId: call.callId, reason: 'answered-elsewhere' });
      }
    }
    if (answeredHere) return;
    const [users] = await Promise.all([this.deps.usersOfExtension(extension), timeBox(entry.lookup, this.deps.timeBoxMs ?? 300)]);
    if (this.entries.get(call.callId) !== entry) return;
    for (const user of users) if (!entry.active.has(user.id)) this.activate(entry, user, this.cardFor(entry, user));
  }

  private activate(entry: CallEntry, user: PopUser, card: PopCard): void {
    entry.active.set(user.id, { user, card });
    this.deps.notifier.emit(`user:${user.id}`, 'call.active', { call: toCallView(entry.call), card });
  }

  private onUpdated(call: TrackedCall): void {
    const entry = this.entries.get(call.callId);
    if (!entry) return;
    entry.call = call;
    for (const [userId, p] of [...entry.pops]) {
      if (call.ringingNow.includes(p.extension) || call.answeredBy === p.extension) continue;
      entry.pops.delete(userId);
      const reason = call.answeredBy !== null ? 'answered-elsewhere' : 'ended';
      this.deps.notifier.emit(`user:${userId}`, 'call.pop.hide', { callId: call.callId, reason });
    }
    this.scheduleAggregates();
  }

  private onEnded(call: TrackedCall): void {
    this.wallboard.ended(call);
    const entry = this.entries.get(call.callId);
    this.entries.delete(call.callId);
    this.scheduleAggregates();
    if (!entry) return;
    for (const userId of entry.pops.keys()) {
      this.deps.notifier.emit(`user:${userId}`, 'call.pop.hide', { callId: call.callId, reason: 'ended' });
    }
    const view = toCallView(call);
    for (const [userId, a] of entry.active) {
      this.deps.notifier.emit(`user:${userId}`, 'call.ended', { call: view, card: a.card, interactionCallKey: callKeyOf(call) });
    }
  }

  /** incoming.calls (secretaries) and the wallboard (supervisors), coalesced to one push per interval. */
  private scheduleAggregates(): void {
    if (this.aggregateTimer) return;
    this.aggregateTimer = setTimeout(() => {
      this.aggregateTimer = null;
      const { notifier } = this.deps;
      if (notifier.listening?.('secretaries') ?? true) notifier.emit('secretaries', 'incoming.calls', { calls: this.incomingCalls() });
      if (notifier.listening?.('supervisors') ?? true) notifier.emit('supervisors', 'wallboard', this.wallboardStats());
    }, this.deps.aggregateMs ?? 200);
    this.aggregateTimer.unref();
  }
}
