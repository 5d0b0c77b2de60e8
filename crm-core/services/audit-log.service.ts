import type { Db } from '../../kernel/index.js';
import { forbidden } from '../../kernel/index.js';
import { isSystem, type Actor } from '../domain/actor.js';
import { auditListQuerySchema, type AuditEntryDto, type AuditListQuery } from '../domain/audit.schema.js';
import type { Page } from '../domain/common.schema.js';
import { can } from './access-policy.js';
import type { Tx } from './deps.js';
import { parseJsonObject } from './json.js';

export interface AuditLogDeps {
  readonly db: Db;
  readonly clock?: () => Date;
}

/** Append-only audit trail: who did what to which entity. The system actor is recorded as null. */
export class AuditLogService {
  constructor(private readonly deps: AuditLogDeps) {}

  /** Records one entry; pass `tx` to make it part of the caller's transaction. */
  async record(actor: Actor, action: string, entity: string, entityId: string | number | null, details: Record<string, unknown> = {}, tx?: Tx, ip?: string): Promise<void> {
    const client = tx ?? this.deps.db;
    await client.auditLog.create({
      data: {
        at: this.deps.clock?.() ?? new Date(),
        actorId: isSystem(actor) ? null : actor.userId,
        action,
        entity,
        entityId: entityId === null ? null : String(entityId),
        details: JSON.stringify(details),
        ip: ip ?? null,
      },
    });
  }

  async list(actor: Actor, query: AuditListQuery = {}): Promise<Page<AuditEntryDto>> {
    if (!can(actor, 'audit:read')) throw forbidden('audit log is for admins and supervisors');
    const q = auditListQuerySchema.parse(query);
    const where = {
      ...(q.entity !== undefined ? { entity: q.entity } : {}),
      ...(q.entityId !== undefined ? { entityId: q.entityId } : {}),
      ...(q.actorId !== undefined ? { actorId: q.actorId } : {}),
      ...(q.action !== undefined ? { action: q.action } : {}),
    };
    const [rows, total] = await Promise.all([
      this.deps.db.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: q.offset, take: q.limit }),
      this.deps.db.auditLog.count({ where }),
    ]);
    const items = rows.map((r) => ({
      id: r.id, at: r.at.toISOString(), actorId: r.actorId, action: r.action, entity: r.entity,
      entityId: r.entityId, details: parseJsonObject(r.details), ip: r.ip,
    }));
    return { items, total, limit: q.limit, offset: q.offset };
  }
}
