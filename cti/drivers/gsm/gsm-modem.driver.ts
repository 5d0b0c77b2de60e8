import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import type { CallEvent } from '../../domain/call-event.js';
import type { Capability, PbxDriver, PbxDriverEvents, PbxStatus } from '../../ports/pbx-driver.port.js';
import { GsmCallMapper, type GsmLineConfig } from './map-gsm-call.js';

/**
 * What the driver needs from a modem owner (sms/ ModemOwner.events has this shape): its call URCs. Declared
 * here so cti does not depend on sms; the composition root passes the modem owners in.
 */
export interface GsmCallEvents extends Record<string, unknown> {
  ring: { modemId: string; callType: string | null };
  clip: { modemId: string; number: string; toa: number | null };
  hangup: { modemId: string; line: string };
}

export interface GsmCallSource {
  readonly id: string;
  readonly events: Pick<Emitter<GsmCallEvents>, 'on'>;
}

export interface GsmModemDriverDeps {
  readonly logger: Logger;
  readonly modems: readonly { readonly source: GsmCallSource; readonly line: GsmLineConfig }[];
  /** no RING for this long ends the call (modems do not always say NO CARRIER when the caller gives up) */
  readonly ringTimeoutMs?: number;
  readonly now?: () => number;
}

/**
 * A PbxDriver for GSM modems used as gateways, capability `monitor` only: incoming GSM calls (RING, +CLIP,
 * NO CARRIER) become CallEvents for the same call tracker as PBX calls, so the caller is identified and popped.
 * Commands reject with capability_missing. Never touches the database.
 */
export class GsmModemDriver implements PbxDriver {
  readonly name = 'gsm';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['monitor']);
  readonly events = new Emitter<PbxDriverEvents>((err) => this.deps.logger.error({ err }, 'gsm driver listener failed'));
  private readonly offs: (() => void)[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private state: PbxStatus = { driver: 'gsm', state: 'stopped', since: Date.now(), lastError: null, reconnects: 0 };

  constructor(private readonly deps: GsmModemDriverDeps) {}

  status(): PbxStatus { return this.state; }

  async start(): Promise<void> {
    for (const { source, line } of this.deps.modems) {
      const mapper = new GsmCallMapper(source.id, line);
      this.offs.push(source.events.on('ring', () => this.push(source.id, mapper.ring(this.now()), mapper)));
      this.offs.push(source.events.on('clip', (e) => this.push(source.id, mapper.clip(this.now(), e.number), mapper)));
      this.offs.push(source.events.on('hangup', () => this.push(source.id, mapper.hangup(this.now()), mapper)));
    }
    this.setState('connected');
  }

  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.setState('stopped');
  }

  private now(): number { return (this.deps.now ?? Date.now)(); }

  private setState(state: PbxStatus['state']): void {
    this.state = { ...this.state, state, since: this.now() };
    this.events.emit('status', this.state);
  }

  private push(modemId: string, events: CallEvent[], mapper: GsmCallMapper): void {
    for (const event of events) this.events.emit('event', event);
    const old = this.timers.get(modemId);
    if (old) clearTimeout(old);
    if (!mapper.active) return;
    const timer = setTimeout(() => this.push(modemId, mapper.hangup(this.now()), mapper), this.deps.ringTimeoutMs ?? 8000);
    timer.unref();
    this.timers.set(modemId, timer);
  }

  private refuse(): Promise<never> {
    return Promise.reject(new ZariError('capability_missing', 'a GSM line is monitor-only'));
  }

  originate(): Promise<{ readonly actionId: string }> { return this.refuse(); }
  redirect(): Promise<void> { return this.refuse(); }
  attendedTransfer(): Promise<void> { return this.refuse(); }
  hangup(): Promise<void> { return this.refuse(); }
  startRecording(): Promise<void> { return this.refuse(); }
  stopRecording(): Promise<void> { return this.refuse(); }
  muteRecording(): Promise<void> { return this.refuse(); }
}
