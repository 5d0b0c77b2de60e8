import type { Actor } from '../../crm-core/index.js';

/** What the web edge needs to know about a user to log them in and act for them. */
export interface AuthUser {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly role: Actor['role'];
  readonly grants: readonly Actor['grants'][number][];
  readonly extensions: readonly string[];
  readonly active: boolean;
}

/**
 * The port web/auth logs users in through. The composition root adapts crm-core's UserService to it
 * (web/auth/crm-users.adapter.ts), so the web edge never decides who a user is.
 */
export interface UserDirectory {
  /** the user when login and password match and the user is active; null otherwise (no hint which) */
  authenticate(login: string, password: string): Promise<AuthUser | null>;
  findById(id: number): Promise<AuthUser | null>;
}

/** The public view of the logged-in user. */
export interface PublicUser {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly role: Actor['role'];
  readonly grants: Actor['grants'][number][];
  readonly extensions: string[];
}

export function toActor(user: AuthUser): Actor {
  return { userId: user.id, role: user.role, grants: [...user.grants], extensions: [...user.extensions] };
}

export function toPublicUser(user: AuthUser): PublicUser {
  return { id: user.id, login: user.login, name: user.name, role: user.role, grants: [...user.grants], extensions: [...user.extensions] };
}
