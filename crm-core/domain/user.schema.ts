import { z } from 'zod';
import { grantSchema, roleSchema } from './actor.js';
import { optionalText, paginationSchema, requiredText } from './common.schema.js';

export const loginSchema = z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits, . _ @ -');
export const passwordSchema = z.string().min(8).max(256);
export const extensionSchema = z.string().trim().regex(/^[0-9*#]{1,10}$/, 'extension: up to 10 digits');

export const userCreateSchema = z.object({
  login: loginSchema,
  name: requiredText(200),
  email: z.string().trim().max(254).pipe(z.email()).nullable().optional(),
  password: passwordSchema,
  role: roleSchema,
  grants: z.array(grantSchema).default([]),
  locale: z.string().trim().min(2).max(10).default('en'),
  extensions: z.array(extensionSchema).max(20).default([]),
});
export type UserCreateInput = z.input<typeof userCreateSchema>;

export const userUpdateSchema = z.object({
  name: requiredText(200),
  email: z.string().trim().max(254).pipe(z.email()).nullable(),
  role: roleSchema,
  grants: z.array(grantSchema),
  locale: z.string().trim().min(2).max(10),
  active: z.boolean(),
}).partial();
export type UserUpdateInput = z.input<typeof userUpdateSchema>;

export const changePasswordSchema = z.object({ oldPassword: z.string().max(256), newPassword: passwordSchema });
export const resetPasswordSchema = z.object({ newPassword: passwordSchema });
export const setExtensionsSchema = z.object({ extensions: z.array(extensionSchema).max(20) });
export const userListQuerySchema = paginationSchema.extend({ q: optionalText(100), role: roleSchema.optional(), active: z.coerce.boolean().optional() });
export type UserListQuery = z.input<typeof userListQuerySchema>;

export interface UserDto {
  id: number;
  login: string;
  name: string;
  email: string | null;
  role: string;
  grants: string[];
  locale: string;
  active: boolean;
  extensions: string[];
  createdAt: string;
  updatedAt: string;
}
