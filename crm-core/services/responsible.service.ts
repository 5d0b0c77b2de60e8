import type { Actor } from '../domain/actor.js';
import { iso } from '../domain/common.schema.js';
import { assertActiveUser, guardClient } from './client-access.js';
import type { CrmDeps } from './deps.js';

export interface ResponsiblePeriodDto { id: number; userId: number | null; fromAt: string; toAt: string | null; changedById: number | null }

/** The responsible manager of a client, with the full history of who was responsible when. */
export class ResponsibleService {
  constructor(private readonly deps: CrmDeps) {}

  async set(actor: Actor, clientId: number, userId: number | null): Promise<void> {
    const scope = await guardClient(this.deps.db, actor, 'clients:assign', clientId);
    if (scope.responsibleUserId === userId) return;
    await assertActiveUser(this.deps.db, userId, 'userId');
    const now = this.deps.clock?.() ?? new Date();
    await this.deps.db.$transaction(async (tx) => {
      await tx.responsibleHistory.updateMany({ where: { clientId, toAt: null }, data: { toAt: now } });
      await tx.client.update({ where: { id: clientId }, data: { responsibleUserId: userId } });
      await tx.responsibleHistory.create({ data: { clientId, userId, fromAt: now, changedById: actor.userId || null } });
      await this.deps.audit.record(actor, 'client.responsible', 'client', clientId, { from: scope.responsibleUserId, to: userId }, tx);
    });
  }

  async history(actor: Actor, clientId: number): Promise<ResponsiblePeriodDto[]> {
    await guardClient(this.deps.db, actor, 'clients:read', clientId);
    const rows = await this.deps.db.responsibleHistory.findMany({ where: { clientId }, orderBy: [{ fromAt: 'asc' }, { id: 'asc' }] });
    return rows.map((r) => ({ id: r.id, userId: r.userId, fromAt: r.fromAt.toISOString(), toAt: iso(r.toAt), changedById: r.changedById }));
  }
}
