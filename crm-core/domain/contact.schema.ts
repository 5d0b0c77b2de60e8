import { z } from 'zod';
import { idSchema, optionalText, requiredText } from './common.schema.js';
import { phoneInputSchema } from './client.schema.js';

export const contactCreateSchema = z.object({
  clientId: idSchema,
  name: requiredText(200),
  position: optionalText(200),
  email: z.string().trim().max(254).pipe(z.email()).nullable().optional(),
  notes: optionalText(5000),
  phones: z.array(phoneInputSchema).max(20).default([]),
});
export type ContactCreateInput = z.input<typeof contactCreateSchema>;

export const contactUpdateSchema = contactCreateSchema.omit({ clientId: true, phones: true }).partial();
export type ContactUpdateInput = z.input<typeof contactUpdateSchema>;

export const phoneAddSchema = phoneInputSchema.extend({
  clientId: idSchema,
  contactId: idSchema.nullable().optional(),
});
export type PhoneAddInput = z.input<typeof phoneAddSchema>;
