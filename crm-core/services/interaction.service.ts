import { notFound, type Prisma } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import { iso, type Page } from '../domain/common.schema.js';
import {
  interactionCreateSchema, noteCreateSchema, timelineQuerySchema,
  type InteractionCreateInput, type InteractionDto, type NoteCreateInput, type TimelineQuery,
} from '../domain/interaction.schema.js';
import { mustRedact } from './access-policy.js';
import { assertCan, guardClient } from './client-access.js';
import type { CrmDeps } from './deps.js';
import { defined, parseJsonObject, validate } from './json.js';

type InteractionRow = Prisma.InteractionGetPayload<object>;

export function mapInteraction(i: InteractionRow, redact = false): InteractionDto {
  return {
    id: i.id, kind: i.kind, direction: i.direction, clientId: i.clientId, contactId: i.contactId, userId: i.userId,
    startedAt: i.startedAt.toISOString(), answeredAt: iso(i.answeredAt), endedAt: iso(i.endedAt),
    ringSeconds: i.ringSeconds, talkSeconds: i.talkSeconds, outcome: i.outcome,
    phone: redact ? null : i.phone, rawPhone: redact ? null : i.rawPhone,
    callKey: i.callKey, answeredBy: i.answeredBy, recordingId: i.recordingId, subject: i.subject, body: i.body,
    meta: parseJsonObject(i.meta), createdById: i.createdById, createdAt: i.createdAt.toISOString(),
  };
}

/** Calls, SMS, faxes, e-mails and notes: the client timeline. A call is stored once per callKey. */
export class InteractionService {
  constructor(private readonly deps: CrmDeps) {}

  async create(actor: Actor, input: InteractionCreateInput): Promise<InteractionDto> {
    const v = validate(interactionCreateSchema, input);
    if (v.clientId != null) await guardClient(this.deps.db, actor, 'interactions:create', v.clientId);
    else assertCan(actor, 'interactions:create');
    if (v.callKey) {
      const existing = await this.deps.db.interaction.findUnique({ where: { callKey: v.callKey } });
      if (existing) return mapInteraction(existing);
    }
    const normalized = v.phone ? this.deps.phones.normalize(v.phone) : null;
    const { meta, phone: _p, ...rest } = v;
    const data = {
      ...defined(rest),
      kind: v.kind,
      phone: normalized ? (normalized.e164 ?? v.phone ?? null) : null,
      rawPhone: v.phone ?? null,
      meta: JSON.stringify(meta),
      startedAt: v.startedAt ?? this.deps.clock?.() ?? new Date(),
      createdById: actor.userId || null,
    };
    return this.deps.db.$transaction(async (tx) => {
      const i = await tx.interaction.create({ data });
      if (v.kind === 'note') await this.deps.audit.record(actor, 'interaction.create', 'interaction', i.id, { kind: v.kind, clientId: i.clientId }, tx);
      return mapInteraction(i);
    });
  }

  /** A note on a client's timeline, written by the actor. */
  addNote(actor: Actor, input: NoteCreateInput): Promise<InteractionDto> {
    const v = validate(noteCreateSchema, input);
    return this.create(actor, { kind: 'note', userId: actor.userId || null, ...defined(v) });
  }

  async get(actor: Actor, id: number): Promise<InteractionDto> {
    const i = await this.deps.db.interaction.findUnique({ where: { id } });
    if (!i) throw notFound('interaction', id);
    if (i.clientId === null) {
      assertCan(actor, 'interactions:read');
      return mapInteraction(i);
    }
    const scope = await guardClient(this.deps.db, actor, 'interactions:read', i.clientId);
    return mapInteraction(i, mustRedact(actor, scope));
  }

  /** A client's timeline, newest first. */
  async timeline(actor: Actor, clientId: number, query: TimelineQuery = {}): Promise<Page<InteractionDto>> {
    const scope = await guardClient(this.deps.db, actor, 'interactions:read', clientId);
    const q = validate(timelineQuerySchema, query);
    const where: Prisma.InteractionWhereInput = { clientId, ...(q.kind ? { kind: q.kind } : {}) };
    const [rows, total] = await Promise.all([
      this.deps.db.interaction.findMany({ where, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], skip: q.offset, take: q.limit }),
      this.deps.db.interaction.count({ where }),
    ]);
    const redact = mustRedact(actor, scope);
    return { items: rows.map((r) => mapInteraction(r, redact)), total, limit: q.limit, offset: q.offset };
  }
}
