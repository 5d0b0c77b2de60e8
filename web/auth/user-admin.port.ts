import { z } from 'zod';
import {
  roleSchema, type Actor, type Page, type UserCreateInput, type UserListQuery, type UserUpdateInput,
} from '../../crm-core/index.js';

/** A user as the REST API shows it (crm-core's UserDto). */
export const userViewSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  grants: z.array(z.string()),
  extensions: z.array(z.string()),
  locale: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserView = z.infer<typeof userViewSchema>;

/**
 * User administration as the web edge needs it, always on behalf of an actor (checked and audited by
 * crm-core). Adapted from crm-core's UserService by web/auth/crm-users.adapter.ts.
 */
export interface UserAdmin {
  list(actor: Actor, query?: UserListQuery): Promise<Page<UserView>>;
  /** throws not_found */
  get(actor: Actor, id: number): Promise<UserView>;
  /** throws already_exists for a taken login, conflict for a taken extension */
  create(actor: Actor, input: UserCreateInput): Promise<UserView>;
  update(actor: Actor, id: number, patch: UserUpdateInput): Promise<UserView>;
  setExtensions(actor: Actor, id: number, extensions: string[]): Promise<UserView>;
  /** an admin sets a password; the user's sessions end */
  resetPassword(actor: Actor, id: number, newPassword: string): Promise<void>;
  /** the actor changes their own password, proving the old one (invalid_credentials otherwise) */
  changeOwnPassword(actor: Actor, oldPassword: string, newPassword: string): Promise<void>;
}
