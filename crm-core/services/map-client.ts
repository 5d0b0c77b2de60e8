import type { Prisma } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import type { ClientDto, ContactDto, PhoneDto } from '../domain/client.schema.js';
import { mustRedact } from './access-policy.js';
import { parseJsonObject } from './json.js';

export const clientInclude = {
  phones: { orderBy: { id: 'asc' } },
  tags: { orderBy: { tag: 'asc' } },
} as const satisfies Prisma.ClientInclude;

export const clientFullInclude = {
  ...clientInclude,
  contacts: { orderBy: { id: 'asc' }, include: { phones: { orderBy: { id: 'asc' } } } },
} as const satisfies Prisma.ClientInclude;

export type ClientRow = Prisma.ClientGetPayload<{ include: typeof clientInclude }>;
export type ClientFullRow = Prisma.ClientGetPayload<{ include: typeof clientFullInclude }>;
type PhoneRecord = ClientRow['phones'][number];
export type ContactRow = ClientFullRow['contacts'][number];

export function mapPhone(p: PhoneRecord): PhoneDto {
  return { id: p.id, clientId: p.clientId, contactId: p.contactId, type: p.type, raw: p.raw, e164: p.e164 };
}

export function mapContact(c: ContactRow, redact: boolean): ContactDto {
  return {
    id: c.id,
    clientId: c.clientId,
    name: c.name,
    position: c.position,
    email: redact ? null : c.email,
    notes: c.notes,
    phones: redact ? [] : c.phones.map(mapPhone),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** Row → DTO; VIP contact details (phones, e-mails, contacts' phones and e-mails) hidden unless allowed. */
export function mapClient(actor: Actor, c: ClientRow | ClientFullRow): ClientDto {
  const redact = mustRedact(actor, c);
  const dto: ClientDto = {
    id: c.id, kind: c.kind, name: c.name, legalName: c.legalName, taxId: c.taxId, taxCode2: c.taxCode2,
    regNumber: c.regNumber, legalAddress: c.legalAddress, address: c.address,
    email: redact ? null : c.email,
    website: c.website, segment: c.segment, vip: c.vip,
    customFields: parseJsonObject(c.customFields), notes: c.notes,
    responsibleUserId: c.responsibleUserId, mergedIntoId: c.mergedIntoId,
    tags: c.tags.map((t) => t.tag),
    phones: redact ? [] : c.phones.map(mapPhone),
    redacted: redact,
    createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
  };
  if ('contacts' in c) dto.contacts = c.contacts.map((ct) => mapContact(ct, redact));
  return dto;
}
