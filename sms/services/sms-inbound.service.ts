import { Emitter, type Db, type Logger } from '../../kernel/index.js';
import { systemActor, type CallerIdentificationService, type InteractionService } from '../../crm-core/index.js';
import type { InboundSms, SmsProvider } from '../ports/sms-provider.port.js';
import { mapSms, type SmsMessageDto } from './map-sms.js';

export interface SmsInboundDeps {
  readonly db: Db;
  readonly provider: Pick<SmsProvider, 'events'>;
  readonly identification: Pick<CallerIdentificationService, 'identify'>;
  readonly interactions: Pick<InteractionService, 'create'>;
  readonly logger: Logger;
}

/** What the responsible manager is told (the realtime gateway or a notifier delivers it). */
export interface InboundNotice {
  readonly message: SmsMessageDto;
  readonly clientId: number | null;
  readonly clientName: string | null;
  /** the client's responsible manager; null: unknown sender or nobody responsible */
  readonly notifyUserId: number | null;
}

export interface SmsInboundEvents extends Record<string, unknown> {
  inbound: InboundNotice;
}

/**
 * Inbound SMS: stored (state `received`), linked to the client by number (the same identification as a
 * screen pop: exact E.164, then suffix; an ambiguous number links nobody), put on the client's timeline as an
 * interaction of kind `sms`, and announced for the responsible manager.
 */
export class SmsInboundService {
  readonly events = new Emitter<SmsInboundEvents>((err) => this.deps.logger.error({ err }, 'inbound sms listener failed'));
  private off: (() => void) | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SmsInboundDeps) {}

  start(): void {
    this.off ??= this.deps.provider.events.on('received', (m) => {
      this.chain = this.chain.then(() => this.store(m)).catch((err: unknown) => this.deps.logger.error({ err, from: m.from }, 'inbound sms not stored'));
    });
  }

  async stop(): Promise<void> {
    this.off?.();
    this.off = null;
    await this.chain;
  }

  async store(m: InboundSms): Promise<InboundNotice> {
    const id = await this.deps.identification.identify(m.from).catch(() => null);
    const card = id?.card ?? null;
    const clientId = card?.client.id ?? null;
    const row = await this.deps.db.smsMessage.create({
      data: {
        direction: 'inbound', state: 'received', phone: id?.number.e164 ?? m.from, rawPhone: m.from, clientId, text: m.text,
        partsTotal: m.parts, partsSent: m.parts, modemId: m.channelId, createdAt: m.receivedAt,
        ...(m.complete ? {} : { failReason: 'some parts never arrived' }),
      },
    });
    const interaction = await this.deps.interactions.create(systemActor, {
      kind: 'sms', direction: 'inbound', clientId, userId: card?.responsible?.id ?? null, phone: m.from, outcome: 'received',
      startedAt: m.receivedAt, body: m.text, meta: { smsId: row.id, modemId: m.channelId, complete: m.complete },
    });
    const saved = await this.deps.db.smsMessage.update({ where: { id: row.id }, data: { interactionId: interaction.id } });
    const notice: InboundNotice = { message: mapSms(saved), clientId, clientName: card?.client.name ?? null, notifyUserId: card?.responsible?.id ?? null };
    this.events.emit('inbound', notice);
    return notice;
  }
}
