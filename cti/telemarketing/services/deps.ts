import { forbidden, ZariError, type Db, type Logger } from '../../../kernel/index.js';
import type { Actor, DoNotCallService, PhoneNormalizer, Role } from '../../../crm-core/index.js';
import type { z } from 'zod';

/** Everything the telemarketing services need, passed as one object by the composition root. */
export interface TelemarketingDeps {
  readonly db: Db;
  readonly logger: Logger;
  readonly phones: PhoneNormalizer;
  readonly dnc: DoNotCallService;
  readonly clock?: () => Date;
}

export const nowOf = (deps: TelemarketingDeps): Date => (deps.clock ? deps.clock() : new Date());

/** Campaign management is for admins and supervisors; dialing also for telemarketers and operators. */
export const managers: readonly Role[] = ['admin', 'supervisor'];
export const dialers: readonly Role[] = ['admin', 'supervisor', 'telemarketer', 'operator'];

export function assertRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw forbidden(`${what} is not allowed for ${actor.role}`);
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ZariError('validation_failed', r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '), r.error.issues);
  return r.data;
}
