import { z } from 'zod';

/** The six roles of zari. */
export const roles = ['admin', 'supervisor', 'manager', 'operator', 'secretary', 'telemarketer'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/**
 * Extra grants on top of a role.
 * - clients:all        a manager sees and edits every client, not only their own
 * - vip:view           sees contact details (phones, e-mails, contacts) of VIP clients
 * - recordings:clients a manager may play recordings of their clients' calls
 */
export const grants = ['clients:all', 'vip:view', 'recordings:clients'] as const;
export const grantSchema = z.enum(grants);
export type Grant = z.infer<typeof grantSchema>;

/** Who is acting. Every service method that reads or changes CRM data takes one. */
export interface Actor {
  readonly userId: number;
  readonly role: Role;
  readonly grants: readonly Grant[];
  /** extensions this user answers (for call-related checks) */
  readonly extensions: readonly string[];
}

/** The system itself (PBX events, jobs, CLI): allowed everything, audited as actor null. */
export const systemActor: Actor = Object.freeze({ userId: 0, role: 'admin', grants: [...grants], extensions: [] });

export const isSystem = (actor: Actor): boolean => actor.userId === 0;
