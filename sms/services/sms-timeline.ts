import type { Db, Logger } from '../../kernel/index.js';
import { systemActor, type InteractionService } from '../../crm-core/index.js';
import type { SmsMessageDto } from './map-sms.js';

export interface SmsTimelineDeps {
  readonly db: Db;
  readonly interactions: Pick<InteractionService, 'create'>;
  readonly logger: Logger;
}

const shown = new Set(['sent', 'delivered', 'failed']);

/**
 * Outbound SMS on the client's timeline: one interaction of kind `sms` per message, created when it is sent (or
 * fails) and whose outcome follows the message (sent → delivered | failed). State events are applied in order.
 */
export class SmsTimeline {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SmsTimelineDeps) {}

  push(m: SmsMessageDto): void {
    if (m.direction !== 'outbound' || m.clientId === null || !shown.has(m.state)) return;
    this.chain = this.chain.then(() => this.apply(m)).catch((err: unknown) => this.deps.logger.warn({ err, sms: m.id }, 'sms timeline not updated'));
  }

  idle(): Promise<void> {
    return this.chain;
  }

  private async apply(m: SmsMessageDto): Promise<void> {
    const row = await this.deps.db.smsMessage.findUnique({ where: { id: m.id }, select: { interactionId: true, createdById: true, state: true } });
    if (!row) return;
    const outcome = row.state === 'sent' || row.state === 'delivered' || row.state === 'failed' ? row.state : null;
    if (!outcome) return;
    if (row.interactionId !== null) {
      await this.deps.db.interaction.update({ where: { id: row.interactionId }, data: { outcome } });
      return;
    }
    const i = await this.deps.interactions.create(systemActor, {
      kind: 'sms', direction: 'outbound', clientId: m.clientId, userId: row.createdById, phone: m.phone, outcome, body: m.text,
      meta: { smsId: m.id, modemId: m.modemId, parts: m.partsTotal, ...(m.failReason ? { failReason: m.failReason } : {}) },
    });
    await this.deps.db.smsMessage.update({ where: { id: m.id }, data: { interactionId: i.id } });
  }
}
