import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ZariError, type Db, type Logger } from '../../kernel/index.js';
import type { DoNotCallService } from '../../crm-core/index.js';
import type { SmsQueueService } from './sms-queue.service.js';
import { clientContext, renderTemplate } from './sms-template.js';

export const massSendSchema = z.object({
  segment: z.string().trim().min(1).max(200),
  template: z.string().min(1).max(5000),
  createdById: z.number().int().positive().nullable().optional(),
});
export type MassSendInput = z.input<typeof massSendSchema>;

export interface MassSendResult {
  readonly batchId: string;
  readonly queued: number;
  readonly skippedDoNotCall: number;
  readonly skippedNoPhone: number;
  readonly skippedTemplate: { clientId: number; reason: string }[];
}

export interface SmsMassDeps {
  readonly db: Db;
  readonly queue: Pick<SmsQueueService, 'enqueue'>;
  readonly dnc: Pick<DoNotCallService, 'isBlocked'>;
  readonly logger: Logger;
}

type ClientWithPhones = Awaited<ReturnType<Db['client']['findMany']>>[number] & { phones: { type: string; e164: string | null }[] };

/** A mobile number first, then any number with an E.164 form. */
function pickPhone(c: ClientWithPhones): string | null {
  const withE164 = c.phones.filter((p) => p.e164);
  return (withE164.find((p) => p.type === 'mobile') ?? withE164[0])?.e164 ?? null;
}

/**
 * Mass sending to a client segment: one queued SMS per client, rendered from the template, skipping numbers on
 * the do-not-call list (global list) and clients without a usable number. Idempotent per batch and client.
 */
export class SmsMassService {
  constructor(private readonly deps: SmsMassDeps) {}

  async sendToSegment(input: MassSendInput): Promise<MassSendResult> {
    const v = massSendSchema.parse(input);
    const clients = await this.deps.db.client.findMany({
      where: { segment: v.segment, mergedIntoId: null }, include: { phones: true }, orderBy: { id: 'asc' },
    }) as ClientWithPhones[];
    if (clients.length === 0) throw new ZariError('not_found', `no clients in segment ${v.segment}`);
    const batchId = randomUUID();
    const result = { batchId, queued: 0, skippedDoNotCall: 0, skippedNoPhone: 0, skippedTemplate: [] as { clientId: number; reason: string }[] };
    for (const c of clients) {
      const phone = pickPhone(c);
      if (!phone) { result.skippedNoPhone += 1; continue; }
      if (await this.deps.dnc.isBlocked(phone)) { result.skippedDoNotCall += 1; continue; }
      let text: string;
      try {
        text = renderTemplate(v.template, clientContext(c));
      } catch (err) {
        result.skippedTemplate.push({ clientId: c.id, reason: err instanceof Error ? err.message : String(err) });
        continue;
      }
      await this.deps.queue.enqueue({ to: phone, text, clientId: c.id, batchId, idempotencyKey: `${batchId}:${c.id}`, createdById: v.createdById ?? null });
      result.queued += 1;
    }
    this.deps.logger.info({ batchId, segment: v.segment, queued: result.queued, dnc: result.skippedDoNotCall }, 'sms mass send queued');
    return result;
  }
}
