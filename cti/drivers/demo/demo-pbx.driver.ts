import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import type { CallEvent, DeviceState, PbxEvent } from '../../domain/call-event.js';
import type { Capability, OriginateRequest, PbxDriver, PbxDriverEvents, PbxStatus } from '../../ports/pbx-driver.port.js';
import { inboundCallSteps, type DemoCallSpec, type DemoStep } from './demo-script.js';

/**
 * A PBX that is not there: with no ZARI_AMI_URL, `npm start` runs this driver so a new user sees zari work
 * at once. It plays realistic calls (answered, missed by a ring group, transferred) from the demo callers
 * through the same CallEvent union and tracker as Asterisk. Click-to-dial works too: the user's phone
 * "answers" and the customer picks up.
 */
export interface DemoPbxOptions {
  readonly logger: Logger;
  /** callers the demo uses: numbers as a trunk delivers them, with CallerID names */
  readonly callers: readonly { number: string; name: string | null }[];
  /** extensions of the demo office */
  readonly extensions: readonly string[];
  readonly did?: string;
  /** mean ms between new inbound calls; 0 disables the generator (commands still work) */
  readonly callEveryMs?: number;
  /** multiplies every delay (tests use 0.01) */
  readonly timeScale?: number;
  readonly random?: () => number;
  readonly now?: () => number;
}

export class DemoPbxDriver implements PbxDriver {
  readonly name = 'demo';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['monitor', 'originate', 'transfer', 'hangup', 'device-state', 'record']);
  readonly events: Emitter<PbxDriverEvents>;
  private state: PbxStatus;
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq = 0;
  private readonly epoch = Math.floor(Date.now() / 1000);
  private readonly busy = new Map<string, DeviceState>();
  private readonly log: Logger;

  constructor(private readonly opts: DemoPbxOptions) {
    this.log = opts.logger.child({ driver: 'demo' });
    this.events = new Emitter<PbxDriverEvents>((error) => this.log.error({ err: error }, 'demo listener failed'));
    this.state = { driver: 'demo', state: 'stopped', since: this.now(), lastError: null, reconnects: 0 };
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private random(): number {
    return this.opts.random?.() ?? Math.random();
  }

  status(): PbxStatus {
    return this.state;
  }

  async start(): Promise<void> {
    this.state = { ...this.state, state: 'connected', since: this.now() };
    this.events.emit('status', this.state);
    this.emit({ type: 'resync.begin', at: this.now() });
    for (const ext of this.opts.extensions) this.setDevice(ext, 'idle');
    this.emit({ type: 'resync.complete', at: this.now(), liveCallIds: [] });
    this.scheduleNext();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.state = { ...this.state, state: 'stopped', since: this.now() };
    this.events.emit('status', this.state);
  }

  /** Starts one inbound call now (also used by tests and the generator). */
  playInbound(partial: Partial<DemoCallSpec> = {}): string {
    const caller = this.opts.callers[Math.floor(this.random() * this.opts.callers.length)] ?? { number: '+995322123456', name: null };
    const exts = this.opts.extensions;
    const kind = this.random();
    const ring = kind < 0.3 ? exts.slice(0, 2) : exts.slice(0, 1);
    const answered = kind < 0.75 ? (ring[Math.floor(this.random() * ring.length)] ?? null) : null;
    const spec: DemoCallSpec = {
      callId: this.nextCallId(),
      from: caller.number,
      fromName: caller.name,
      did: this.opts.did ?? '5550100',
      ring,
      answeredBy: answered,
      ringMs: 3000 + this.random() * 9000,
      talkMs: 8000 + this.random() * 40000,
      transferTo: answered && kind > 0.6 ? (exts.find((e) => !ring.includes(e)) ?? null) : null,
      ...partial,
    };
    this.play(inboundCallSteps(spec));
    return spec.callId;
  }

  async originate(req: OriginateRequest): Promise<{ actionId: string }> {
    const callId = this.nextCallId();
    const agentLeg = callId;
    const trunkLeg = `${this.epoch}.${++this.seq}`;
    const c = (legId: string, endpoint: string, num: string): CallEvent => ({
      type: 'leg.created', at: 0, callId,
      leg: { legId, channel: `PJSIP/${endpoint}-${legId.replace('.', '').slice(-8)}`, endpoint, local: false, callerNumber: num,
        callerName: null, connectedNumber: null, connectedName: null, context: req.context, exten: req.number, state: 'down' },
    });
    this.play([
      { delayMs: 0, events: () => [c(agentLeg, req.extension, req.number), { type: 'dial.begin', at: 0, callId, fromLegId: null, toLegId: agentLeg, dialString: req.extension }, { type: 'leg.state', at: 0, callId, legId: agentLeg, state: 'ringing' }] },
      { delayMs: 2000, events: () => [{ type: 'leg.state', at: 0, callId, legId: agentLeg, state: 'up' }, { type: 'dial.end', at: 0, callId, fromLegId: null, toLegId: agentLeg, status: 'answer' },
        c(trunkLeg, 'trunk', req.number), { type: 'dial.begin', at: 0, callId, fromLegId: agentLeg, toLegId: trunkLeg, dialString: `${req.number}@trunk` }] },
      { delayMs: 4000, events: () => [{ type: 'leg.state', at: 0, callId, legId: trunkLeg, state: 'up' }, { type: 'dial.end', at: 0, callId, fromLegId: agentLeg, toLegId: trunkLeg, status: 'answer' },
        { type: 'leg.bridged', at: 0, callId, legId: agentLeg, bridgeId: `b-${callId}` }, { type: 'leg.bridged', at: 0, callId, legId: trunkLeg, bridgeId: `b-${callId}` }] },
      { delayMs: 20000, events: () => [{ type: 'leg.hangup', at: 0, callId, legId: agentLeg, cause: 16, causeText: 'Normal Clearing' }, { type: 'leg.hangup', at: 0, callId, legId: trunkLeg, cause: 16, causeText: 'Normal Clearing' }] },
    ]);
    return { actionId: `demo-${callId}` };
  }

  async redirect(): Promise<void> {
    throw new ZariError('pbx_rejected', 'the demo PBX plays scripted calls; transfers of live demo calls are not simulated');
  }

  async attendedTransfer(): Promise<void> {
    throw new ZariError('pbx_rejected', 'the demo PBX plays scripted calls; transfers of live demo calls are not simulated');
  }

  async hangup(): Promise<void> {
    throw new ZariError('pbx_rejected', 'the demo PBX plays scripted calls; they end by themselves');
  }

  async startRecording(): Promise<void> {}
  async stopRecording(): Promise<void> {}
  async muteRecording(): Promise<void> {}

  private nextCallId(): string {
    this.seq += 10;
    return `${this.epoch}.${this.seq}`;
  }

  private scheduleNext(): void {
    const every = this.opts.callEveryMs ?? 45000;
    if (every <= 0) return;
    this.after(every * (0.5 + this.random()), () => {
      this.playInbound();
      this.scheduleNext();
    });
  }

  private play(steps: readonly DemoStep[], index = 0): void {
    const step = steps[index];
    if (!step) return;
    this.after(step.delayMs, () => {
      for (const e of step.events()) this.emit({ ...e, at: this.now() });
      this.play(steps, index + 1);
    });
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms * (this.opts.timeScale ?? 1));
    t.unref();
    this.timers.add(t);
  }

  private emit(event: PbxEvent): void {
    this.events.emit('event', event);
    this.trackDevice(event);
  }

  /** busy lamps: derive the device states a real PBX would report from the legs it plays */
  private readonly legExt = new Map<string, string>();
  private trackDevice(e: PbxEvent): void {
    if (e.type === 'leg.created' && e.leg.endpoint && this.opts.extensions.includes(e.leg.endpoint)) this.legExt.set(e.leg.legId, e.leg.endpoint);
    if (e.type !== 'leg.state' && e.type !== 'leg.hangup') return;
    const ext = this.legExt.get(e.legId);
    if (!ext) return;
    if (e.type === 'leg.hangup') {
      this.legExt.delete(e.legId);
      this.setDevice(ext, [...this.legExt.values()].includes(ext) ? 'inuse' : 'idle');
    } else if (e.state === 'ringing') this.setDevice(ext, 'ringing');
    else if (e.state === 'up') this.setDevice(ext, 'inuse');
  }

  private setDevice(ext: string, state: DeviceState): void {
    if (this.busy.get(ext) === state) return;
    this.busy.set(ext, state);
    const at = this.now();
    this.events.emit('event', { type: 'device.state', at, device: `PJSIP/${ext}`, extension: ext, state });
  }
}
