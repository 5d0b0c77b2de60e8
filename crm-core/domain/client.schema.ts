import { z } from 'zod';
import { booleanish, idSchema, optionalText, paginationSchema, requiredText } from './common.schema.js';

export const clientKinds = ['company', 'person'] as const;
export const clientKindSchema = z.enum(clientKinds);
export type ClientKind = z.infer<typeof clientKindSchema>;

export const phoneTypes = ['work', 'mobile', 'home', 'fax', 'other'] as const;
export const phoneTypeSchema = z.enum(phoneTypes);
export type PhoneType = z.infer<typeof phoneTypeSchema>;

/** A phone as entered by a user; normalized by the service (raw kept, E.164 + nsnRev derived). */
export const phoneInputSchema = z.object({
  raw: requiredText(64),
  type: phoneTypeSchema.default('work'),
});
export type PhoneInput = z.infer<typeof phoneInputSchema>;

/** Tax id (INN, Georgian identification code, VAT number…): letters, digits, '-' and '/'. */
export const taxIdSchema = z.string().trim().max(20).regex(/^[0-9A-Za-z][0-9A-Za-z/-]{3,19}$/, 'invalid tax id');

export const tagSchema = z.string().trim().min(1).max(50).transform((t) => t.toLowerCase());

export const customFieldValueSchema = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export const customFieldsSchema = z.record(z.string().trim().min(1).max(64), customFieldValueSchema)
  .refine((o) => Object.keys(o).length <= 100, 'at most 100 custom fields');
export type CustomFields = z.infer<typeof customFieldsSchema>;

const clientFields = {
  kind: clientKindSchema,
  name: requiredText(200),
  legalName: optionalText(300),
  taxId: taxIdSchema.nullable().optional(),
  taxCode2: optionalText(20),
  regNumber: optionalText(50),
  legalAddress: optionalText(500),
  address: optionalText(500),
  email: z.string().trim().max(254).pipe(z.email()).nullable().optional(),
  website: optionalText(300),
  segment: optionalText(50),
  vip: z.boolean(),
  notes: optionalText(5000),
  customFields: customFieldsSchema,
  responsibleUserId: idSchema.nullable().optional(),
};

export const clientCreateSchema = z.object({
  ...clientFields,
  kind: clientKindSchema.default('company'),
  vip: z.boolean().default(false),
  customFields: customFieldsSchema.default({}),
  tags: z.array(tagSchema).max(50).default([]),
  phones: z.array(phoneInputSchema).max(20).default([]),
});
export type ClientCreateInput = z.input<typeof clientCreateSchema>;
export type ClientCreate = z.infer<typeof clientCreateSchema>;

/** Partial update; `tags` replaces the tag set; phones are managed by PhoneService. */
export const clientUpdateSchema = z.object({
  ...clientFields,
  tags: z.array(tagSchema).max(50),
}).partial().omit({ responsibleUserId: true });
export type ClientUpdateInput = z.input<typeof clientUpdateSchema>;

export const clientSetResponsibleSchema = z.object({ userId: idSchema.nullable() });

export const clientSorts = ['name', 'createdAt', 'updatedAt'] as const;

export const clientListQuerySchema = paginationSchema.extend({
  /** name (case-insensitive substring) */
  q: z.string().trim().max(200).optional(),
  /** any format: E.164, national, with spaces or dashes, or a trailing part of the number */
  phone: z.string().trim().max(64).optional(),
  taxId: z.string().trim().max(20).optional(),
  tag: tagSchema.optional(),
  segment: z.string().trim().max(50).optional(),
  responsibleUserId: idSchema.optional(),
  vip: booleanish.optional(),
  sort: z.enum(clientSorts).default('name'),
});
export type ClientListQuery = z.input<typeof clientListQuerySchema>;

export interface PhoneDto {
  id: number;
  clientId: number;
  contactId: number | null;
  type: string;
  raw: string;
  e164: string | null;
}

export interface ContactDto {
  id: number;
  clientId: number;
  name: string;
  position: string | null;
  email: string | null;
  notes: string | null;
  phones: PhoneDto[];
  createdAt: string;
  updatedAt: string;
}

export interface ClientDto {
  id: number;
  kind: string;
  name: string;
  legalName: string | null;
  taxId: string | null;
  taxCode2: string | null;
  regNumber: string | null;
  legalAddress: string | null;
  address: string | null;
  email: string | null;
  website: string | null;
  segment: string | null;
  vip: boolean;
  customFields: Record<string, unknown>;
  notes: string | null;
  responsibleUserId: number | null;
  mergedIntoId: number | null;
  tags: string[];
  phones: PhoneDto[];
  /** present on a single-client read */
  contacts?: ContactDto[];
  /** true when VIP contact details were hidden from this actor */
  redacted: boolean;
  createdAt: string;
  updatedAt: string;
}
