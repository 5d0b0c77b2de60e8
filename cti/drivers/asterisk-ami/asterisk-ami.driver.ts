import { z } from 'zod';
import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import type { PbxEvent } from '../../domain/call-event.js';
import {
  capabilities as allCapabilities, type Capability, type OriginateRequest, type PbxConnectionState, type PbxDriver,
  type PbxDriverEvents, type PbxStatus,
} from '../../ports/pbx-driver.port.js';
import type { AmiActionFields } from './ami-action.js';
import { AmiConnection, type AmiConnectionOptions } from './ami-connection.js';
import type { AmiFrame } from './ami-frame.js';
import { mapAmiFrame, mappedAmiEvents } from './map-ami-event.js';
import { createAmiEventFilter } from './ami-event-filter.js';

/**
 * PbxDriver over the Asterisk Manager Interface.
 *
 * Every event frame goes through the pure mapper `mapAmiFrame`; the results are emitted on
 * `events` ('event') in wire order. After every login: `resync.begin`, the items of
 * `CoreShowChannels` (→ leg.created resync:true), `DeviceStateList`, `ExtensionStateList`, then
 * `resync.complete` with the Linkedids of the live channels. When CoreShowChannels fails, no
 * `resync.complete` is emitted (that would end every live call); a timeout drops the connection so the
 * next session retries, a refusal (missing `reporting` permission) is logged as an error.
 */
/** The connection's own options (url `ami://user:secret@host:port`, keep-alive, timeouts, backoff), plus a clock. */
export interface AsteriskAmiDriverDeps extends Omit<AmiConnectionOptions, 'skip'> {
  readonly now?: () => number;
}

const channelSchema = z.string().min(1).max(256);
const originateSchema = z.object({
  extension: z.string().regex(/^[\w.+*#-]{1,64}$/),
  number: z.string().regex(/^[\w.+*#-]{1,64}$/),
  callerId: z.string().max(128).nullable(),
  context: z.string().min(1).max(80),
  timeoutMs: z.number().int().positive().max(600_000),
  variables: z.record(z.string().regex(/^[\w()-]{1,80}$/), z.string().max(1024)).optional(),
});

/** AMI `Response: Error` messages that mean the channel is gone. */
export function mapAmiError(error: unknown): unknown {
  if (error instanceof ZariError && error.code === 'pbx_rejected' && /no such channel|does not exist/i.test(error.message)) {
    return new ZariError('no_such_call', error.message, error.details);
  }
  return error;
}

export class AsteriskAmiDriver implements PbxDriver {
  readonly name = 'asterisk-ami';
  readonly capabilities: ReadonlySet<Capability> = new Set(allCapabilities);
  readonly events: Emitter<PbxDriverEvents>;
  /** the AMI session (exposed for diagnostics and tests) */
  readonly connection: AmiConnection;
  private readonly log: Logger;
  private readonly now: () => number;
  private since: number;
  private started = false;

  constructor({ now, ...connection }: AsteriskAmiDriverDeps) {
    this.log = connection.logger.child({ driver: 'asterisk-ami' });
    this.now = now ?? Date.now;
    this.since = this.now();
    this.events = new Emitter<PbxDriverEvents>((error, event) => this.log.error({ err: error, event }, 'pbx listener failed'));
    this.connection = new AmiConnection({
      ...connection,
      logger: this.log,
      // events the mapper ignores (half of AMI is VarSet) are dropped before they are decoded
      skip: createAmiEventFilter(mappedAmiEvents),
    });
    this.connection.events.on('frame', (frame) => this.emitMapped(frame));
    this.connection.events.on('state', () => {
      this.since = this.now();
      this.events.emit('status', this.status());
    });
    this.connection.events.on('ready', ({ session }) => {
      this.resync(session).catch((error: unknown) => this.log.error({ err: error }, 'ami resync crashed'));
    });
  }

  status(): PbxStatus {
    // AmiConnectionState is the port's PbxConnectionState, value for value
    const state: PbxConnectionState = this.started ? this.connection.state : 'stopped';
    return {
      driver: this.name,
      state,
      since: this.since,
      lastError: this.connection.lastError,
      reconnects: Math.max(0, this.connection.sessions - 1),
    };
  }

  async start(): Promise<void> {
    this.started = true;
    this.connection.start();
  }

  async stop(): Promise<void> {
    await this.connection.stop();
    this.started = false;
  }

  async originate(req: OriginateRequest): Promise<{ readonly actionId: string }> {
    const r = parseInput(originateSchema, req);
    const fields: Record<string, string | string[]> = {
      Channel: `PJSIP/${r.extension}`, Context: r.context, Exten: r.number, Priority: '1',
      Timeout: String(r.timeoutMs), Async: 'true',
    };
    if (r.callerId !== null) fields['CallerID'] = r.callerId;
    const vars = Object.entries(r.variables ?? {}).map(([k, v]) => `${k}=${v}`);
    if (vars.length > 0) fields['Variable'] = vars;
    const response = await this.command('Originate', fields);
    return { actionId: response.fields['ActionID'] ?? '' };
  }

  async redirect(legChannel: string, extension: string, context: string): Promise<void> {
    await this.command('Redirect', { Channel: channel(legChannel), Context: channel(context), Exten: channel(extension), Priority: '1' });
  }

  async attendedTransfer(userLegChannel: string, extension: string, context: string): Promise<void> {
    await this.command('Atxfer', { Channel: channel(userLegChannel), Exten: channel(extension), Context: channel(context) });
  }

  async hangup(legChannel: string): Promise<void> {
    await this.command('Hangup', { Channel: channel(legChannel) });
  }

  async startRecording(legChannel: string, file: string): Promise<void> {
    await this.command('MixMonitor', { Channel: channel(legChannel), File: channel(file) });
  }

  async stopRecording(legChannel: string): Promise<void> {
    await this.command('StopMixMonitor', { Channel: channel(legChannel) });
  }

  async muteRecording(legChannel: string, muted: boolean): Promise<void> {
    await this.command('MixMonitorMute', { Channel: channel(legChannel), Direction: 'both', State: muted ? '1' : '0' });
  }

  private async command(action: string, fields: AmiActionFields): Promise<AmiFrame> {
    try {
      const response = await this.connection.action(action, fields);
      this.log.info({ action, actionId: response.fields['ActionID'] ?? null }, 'ami command accepted');
      return response;
    } catch (error) {
      const mapped = mapAmiError(error);
      this.log.warn({ action, code: mapped instanceof ZariError ? mapped.code : 'internal' }, 'ami command failed');
      throw mapped;
    }
  }

  private emitMapped(frame: AmiFrame): void {
    for (const event of mapAmiFrame(frame, this.now())) this.events.emit('event', event);
  }

  private emit(event: PbxEvent): void {
    this.events.emit('event', event);
  }

  private async resync(session: number): Promise<void> {
    this.emit({ type: 'resync.begin', at: this.now() });
    const live = new Set<string>();
    try {
      await this.connection.list('CoreShowChannels', {}, {
        onItem: (item) => {
          const linkedid = item.fields['Linkedid'];
          if (item.fields['Event'] === 'CoreShowChannel' && linkedid !== undefined && linkedid !== '') live.add(linkedid);
          this.emitMapped(item);
        },
      });
    } catch (error) {
      this.onResyncFailed(session, error);
      return;
    }
    for (const action of ['DeviceStateList', 'ExtensionStateList']) {
      try {
        await this.connection.list(action, {}, { onItem: (item) => this.emitMapped(item) });
      } catch (error) {
        if (this.connection.sessions !== session) return;
        this.log.warn({ action, reason: error instanceof Error ? error.message : String(error) }, 'ami state list failed');
      }
    }
    if (this.connection.sessions !== session) return;
    this.emit({ type: 'resync.complete', at: this.now(), liveCallIds: [...live] });
    this.log.info({ liveCalls: live.size, session }, 'ami resync complete');
  }

  private onResyncFailed(session: number, error: unknown): void {
    if (this.connection.sessions !== session || this.connection.state !== 'connected') return;
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof ZariError && error.code === 'pbx_rejected') {
      this.log.error({ reason }, 'ami resync refused (CoreShowChannels needs the reporting permission)');
      return;
    }
    this.log.warn({ reason }, 'ami resync failed, reconnecting');
    this.connection.drop('resync failed');
  }
}

function channel(value: string): string {
  return parseInput(channelSchema, value);
}

function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ZariError('validation_failed', 'invalid PBX command input', { issues: result.error.issues });
  return result.data;
}
