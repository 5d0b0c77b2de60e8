import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import type { LegInfo, PbxEvent } from '../../domain/call-event.js';
import type { Capability, OriginateRequest, PbxDriver, PbxDriverEvents, PbxStatus } from '../../ports/pbx-driver.port.js';

/**
 * Several PBX drivers seen as one, so `CtiRuntime` keeps a single driver: typically the PBX (AMI or the demo
 * PBX) as the primary and GSM-modem lines (GsmModemDriver) beside it.
 * - Events of every driver are merged into one stream, in each driver's own order.
 * - `name`, `capabilities`, `status()` and the `status` events are the primary's; `statuses()` gives the
 *   per-driver detail (a secondary's status changes are logged, they do not move /healthz).
 * - Commands go to the driver that owns the channel (originate to the primary): a command on a GSM call
 *   is refused with `capability_missing` when that line cannot do it (GSM lines are monitor-only), instead
 *   of reaching the PBX with a channel it does not know.
 * - Call ids must not collide between drivers (GsmModemDriver prefixes its ids with `gsm-`); a collision is
 *   logged. A resync of one driver ends, in the tracker, every call it does not report: the composite re-reports
 *   the live legs of the other drivers' calls before passing `resync.complete` on, so they survive it.
 */
export interface CompositePbxDriverDeps {
  readonly logger: Logger;
  readonly primary: PbxDriver;
  readonly secondaries: readonly PbxDriver[];
}

interface OwnedCall {
  readonly owner: PbxDriver;
  readonly legs: Map<string, LegInfo>;
}

export class CompositePbxDriver implements PbxDriver {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;
  readonly events: Emitter<PbxDriverEvents>;
  private readonly log: Logger;
  private readonly calls = new Map<string, OwnedCall>();
  private readonly offs: (() => void)[] = [];

  constructor(private readonly deps: CompositePbxDriverDeps) {
    this.name = deps.primary.name;
    this.capabilities = deps.primary.capabilities;
    this.log = deps.logger.child({ driver: 'composite' });
    this.events = new Emitter<PbxDriverEvents>((err) => this.log.error({ err }, 'composite driver listener failed'));
  }

  /** The primary first, then the secondaries. */
  get drivers(): readonly PbxDriver[] {
    return [this.deps.primary, ...this.deps.secondaries];
  }

  status(): PbxStatus {
    return this.deps.primary.status();
  }

  /** Every driver's status, the primary first. */
  statuses(): PbxStatus[] {
    return this.drivers.map((d) => d.status());
  }

  async start(): Promise<void> {
    for (const driver of this.drivers) {
      this.offs.push(driver.events.on('event', (e) => this.onEvent(driver, e)));
      this.offs.push(driver.events.on('status', (s) => this.onStatus(driver, s)));
    }
    for (const driver of this.drivers) await driver.start();
  }

  async stop(): Promise<void> {
    const results = await Promise.allSettled(this.drivers.map((d) => d.stop()));
    for (const off of this.offs.splice(0)) off();
    this.calls.clear();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private onStatus(driver: PbxDriver, status: PbxStatus): void {
    if (driver === this.deps.primary) this.events.emit('status', status);
    else this.log.info({ driver: driver.name, state: status.state, lastError: status.lastError }, 'secondary pbx driver status');
  }

  private onEvent(driver: PbxDriver, e: PbxEvent): void {
    switch (e.type) {
      case 'resync.begin':
        this.forget(driver);
        break;
      case 'resync.complete':
        this.events.emit('event', { ...e, liveCallIds: [...e.liveCallIds, ...this.reconfirmOthers(driver, e.at)] });
        return;
      case 'leg.created':
        this.own(driver, e.callId).legs.set(e.leg.legId, e.leg);
        break;
      case 'leg.hangup':
        this.dropLeg(e.callId, e.legId);
        break;
      default:
        break;
    }
    this.events.emit('event', e);
  }

  private own(driver: PbxDriver, callId: string): OwnedCall {
    const known = this.calls.get(callId);
    if (known && known.owner !== driver) this.log.warn({ callId, driver: driver.name, owner: known.owner.name }, 'call id used by two pbx drivers');
    if (known) return known;
    const call: OwnedCall = { owner: driver, legs: new Map() };
    this.calls.set(callId, call);
    return call;
  }

  private dropLeg(callId: string, legId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    call.legs.delete(legId);
    if (call.legs.size === 0) this.calls.delete(callId);
  }

  /** A driver resyncs: its calls are re-reported by it (or ended by the tracker). */
  private forget(driver: PbxDriver): void {
    for (const [callId, call] of this.calls) if (call.owner === driver) this.calls.delete(callId);
  }

  /** Re-reports the live legs of the other drivers' calls (resync: true) and returns those call ids. */
  private reconfirmOthers(driver: PbxDriver, at: number): string[] {
    const ids: string[] = [];
    for (const [callId, call] of this.calls) {
      if (call.owner === driver) continue;
      ids.push(callId);
      for (const leg of call.legs.values()) this.events.emit('event', { type: 'leg.created', at, callId, leg, resync: true });
    }
    return ids;
  }

  /** The driver whose call has a leg on this channel (the primary for a channel nobody reported). */
  private ownerOf(channel: string, cap: Capability): PbxDriver {
    for (const call of this.calls.values()) {
      for (const leg of call.legs.values()) {
        if (leg.channel !== channel) continue;
        if (!call.owner.capabilities.has(cap)) throw new ZariError('capability_missing', `this call is on a ${call.owner.name} line, which cannot ${cap}`);
        return call.owner;
      }
    }
    return this.deps.primary;
  }

  originate(req: OriginateRequest): Promise<{ readonly actionId: string }> { return this.deps.primary.originate(req); }
  async redirect(legChannel: string, extension: string, context: string): Promise<void> { return await this.ownerOf(legChannel, 'transfer').redirect(legChannel, extension, context); }
  async attendedTransfer(userLegChannel: string, extension: string, context: string): Promise<void> {
    return await this.ownerOf(userLegChannel, 'transfer').attendedTransfer(userLegChannel, extension, context);
  }
  async hangup(legChannel: string): Promise<void> { return await this.ownerOf(legChannel, 'hangup').hangup(legChannel); }
  async startRecording(legChannel: string, file: string): Promise<void> { return await this.ownerOf(legChannel, 'record').startRecording(legChannel, file); }
  async stopRecording(legChannel: string): Promise<void> { return await this.ownerOf(legChannel, 'record').stopRecording(legChannel); }
  async muteRecording(legChannel: string, muted: boolean): Promise<void> { return await this.ownerOf(legChannel, 'record').muteRecording(legChannel, muted); }
}
