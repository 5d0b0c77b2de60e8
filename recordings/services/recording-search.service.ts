import { z } from 'zod';
import type { Db, Prisma } from '../../kernel/index.js';
import type { Actor } from '../../crm-core/index.js';
import type { RecordingView } from '../domain/recording.js';
import { toView } from './map-recording.js';
import { isRecordingAdmin } from './recording-access.service.js';

/**
 * Search over recordings: date range (the recording's time), user, client, phone, outcome, duration and
 * client tag, newest first. Users who may not see every recording get only the calls they took (the
 * extension that answered, the user the call is logged to) and, with 'recordings:clients', the calls of
 * their clients (ADR 0011) — the same rules as playing, applied in the query.
 */
const isoDate = z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), 'expected a date');
export const recordingSearchSchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  userId: z.coerce.number().int().positive().max(2147483647).optional(),
  clientId: z.coerce.number().int().positive().max(2147483647).optional(),
  phone: z.string().trim().regex(/^\+?[\d\s().-]{2,32}$/, 'a phone number or part of one').optional(),
  outcome: z.enum(['answered', 'missed', 'abandoned', 'busy', 'no_answer', 'failed']).optional(),
  minDurationSec: z.coerce.number().int().min(0).max(86_400).optional(),
  maxDurationSec: z.coerce.number().int().min(0).max(86_400).optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type RecordingSearch = z.infer<typeof recordingSearchSchema>;

export interface RecordingCallSummary {
  readonly interactionId: number;
  readonly direction: string | null;
  readonly phone: string | null;
  readonly outcome: string | null;
  readonly userId: number | null;
  readonly clientId: number | null;
  readonly answeredBy: string | null;
  readonly startedAt: Date;
}

export type RecordingListItem = Omit<RecordingView, 'peaks'> & { readonly call: RecordingCallSummary | null; readonly lastScore: number | null };

/** Interactions cap of one search (a small office's filter result; narrower filters for more). */
const maxCalls = 5000;

function accessWhere(actor: Actor): Prisma.InteractionWhereInput | null {
  if (isRecordingAdmin(actor)) return null;
  const or: Prisma.InteractionWhereInput[] = [{ userId: actor.userId }];
  if (actor.extensions.length) or.push({ answeredBy: { in: [...actor.extensions] } });
  if (actor.role === 'manager' && actor.grants.includes('recordings:clients')) {
    or.push(actor.grants.includes('clients:all') ? { clientId: { not: null } } : { client: { responsibleUserId: actor.userId } });
  }
  return { OR: or };
}

function callWhere(actor: Actor, q: RecordingSearch): Prisma.InteractionWhereInput | null {
  const access = accessWhere(actor);
  const digits = q.phone?.replace(/\D/g, '');
  const filters: Prisma.InteractionWhereInput[] = [
    ...(q.userId !== undefined ? [{ userId: q.userId }] : []),
    ...(q.clientId !== undefined ? [{ clientId: q.clientId }] : []),
    ...(q.outcome !== undefined ? [{ outcome: q.outcome }] : []),
    ...(digits ? [{ phone: { contains: digits } }] : []),
    ...(q.tag !== undefined ? [{ client: { tags: { some: { tag: q.tag } } } }] : []),
    ...(access ? [access] : []),
  ];
  return filters.length ? { kind: 'call', AND: filters } : null;
}

export class RecordingSearchService {
  constructor(private readonly deps: { readonly db: Db }) {}

  async search(actor: Actor, query: RecordingSearch): Promise<{ items: RecordingListItem[]; total: number; limit: number; offset: number }> {
    const q = recordingSearchSchema.parse(query);
    const db = this.deps.db;
    const where: Prisma.RecordingWhereInput = {
      state: 'committed',
      ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
      ...(q.minDurationSec !== undefined || q.maxDurationSec !== undefined ? {
        durationMs: { ...(q.minDurationSec !== undefined ? { gte: q.minDurationSec * 1000 } : {}), ...(q.maxDurationSec !== undefined ? { lte: q.maxDurationSec * 1000 } : {}) },
      } : {}),
    };
    const calls = callWhere(actor, q);
    if (calls) {
      const found = await db.interaction.findMany({ where: calls, select: { id: true, callKey: true }, orderBy: { id: 'desc' }, take: maxCalls });
      const keys = found.map((c) => c.callKey).filter((k): k is string => k !== null);
      where.OR = [{ interactionId: { in: found.map((c) => c.id) } }, { callKey: { in: keys } }];
    }
    const [rows, total] = await Promise.all([
      db.recording.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: q.offset, take: q.limit, include: { scores: { orderBy: { id: 'desc' }, take: 1 } } }),
      db.recording.count({ where }),
    ]);
    const summaries = await this.summaries(rows);
    const items = rows.map((r) => {
      const { peaks: _peaks, ...view } = toView(r);
      const call = summaries.get(r.interactionId ?? -1) ?? summaries.get(r.callKey ?? '') ?? null;
      return { ...view, call, lastScore: r.scores[0]?.score ?? null };
    });
    return { items, total, limit: q.limit, offset: q.offset };
  }

  private async summaries(rows: readonly { interactionId: number | null; callKey: string | null }[]): Promise<Map<number | string, RecordingCallSummary>> {
    const ids = rows.map((r) => r.interactionId).filter((i): i is number => i !== null);
    const keys = rows.map((r) => r.callKey).filter((k): k is string => k !== null);
    const found = ids.length || keys.length
      ? await this.deps.db.interaction.findMany({ where: { OR: [{ id: { in: ids } }, { callKey: { in: keys } }] } })
      : [];
    const out = new Map<number | string, RecordingCallSummary>();
    for (const i of found) {
      const s: RecordingCallSummary = {
        interactionId: i.id, direction: i.direction, phone: i.phone, outcome: i.outcome, userId: i.userId,
        clientId: i.clientId, answeredBy: i.answeredBy, startedAt: i.startedAt,
      };
      out.set(i.id, s);
      if (i.callKey) out.set(i.callKey, s);
    }
    return out;
  }
}
