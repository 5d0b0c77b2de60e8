import type { Actor, Grant, Role } from '../domain/actor.js';

/**
 * The CRM access rules, as ONE table: action × role → scope.
 *   all   allowed on any resource
 *   own   allowed on clients the actor is responsible for (a 'clients:all' grant widens it to all)
 *   none  refused (a grant listed in `grantUpgrades` may widen it)
 * The web layer's authorization matrix test enumerates `actions` × `roles` through `can()`.
 */
export const actions = [
  'clients:read', 'clients:create', 'clients:update', 'clients:delete', 'clients:assign',
  'clients:vip-details', 'clients:duplicates', 'clients:merge', 'clients:import', 'clients:export',
  'contacts:write', 'contacts:delete', 'phones:write', 'phones:delete',
  'deals:read', 'deals:write', 'deals:delete', 'pipelines:manage', 'reports:funnel',
  'tasks:create', 'tasks:read-all', 'tasks:manage-all', 'tasks:delete',
  'interactions:read', 'interactions:create',
  'users:read', 'users:manage',
  'dnc:read', 'dnc:manage', 'audit:read',
] as const;
export type Action = (typeof actions)[number];
export type Scope = 'all' | 'own' | 'none';

type Row = Readonly<Record<Role, Scope>>;
const row = (admin: Scope, supervisor: Scope, manager: Scope, operator: Scope, secretary: Scope, telemarketer: Scope): Row =>
  ({ admin, supervisor, manager, operator, secretary, telemarketer });

/*                                     admin   superv  manager operator secret  telemkt */
export const accessTable: Readonly<Record<Action, Row>> = {
  'clients:read':          row('all', 'all', 'own', 'all', 'all', 'all'),
  'clients:create':        row('all', 'all', 'all', 'all', 'all', 'none'),
  'clients:update':        row('all', 'all', 'own', 'none', 'none', 'none'),
  'clients:delete':        row('all', 'all', 'own', 'none', 'none', 'none'),
  'clients:assign':        row('all', 'all', 'none', 'none', 'none', 'none'),
  'clients:vip-details':   row('all', 'all', 'none', 'none', 'none', 'none'),
  'clients:duplicates':    row('all', 'all', 'none', 'none', 'none', 'none'),
  'clients:merge':         row('all', 'all', 'none', 'none', 'none', 'none'),
  'clients:import':        row('all', 'all', 'none', 'none', 'none', 'none'),
  'clients:export':        row('all', 'all', 'none', 'none', 'none', 'none'),
  'contacts:write':        row('all', 'all', 'own', 'none', 'none', 'none'),
  'contacts:delete':       row('all', 'all', 'own', 'none', 'none', 'none'),
  'phones:write':          row('all', 'all', 'own', 'none', 'none', 'none'),
  'phones:delete':         row('all', 'all', 'own', 'none', 'none', 'none'),
  'deals:read':            row('all', 'all', 'own', 'none', 'none', 'none'),
  'deals:write':           row('all', 'all', 'own', 'none', 'none', 'none'),
  'deals:delete':          row('all', 'all', 'own', 'none', 'none', 'none'),
  'pipelines:manage':      row('all', 'all', 'none', 'none', 'none', 'none'),
  'reports:funnel':        row('all', 'all', 'own', 'none', 'none', 'none'),
  'tasks:create':          row('all', 'all', 'own', 'all', 'all', 'all'),
  'tasks:read-all':        row('all', 'all', 'none', 'none', 'none', 'none'),
  'tasks:manage-all':      row('all', 'all', 'none', 'none', 'none', 'none'),
  'tasks:delete':          row('all', 'all', 'own', 'none', 'none', 'none'),
  'interactions:read':     row('all', 'all', 'own', 'all', 'all', 'all'),
  'interactions:create':   row('all', 'all', 'own', 'all', 'all', 'all'),
  'users:read':            row('all', 'all', 'all', 'all', 'all', 'all'),
  'users:manage':          row('all', 'none', 'none', 'none', 'none', 'none'),
  'dnc:read':              row('all', 'all', 'all', 'all', 'all', 'all'),
  'dnc:manage':            row('all', 'all', 'none', 'none', 'none', 'none'),
  'audit:read':            row('all', 'all', 'none', 'none', 'none', 'none'),
};

/** A grant that lifts an action to 'all' for any role. 'clients:all' also lifts every 'own' to 'all'. */
export const grantUpgrades: Readonly<Partial<Record<Action, Grant>>> = {
  'clients:vip-details': 'vip:view',
};

/** What a policy check needs to know about the client a resource belongs to. */
export interface ClientScope {
  readonly responsibleUserId: number | null;
  readonly vip?: boolean;
}

/** The effective scope of an action for an actor (role row + grants). */
export function scopeOf(actor: Actor, action: Action): Scope {
  const base = accessTable[action][actor.role];
  const upgrade = grantUpgrades[action];
  if (upgrade && actor.grants.includes(upgrade)) return 'all';
  if (base === 'own' && actor.grants.includes('clients:all')) return 'all';
  return base;
}

/**
 * May `actor` do `action` (on the client `resource` belongs to)? Without a resource, an 'own' scope
 * answers "allowed in principle" (lists are then filtered to the actor's own clients).
 */
export function can(actor: Actor, action: Action, resource?: ClientScope): boolean {
  const scope = scopeOf(actor, action);
  if (scope === 'all') return true;
  if (scope === 'none') return false;
  return resource === undefined || resource.responsibleUserId === actor.userId;
}

/** True when the VIP client's contact details must be hidden from this actor. */
export function mustRedact(actor: Actor, client: ClientScope): boolean {
  return client.vip === true && !can(actor, 'clients:vip-details', client);
}
