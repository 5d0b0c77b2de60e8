import { ZariError, forbidden, notFound } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import { can, scopeOf, type Action, type ClientScope } from './access-policy.js';
import type { Tx } from './deps.js';

export interface LoadedClientScope extends ClientScope {
  readonly id: number;
  readonly vip: boolean;
  readonly mergedIntoId: number | null;
}

/** Loads what the policy needs about a client; merged (hidden) clients are not found. */
export async function loadClientScope(db: Tx, id: number): Promise<LoadedClientScope> {
  const c = await db.client.findUnique({ where: { id }, select: { id: true, responsibleUserId: true, vip: true, mergedIntoId: true } });
  if (!c || c.mergedIntoId !== null) throw notFound('client', id);
  return c;
}

/**
 * Refuses an action. A manager asking for a client that is not theirs gets 'not_found' for reads
 * (existence is not disclosed) and 'forbidden' for writes.
 */
export function assertCan(actor: Actor, action: Action, scope?: LoadedClientScope): void {
  if (can(actor, action, scope)) return;
  if (scope && action.endsWith(':read') && scopeOf(actor, action) === 'own') throw notFound('client', scope.id);
  throw forbidden(`${action} is not allowed`);
}

/** Loads a client and checks the action in one step. */
export async function guardClient(db: Tx, actor: Actor, action: Action, clientId: number): Promise<LoadedClientScope> {
  const scope = await loadClientScope(db, clientId);
  assertCan(actor, action, scope);
  return scope;
}

/** Prisma filter for "clients this actor may read with `action`": {} for all, own clients for 'own'. */
export function clientScopeWhere(actor: Actor, action: Action): { responsibleUserId?: number } {
  const scope = scopeOf(actor, action);
  if (scope === 'none') throw forbidden(`${action} is not allowed`);
  return scope === 'own' ? { responsibleUserId: actor.userId } : {};
}

/** A referenced user must exist and be active (a clean validation error instead of a foreign-key failure). */
export async function assertActiveUser(db: Tx, userId: number | null | undefined, field: string): Promise<void> {
  if (userId === null || userId === undefined) return;
  const u = await db.user.findUnique({ where: { id: userId }, select: { active: true } });
  if (!u?.active) throw new ZariError('validation_failed', `user ${userId} does not exist or is inactive`, { issues: [{ field, code: 'unknown_user', message: 'no such active user' }] });
}
