import { ZariError, type Logger } from '../../kernel/index.js';
import type { Actor, PhoneNormalizer } from '../../crm-core/index.js';
import type { TrackedCall } from '../domain/tracked-call.js';
import type { Capability, PbxDriver } from '../ports/pbx-driver.port.js';

/**
 * Call control from the UI: click-to-dial, blind and attended transfer, hangup, recording. Each command
 * checks the driver's capability (a monitor-only PBX refuses with `capability_missing`) and who may act:
 * a user controls the calls their own extension is in; secretaries, supervisors and admins any live call.
 */
export interface CallControlDeps {
  readonly driver: PbxDriver;
  readonly calls: { get(callId: string): TrackedCall | undefined };
  readonly phones: PhoneNormalizer;
  readonly logger: Logger;
  /** context in which the user's extension dials the customer (click-to-dial) and transfers land */
  readonly outboundContext: string;
  readonly internalContext: string;
  readonly outboundCallerId: string | null;
  readonly dialTimeoutMs?: number;
  /** where on-demand recordings are written on the PBX (file name pattern base) */
  readonly recordingPrefix?: string;
  /** the extension of the responsible manager of the client with this number (null: unknown or none) */
  readonly responsibleExtension?: (externalNumber: string) => Promise<string | null>;
  readonly audit?: (actor: Actor, action: string, callId: string, details: Record<string, unknown>) => Promise<void>;
}

const controlAnyCall: ReadonlySet<Actor['role']> = new Set(['secretary', 'supervisor', 'admin']);

export class CallControlService {
  private recordingGate: ((call: TrackedCall) => string | null) | null = null;

  constructor(private readonly deps: CallControlDeps) {}

  /** The recording policy (composition root): a reason when a call may not be recorded, null when it may. */
  setRecordingGate(gate: (call: TrackedCall) => string | null): void {
    this.recordingGate = gate;
  }

  capabilities(): Capability[] {
    return [...this.deps.driver.capabilities];
  }

  private need(cap: Capability): void {
    if (!this.deps.driver.capabilities.has(cap)) {
      throw new ZariError('capability_missing', `the ${this.deps.driver.name} PBX driver cannot ${cap}`);
    }
  }

  private ownExtension(actor: Actor): string {
    const ext = actor.extensions[0];
    if (!ext) throw new ZariError('validation_failed', 'you have no extension: ask an admin to assign one');
    return ext;
  }

  /** Rings the user's own extension first, then dials the customer in dialable form. */
  async dial(actor: Actor, number: string): Promise<{ actionId: string; extension: string; dialed: string }> {
    this.need('originate');
    const extension = this.ownExtension(actor);
    const normalized = this.deps.phones.normalize(number);
    if (normalized.kind === 'invalid') throw new ZariError('invalid_phone_number', `cannot dial ${JSON.stringify(number)}: ${normalized.reason ?? 'not a phone number'}`);
    const dialed = this.deps.phones.dialable(number);
    const { actionId } = await this.deps.driver.originate({
      extension, number: dialed, callerId: this.deps.outboundCallerId, context: normalized.kind === 'extension' ? this.deps.internalContext : this.deps.outboundContext,
      timeoutMs: this.deps.dialTimeoutMs ?? 30_000, variables: { ZARI_C2D: '1', ZARI_USER: String(actor.userId) },
    });
    await this.deps.audit?.(actor, 'call.dial', actionId, { extension, dialed });
    return { actionId, extension, dialed };
  }

  /** Blind (Redirect the customer) or attended (Atxfer from the user's leg) transfer to an extension. */
  async transfer(actor: Actor, callId: string, target: string, kind: 'blind' | 'attended'): Promise<void> {
    this.need('transfer');
    const call = this.live(callId);
    this.mayControl(actor, call);
    if (!/^\d{2,8}$/.test(target)) throw new ZariError('validation_failed', 'a transfer target is an extension number');
    if (kind === 'blind') {
      if (!call.customerChannel) throw new ZariError('conflict', 'this call has no outside party to transfer');
      await this.deps.driver.redirect(call.customerChannel, target, this.deps.internalContext);
    } else {
      const own = this.userChannel(actor, call);
      await this.deps.driver.attendedTransfer(own, target, this.deps.internalContext);
    }
    await this.deps.audit?.(actor, `call.transfer.${kind}`, callId, { target });
  }

  /** The secretary's one click: send the caller to the client's responsible manager. */
  async transferToResponsible(actor: Actor, callId: string): Promise<{ extension: string }> {
    const call = this.live(callId);
    if (!call.externalNumber || !this.deps.responsibleExtension) throw new ZariError('conflict', 'this call has no identified outside party');
    const extension = await this.deps.responsibleExtension(call.externalNumber);
    if (!extension) throw new ZariError('not_found', 'the caller has no responsible manager with an extension');
    await this.transfer(actor, callId, extension, 'blind');
    return { extension };
  }

  async hangup(actor: Actor, callId: string): Promise<void> {
    this.need('hangup');
    const call = this.live(callId);
    this.mayControl(actor, call);
    const channel = call.customerChannel ?? Object.values(call.extensionChannels)[0];
    if (!channel) throw new ZariError('conflict', 'this call has no live channel');
    await this.deps.driver.hangup(channel);
    await this.deps.audit?.(actor, 'call.hangup', callId, {});
  }

  /** start / stop MixMonitor, or pause / resume it for a sensitive moment (the paused part is recorded as silence) */
  async recording(actor: Actor, callId: string, action: 'start' | 'stop' | 'pause' | 'resume'): Promise<{ file: string | null }> {
    this.need('record');
    const call = this.live(callId);
    this.mayControl(actor, call);
    const channel = call.customerChannel ?? Object.values(call.extensionChannels)[0];
    if (!channel) throw new ZariError('conflict', 'this call has no live channel');
    let file: string | null = null;
    const refused = action === 'start' || action === 'resume' ? this.recordingGate?.(call) ?? null : null;
    if (refused !== null) throw new ZariError('policy_refused', refused);
    if (action === 'start') {
      file = `${this.deps.recordingPrefix ?? 'zari'}-${callId.replace(/[^0-9A-Za-z.-]/g, '')}-${Date.now()}.wav`;
      await this.deps.driver.startRecording(channel, file);
    } else if (action === 'stop') {
      await this.deps.driver.stopRecording(channel);
    } else {
      await this.deps.driver.muteRecording(channel, action === 'pause');
    }
    await this.deps.audit?.(actor, `call.recording.${action}`, callId, { file });
    return { file };
  }

  private live(callId: string): TrackedCall {
    const call = this.deps.calls.get(callId);
    if (!call || call.endedAt !== null) throw new ZariError('no_such_call', `no live call ${callId}`);
    return call;
  }

  private mayControl(actor: Actor, call: TrackedCall): void {
    if (controlAnyCall.has(actor.role)) return;
    const mine = actor.extensions.some((e) => e in call.extensionChannels || call.ringingNow.includes(e));
    if (!mine) throw new ZariError('forbidden', 'you can control only the calls of your own extension');
  }

  private userChannel(actor: Actor, call: TrackedCall): string {
    for (const e of actor.extensions) {
      const ch = call.extensionChannels[e];
      if (ch) return ch;
    }
    const any = call.answeredBy ? call.extensionChannels[call.answeredBy] : undefined;
    if (any && controlAnyCall.has(actor.role)) return any;
    throw new ZariError('conflict', 'an attended transfer starts from your own leg of the call');
  }
}
