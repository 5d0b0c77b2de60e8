import { z } from 'zod';
import { idSchema, paginationSchema } from './common.schema.js';

export const auditListQuerySchema = paginationSchema.extend({
  entity: z.string().trim().max(50).optional(),
  entityId: z.union([z.string(), z.number()]).transform(String).optional(),
  actorId: idSchema.optional(),
  action: z.string().trim().max(100).optional(),
});
export type AuditListQuery = z.input<typeof auditListQuerySchema>;

export interface AuditEntryDto { id: number; at: string; actorId: number | null; action: string; entity: string; entityId: string | null; details: Record<string, unknown>; ip: string | null }
