import type { Prisma } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import type { Page } from '../domain/common.schema.js';
import { callListQuerySchema, type CallListQuery, type CallRecordInput } from '../domain/call-record.schema.js';
import { scopeOf } from './access-policy.js';
import type { CrmDeps, Tx } from './deps.js';
import { mapInteraction } from './interaction.service.js';
import type { InteractionDto } from '../domain/interaction.schema.js';
import { validate } from './json.js';
import { SqliteCallRecordWriter } from './sqlite-call-record.writer.js';

/**
 * Persistence of finished PBX calls and of their callback tasks. The decisions (what is missed, who calls
 * back, when a callback is done) are the CTI call log's; this service stores them atomically:
 * - a call is stored once per `callKey` (unique index), even when the same call ends twice (reconnect,
 *   restart, duplicate events): the second write returns `created: false` and changes nothing;
 * - the callback of a missed call is created or joined in the same transaction as the call itself.
 */
export interface CallbackPlan {
  readonly title: string;
  readonly phone: string;
  readonly clientId: number | null;
  readonly assigneeId: number | null;
  readonly groupName: string | null;
  readonly dueAt: Date;
}

export interface RecordCallResult {
  readonly interactionId: number;
  readonly created: boolean;
  readonly callbackTaskId: number | null;
  readonly closedCallbacks: number;
}

export interface CallListItem extends InteractionDto {
  readonly rangExtensions: string[];
  readonly callbackTaskId: number | null;
  readonly callbackStatus: string | null;
}

/** Prisma's unique-constraint error (P2002), whichever generated client threw it. */
const isUniqueViolation = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';

export class CallRecordService {
  private readonly sqlite: SqliteCallRecordWriter | null;

  /** `sqliteFile`: the SQLite database file, for the prepared-statement write path (null on PostgreSQL). */
  constructor(private readonly deps: CrmDeps, sqliteFile: string | null = null) {
    this.sqlite = sqliteFile ? new SqliteCallRecordWriter(sqliteFile) : null;
  }

  /** Closes the SQLite writer connection (if any). */
  close(): void {
    this.sqlite?.close();
  }

  /**
   * Stores a finished call; then, in the same transaction, either opens/joins the callback of a missed call
   * (`callback`) or closes the open callbacks of the same client/number (`closeCallbacks`).
   */
  async recordCall(input: CallRecordInput, callback: CallbackPlan | null, closeCallbacks: { clientId: number | null; phone: string | null } | null): Promise<RecordCallResult> {
    if (this.sqlite) return this.sqlite.record(input, callback, closeCallbacks, this.deps.clock?.() ?? new Date());
    try {
      return await this.deps.db.$transaction(async (tx) => {
        const existing = await tx.interaction.findUnique({ where: { callKey: input.callKey }, select: { id: true } });
        if (existing) return { interactionId: existing.id, created: false, callbackTaskId: null, closedCallbacks: 0 };
        const row = await tx.interaction.create({ data: toRow(input) });
        const callbackTaskId = callback ? await this.openOrJoinCallback(tx, callback, input.callKey) : null;
        const closed = closeCallbacks ? await this.closeCallbacks(tx, closeCallbacks, input.callKey) : 0;
        return { interactionId: row.id, created: true, callbackTaskId, closedCallbacks: closed };
      });
    } catch (error) {
      // two nodes (or a replay racing a live event) wrote the same call at once: the first one won
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.deps.db.interaction.findUniqueOrThrow({ where: { callKey: input.callKey }, select: { id: true } });
      return { interactionId: existing.id, created: false, callbackTaskId: null, closedCallbacks: 0 };
    }
  }

  private async openOrJoinCallback(tx: Tx, plan: CallbackPlan, callKey: string): Promise<number> {
    const open = await tx.task.findFirst({
      where: { kind: 'callback', status: { in: ['open', 'in_progress'] }, OR: [{ phone: plan.phone }, ...(plan.clientId ? [{ clientId: plan.clientId }] : [])] },
      orderBy: { id: 'asc' },
    });
    if (open) {
      await tx.task.update({ where: { id: open.id }, data: { missedCount: { increment: 1 }, callKey } });
      return open.id;
    }
    const groupId = plan.assigneeId === null && plan.groupName ? await this.groupId(tx, plan.groupName) : null;
    const task = await tx.task.create({
      data: {
        kind: 'callback', title: plan.title, phone: plan.phone, clientId: plan.clientId, assigneeId: plan.assigneeId,
        groupId, dueAt: plan.dueAt, priority: 'high', status: 'open', callKey, missedCount: 1,
      },
    });
    return task.id;
  }

  private async closeCallbacks(tx: Tx, who: { clientId: number | null; phone: string | null }, callKey: string): Promise<number> {
    const or: Prisma.TaskWhereInput[] = [];
    if (who.clientId) or.push({ clientId: who.clientId });
    if (who.phone) or.push({ phone: who.phone });
    if (or.length === 0) return 0;
    const now = this.deps.clock?.() ?? new Date();
    const result = await tx.task.updateMany({
      where: { kind: 'callback', status: { in: ['open', 'in_progress'] }, OR: or },
      data: { status: 'done', completedAt: now, description: `closed by answered call ${callKey}` },
    });
    return result.count;
  }

  private async groupId(tx: Tx, name: string): Promise<number> {
    const g = await tx.group.upsert({ where: { name }, create: { name }, update: {} });
    return g.id;
  }

  /** Finished calls, newest first; `missed: true` lists only missed calls with their callback state. */
  async list(actor: Actor, query: CallListQuery): Promise<Page<CallListItem>> {
    const q = validate(callListQuerySchema, query);
    const where: Prisma.InteractionWhereInput = { kind: 'call', ...this.scope(actor) };
    if (q.missed) where.outcome = { in: ['missed', 'no_answer', 'busy', 'abandoned'] };
    if (q.missed) where.direction = 'inbound';
    if (q.outcome) where.outcome = q.outcome;
    if (q.direction) where.direction = q.direction;
    if (q.clientId) where.clientId = q.clientId;
    if (q.from || q.to) where.startedAt = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) };
    if (q.phone) {
      const n = this.deps.phones.normalize(q.phone);
      where.phone = n.e164 ?? q.phone;
    }
    const [rows, total] = await Promise.all([
      this.deps.db.interaction.findMany({ where, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], skip: q.offset, take: q.limit }),
      this.deps.db.interaction.count({ where }),
    ]);
    const keys = rows.map((r) => r.callKey).filter((k): k is string => k !== null);
    const tasks = q.missed && keys.length > 0
      ? await this.deps.db.task.findMany({ where: { kind: 'callback', callKey: { in: keys } }, select: { id: true, callKey: true, status: true } })
      : [];
    const byKey = new Map(tasks.map((t) => [t.callKey, t]));
    const items = rows.map((r): CallListItem => {
      const t = r.callKey ? byKey.get(r.callKey) : undefined;
      return { ...mapInteraction(r), rangExtensions: parseList(r.rangExtensions), callbackTaskId: t?.id ?? null, callbackStatus: t?.status ?? null };
    });
    return { items, total, limit: q.limit, offset: q.offset };
  }

  /** Managers without 'clients:all' see calls of their own clients and the calls they took part in. */
  private scope(actor: Actor): Prisma.InteractionWhereInput {
    if (scopeOf(actor, 'interactions:read') !== 'own') return {};
    return { OR: [{ client: { responsibleUserId: actor.userId } }, { userId: actor.userId }] };
  }
}

function parseList(text: string | null): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function toRow(input: CallRecordInput): Prisma.InteractionUncheckedCreateInput {
  return {
    kind: 'call', direction: input.direction, clientId: input.clientId, contactId: input.contactId, userId: input.userId,
    startedAt: input.startedAt, answeredAt: input.answeredAt, endedAt: input.endedAt,
    ringSeconds: input.ringSeconds, talkSeconds: input.talkSeconds, outcome: input.outcome,
    phone: input.phone, rawPhone: input.rawPhone, callKey: input.callKey, answeredBy: input.answeredBy,
    rangExtensions: JSON.stringify(input.rangExtensions), recordingId: input.recordingId, subject: input.subject,
    meta: JSON.stringify(input.meta),
  };
}

