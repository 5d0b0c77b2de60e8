import type { Prisma } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import { clientListQuerySchema, type ClientListQuery } from '../domain/client.schema.js';
import type { PhoneNormalizer } from '../phone/index.js';
import { toSearchName } from '../domain/search-name.js';
import { clientScopeWhere } from './client-access.js';
import { validate } from './json.js';
import { phoneSearchWhere } from './phone-match.js';

export interface BuiltClientQuery {
  where: Prisma.ClientWhereInput;
  orderBy: Prisma.ClientOrderByWithRelationInput[];
  limit: number;
  offset: number;
}

const sortOrder = {
  name: [{ searchName: 'asc' }, { id: 'asc' }],
  createdAt: [{ createdAt: 'desc' }, { id: 'desc' }],
  updatedAt: [{ updatedAt: 'desc' }, { id: 'desc' }],
} as const satisfies Record<string, Prisma.ClientOrderByWithRelationInput[]>;

/** Query → Prisma where/orderBy, restricted to what the actor may read; merged clients hidden. */
export function buildClientQuery(actor: Actor, phones: PhoneNormalizer, query: ClientListQuery): BuiltClientQuery {
  const q = validate(clientListQuerySchema, query);
  const and: Prisma.ClientWhereInput[] = [{ mergedIntoId: null }, clientScopeWhere(actor, 'clients:read')];
  if (q.q) and.push({ searchName: { contains: toSearchName(q.q) } });
  if (q.taxId) and.push({ taxId: q.taxId });
  if (q.tag) and.push({ tags: { some: { tag: q.tag } } });
  if (q.segment) and.push({ segment: q.segment });
  if (q.responsibleUserId !== undefined) and.push({ responsibleUserId: q.responsibleUserId });
  if (q.vip !== undefined) and.push({ vip: q.vip });
  if (q.phone) {
    const pw = phoneSearchWhere(phones, q.phone);
    and.push(pw ? { phones: { some: pw } } : { id: -1 });
  }
  return { where: { AND: and }, orderBy: [...sortOrder[q.sort]], limit: q.limit, offset: q.offset };
}
