import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import type {
  OutboundPart, SendHooks, SmsChannelStatus, SmsProvider, SmsProviderEvents,
} from '../../ports/sms-provider.port.js';
import { ModemOwner, type ModemOwnerDeps, type ModemStatus } from './modem-owner.js';

export interface GsmModemProviderDeps {
  readonly logger: Logger;
  /** serial device paths (/dev/ttyUSB0, …); the channel id is `gsm<index>` */
  readonly paths: readonly string[];
  /** tuning passed to every modem owner (timeouts, backoff, a fake port opener in tests) */
  readonly modem?: Partial<Omit<ModemOwnerDeps, 'id' | 'path' | 'logger'>>;
}

export function channelStatusOf(s: ModemStatus): SmsChannelStatus {
  return {
    id: s.id, provider: 'gsm-modem', state: s.state, since: new Date(s.since).toISOString(), lastError: s.lastError,
    reconnects: s.reconnects, signalDbm: s.health?.signalDbm ?? null, registration: s.health?.registration ?? null,
    operator: s.health?.operator ?? null,
  };
}

/** SMS through one or more GSM modems (one ModemOwner per serial port). */
export class GsmModemProvider implements SmsProvider {
  readonly name = 'gsm-modem';
  readonly events = new Emitter<SmsProviderEvents>((err) => this.deps.logger.error({ err }, 'sms provider listener failed'));
  readonly modems: ReadonlyMap<string, ModemOwner>;

  constructor(private readonly deps: GsmModemProviderDeps) {
    const modems = new Map<string, ModemOwner>();
    deps.paths.forEach((path, i) => {
      const id = `gsm${i}`;
      const owner = new ModemOwner({ ...deps.modem, id, path, logger: deps.logger.child({ modem: id }) });
      this.forward(owner);
      modems.set(id, owner);
    });
    this.modems = modems;
  }

  channels(): SmsChannelStatus[] {
    return [...this.modems.values()].map((m) => channelStatusOf(m.status()));
  }

  async start(): Promise<void> {
    await Promise.all([...this.modems.values()].map((m) => m.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.modems.values()].map((m) => m.stop()));
  }

  async sendPart(channelId: string, part: OutboundPart, hooks: SendHooks = {}): Promise<{ reference: number }> {
    return { reference: await this.modem(channelId).sendPdu(part.pdu, part.tpduLength, hooks.beforeBody ?? null) };
  }

  async checkHealth(channelId: string): Promise<SmsChannelStatus> {
    const modem = this.modem(channelId);
    await modem.checkHealth();
    return channelStatusOf(modem.status());
  }

  balance(channelId: string, code: string): Promise<string> {
    return this.modem(channelId).ussd(code);
  }

  private modem(channelId: string): ModemOwner {
    const modem = this.modems.get(channelId);
    if (!modem) throw new ZariError('not_found', `modem ${channelId} not found`);
    return modem;
  }

  private forward(owner: ModemOwner): void {
    owner.events.on('status', (s) => this.events.emit('channel', channelStatusOf(s)));
    owner.events.on('message', ({ modemId, message }) => this.events.emit('received', {
      channelId: modemId, from: message.sender.value, text: message.text, receivedAt: new Date(),
      complete: message.complete, parts: message.parts.length,
    }));
    owner.events.on('report', ({ modemId, report }) => this.events.emit('report', {
      channelId: modemId, reference: report.reference, outcome: report.status.outcome, statusCode: report.status.code,
      statusText: report.status.description,
    }));
  }
}
