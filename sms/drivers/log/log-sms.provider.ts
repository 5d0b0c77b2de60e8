import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import type {
  OutboundPart, SendHooks, SmsChannelStatus, SmsProvider, SmsProviderEvents,
} from '../../ports/sms-provider.port.js';

export interface LogSmsProviderDeps {
  readonly logger: Logger;
  /** report every part delivered after this delay (null: no reports) */
  readonly deliverAfterMs?: number | null;
}

/** The demo provider: logs each part, "delivers" it after a delay. Lets zari run with no modem attached. */
export class LogSmsProvider implements SmsProvider {
  readonly name = 'log';
  readonly events = new Emitter<SmsProviderEvents>();
  readonly sent: OutboundPart[] = [];
  private reference = 0;
  private readonly since = new Date().toISOString();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;

  constructor(private readonly deps: LogSmsProviderDeps) {}

  channels(): SmsChannelStatus[] {
    return [{
      id: 'log', provider: this.name, state: this.running ? 'ready' : 'stopped', since: this.since, lastError: null,
      reconnects: 0, signalDbm: null, registration: null, operator: 'log',
    }];
  }

  async start(): Promise<void> { this.running = true; }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  async sendPart(channelId: string, part: OutboundPart, hooks: SendHooks = {}): Promise<{ reference: number }> {
    if (channelId !== 'log' || !this.running) throw new ZariError('modem_unavailable', `no channel ${channelId}`, { inDoubt: false });
    await hooks.beforeBody?.();
    const reference = this.reference;
    this.reference = (this.reference + 1) % 256;
    this.sent.push(part);
    this.deps.logger.info({ to: part.to, chars: part.text.length, reference }, 'sms (log provider)');
    const after = this.deps.deliverAfterMs === undefined ? 1000 : this.deps.deliverAfterMs;
    if (after !== null) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.events.emit('report', { channelId, reference, outcome: 'delivered', statusCode: 0, statusText: 'delivered (log)' });
      }, after);
      t.unref();
      this.timers.add(t);
    }
    return { reference };
  }

  async checkHealth(): Promise<SmsChannelStatus> {
    const [status] = this.channels();
    if (!status) throw new ZariError('internal', 'log channel missing');
    return status;
  }

  async balance(): Promise<string> {
    throw new ZariError('capability_missing', 'the log provider has no balance');
  }
}
