import type { CallView, ExtensionStateView, InboundSmsNotice, PopCard, ScreenPop, WallboardStats } from '../../realtime/realtime-events.js';
import type { DeskView } from './telemarketing.types.js';

/** A call whose result form is open (after `call.ended`). */
export interface EndedCall {
  readonly call: CallView;
  readonly card: PopCard | null;
  readonly interactionCallKey: string;
}

export interface IncomingRow {
  readonly call: CallView;
  readonly card: PopCard | null;
}

export type Topic = 'calls' | 'extensions' | 'incoming' | 'wallboard' | 'connection' | 'sms' | 'telemarketing';

/**
 * The live state the socket feeds: pops, active calls, result forms, extension states, incoming calls and the
 * wallboard. Views subscribe per topic and re-render only their own region.
 */
export class LiveStore {
  readonly pops = new Map<string, ScreenPop>();
  readonly active = new Map<string, { call: CallView; card: PopCard }>();
  readonly ended = new Map<string, EndedCall>();
  readonly extensions = new Map<string, ExtensionStateView>();
  incoming: IncomingRow[] = [];
  wallboard: WallboardStats | null = null;
  connected = false;
  private readonly listeners = new Map<Topic, Set<() => void>>();

  on(topic: Topic, fn: () => void): () => void {
    const set = this.listeners.get(topic) ?? new Set<() => void>();
    set.add(fn);
    this.listeners.set(topic, set);
    return () => set.delete(fn);
  }

  emit(topic: Topic): void {
    for (const fn of [...(this.listeners.get(topic) ?? [])]) fn();
  }

  addPop(pop: ScreenPop): void {
    if (this.active.has(pop.call.callId)) return;
    this.pops.set(pop.call.callId, pop);
    this.emit('calls');
  }

  setPopCard(callId: string, card: PopCard): void {
    const pop = this.pops.get(callId);
    if (pop) this.pops.set(callId, { ...pop, card });
    const active = this.active.get(callId);
    if (active) this.active.set(callId, { ...active, card });
    this.emit('calls');
  }

  hidePop(callId: string): void {
    if (this.pops.delete(callId)) this.emit('calls');
  }

  setActive(call: CallView, card: PopCard): void {
    this.pops.delete(call.callId);
    this.active.set(call.callId, { call, card });
    this.emit('calls');
  }

  setEnded(ended: EndedCall): void {
    this.pops.delete(ended.call.callId);
    this.active.delete(ended.call.callId);
    this.ended.set(ended.call.callId, ended);
    this.emit('calls');
  }

  closeResult(callId: string): void {
    if (this.ended.delete(callId)) this.emit('calls');
  }

  /** calls.snapshot on (re)connect: the server's view replaces the ringing and active calls */
  snapshot(pops: readonly ScreenPop[], active: readonly { call: CallView; card: PopCard }[]): void {
    this.pops.clear();
    this.active.clear();
    for (const a of active) this.active.set(a.call.callId, a);
    for (const p of pops) if (!this.active.has(p.call.callId)) this.pops.set(p.call.callId, p);
    this.emit('calls');
  }

  /** extensions.snapshot (live states; the user names may be missing: keep the known ones) */
  setExtensions(list: readonly ExtensionStateView[]): void {
    for (const e of list) this.extensions.set(e.extension, { ...e, user: e.user ?? this.extensions.get(e.extension)?.user ?? null });
    this.emit('extensions');
  }

  /** GET /api/extensions (users of every extension); live states already known win */
  seedExtensions(list: readonly ExtensionStateView[]): void {
    for (const e of list) {
      const known = this.extensions.get(e.extension);
      this.extensions.set(e.extension, { extension: e.extension, state: known?.state ?? e.state, user: e.user ?? known?.user ?? null });
    }
    this.emit('extensions');
  }

  setExtension(e: ExtensionStateView): void {
    const prev = this.extensions.get(e.extension);
    this.extensions.set(e.extension, { ...e, user: e.user ?? prev?.user ?? null });
    this.emit('extensions');
  }

  setIncoming(rows: IncomingRow[]): void {
    this.incoming = rows;
    this.emit('incoming');
  }

  setWallboard(w: WallboardStats): void {
    this.wallboard = w;
    this.emit('wallboard');
  }

  /** inbound SMS from the user's clients, newest last, not yet shown */
  readonly smsNotices: InboundSmsNotice[] = [];

  addSmsNotice(n: InboundSmsNotice): void {
    this.smsNotices.push(n);
    this.emit('sms');
  }

  /** the telemarketer desk as the server last described it (REST answers and `telemarketing.desk` pushes) */
  desk: DeskView | null = null;

  setDesk(view: DeskView): void {
    this.desk = view;
    this.emit('telemarketing');
  }

  setConnected(v: boolean): void {
    this.connected = v;
    this.emit('connection');
  }
}
