import { z } from 'zod';
import type { Db } from '../../kernel/index.js';
import { mapSms, type SmsMessageDto } from './map-sms.js';
import { smsStates } from './sms-state.js';

export const smsListQuerySchema = z.object({
  clientId: z.coerce.number().int().positive().optional(),
  state: z.enum(smsStates).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  batchId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SmsListQuery = z.input<typeof smsListQuerySchema>;

/** Who may see what: null = everything; else only messages they created or of clients they are responsible for. */
export interface SmsScope { readonly userId: number; readonly clientIds: readonly number[] }

/** Lists (newest first) and the per-client conversation (oldest first, both directions). */
export class SmsQueryService {
  constructor(private readonly deps: { readonly db: Db }) {}

  async list(query: SmsListQuery, scope: SmsScope | null = null): Promise<{ items: SmsMessageDto[]; total: number; limit: number; offset: number }> {
    const q = smsListQuerySchema.parse(query);
    const where = {
      ...(q.clientId === undefined ? {} : { clientId: q.clientId }),
      ...(q.state === undefined ? {} : { state: q.state }),
      ...(q.direction === undefined ? {} : { direction: q.direction }),
      ...(q.batchId === undefined ? {} : { batchId: q.batchId }),
      ...(scope ? { OR: [{ createdById: scope.userId }, { clientId: { in: [...scope.clientIds] } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.deps.db.smsMessage.findMany({ where, orderBy: { id: 'desc' }, take: q.limit, skip: q.offset }),
      this.deps.db.smsMessage.count({ where }),
    ]);
    return { items: rows.map(mapSms), total, limit: q.limit, offset: q.offset };
  }

  /** Admins, supervisors and secretaries see every SMS; others theirs and their clients'. */
  async scopeOf(actor: { userId: number; role: string }): Promise<SmsScope | null> {
    if (actor.userId === 0 || ['admin', 'supervisor', 'secretary'].includes(actor.role)) return null;
    const clients = await this.deps.db.client.findMany({ where: { responsibleUserId: actor.userId }, select: { id: true } });
    return { userId: actor.userId, clientIds: clients.map((c) => c.id) };
  }

  async conversation(clientId: number, limit = 200): Promise<SmsMessageDto[]> {
    const rows = await this.deps.db.smsMessage.findMany({ where: { clientId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
    return rows.reverse().map(mapSms);
  }
}
