import type { Db, Logger } from '../../kernel/index.js';
import { rollUpOutcome } from '../pdu/status.js';
import type { DeliveryReport } from '../ports/sms-provider.port.js';
import { parseOutcomes, parseRefs, type SmsRow } from './map-sms.js';
import type { SmsState } from './sms-state.js';

export interface SmsReportsDeps {
  readonly db: Db;
  readonly logger: Logger;
  readonly move: (row: Pick<SmsRow, 'id'>, from: SmsState, to: SmsState, data?: Record<string, unknown>) => Promise<boolean>;
}

/**
 * Delivery reports → per-part outcomes → message state. A report is matched on modem + TP-MR among the
 * recent messages of that modem (TP-MR wraps at 256: the newest match wins). Reports are applied one at a
 * time (read-modify-write of the part outcomes).
 */
export class SmsReports {
  private chain: Promise<void> = Promise.resolve();
  /** reports that arrived before their part's reference was saved (the answer and the report can cross) */
  private unmatched: { report: DeliveryReport; at: number }[] = [];

  constructor(private readonly deps: SmsReportsDeps) {}

  push(report: DeliveryReport): void {
    this.enqueue(async () => {
      if (!(await this.apply(report))) this.unmatched.push({ report, at: Date.now() });
    });
  }

  /** A message reached `sent`: reports that were waiting for it apply now, then its outcome is settled. */
  afterSent(id: number): void {
    this.enqueue(async () => {
      const waiting = this.unmatched.filter((u) => Date.now() - u.at < 10 * 60_000);
      this.unmatched = [];
      for (const u of waiting) {
        if (!(await this.apply(u.report))) this.unmatched.push(u);
      }
      if (this.unmatched.length > 0) this.deps.logger.debug({ waiting: this.unmatched.length }, 'delivery reports for unknown messages kept');
      await this.settle(id);
    });
  }

  private enqueue(job: () => Promise<void>): void {
    this.chain = this.chain.then(job).catch((err: unknown) => this.deps.logger.warn({ err }, 'delivery report not applied'));
  }

  idle(): Promise<void> {
    return this.chain;
  }

  private async apply(r: DeliveryReport): Promise<boolean> {
    const rows = await this.deps.db.smsMessage.findMany({
      where: { modemId: r.channelId, direction: 'outbound', state: { in: ['sending', 'sent'] } }, orderBy: { id: 'desc' }, take: 300,
    });
    for (const row of rows) {
      const refs = parseRefs(row.externalRefs);
      const part = refs.map((x) => x.modemId === r.channelId && x.reference === r.reference).lastIndexOf(true);
      if (part < 0) continue;
      const outcomes = parseOutcomes(row.partOutcomes);
      while (outcomes.length < row.partsTotal) outcomes.push(null);
      outcomes[part] = r.outcome;
      const failReason = r.outcome === 'failed' ? `delivery failed: ${r.statusText} (TP-ST ${r.statusCode})` : undefined;
      await this.deps.db.smsMessage.update({
        where: { id: row.id }, data: { partOutcomes: JSON.stringify(outcomes), ...(failReason ? { failReason } : {}) },
      });
      await this.settle(row.id);
      return true;
    }
    return false;
  }

  /** A `sent` message whose parts are all delivered (or any failed) moves on. */
  async settle(id: number): Promise<void> {
    const row = await this.deps.db.smsMessage.findUnique({ where: { id } });
    if (!row || row.state !== 'sent') return;
    const outcomes = parseOutcomes(row.partOutcomes);
    while (outcomes.length < row.partsTotal) outcomes.push(null);
    const outcome = rollUpOutcome(outcomes);
    if (outcome === 'delivered') await this.deps.move(row, 'sent', 'delivered', { deliveredAt: new Date() });
    if (outcome === 'failed') await this.deps.move(row, 'sent', 'failed', {});
  }
}
