import { grantSchema, roleSchema, systemActor, type Actor, type UserDto, type UserService } from '../../crm-core/index.js';
import type { UserAdmin, UserView } from './user-admin.port.js';
import type { AuthUser, UserDirectory } from './user-directory.port.js';

function toView(dto: UserDto): UserView {
  return { ...dto, role: roleSchema.parse(dto.role) };
}

function toAuthUser(dto: UserDto): AuthUser | null {
  const role = roleSchema.safeParse(dto.role);
  if (!role.success) return null;
  const actor = { ...dto, role: role.data };
  return {
    id: actor.id, login: actor.login, name: actor.name, role: actor.role, active: actor.active, extensions: actor.extensions,
    grants: actor.grants.flatMap((g) => {
      const grant = grantSchema.safeParse(g);
      return grant.success ? [grant.data] : [];
    }),
  };
}

/** crm-core's UserService behind the two ports of web/auth. */
export class CrmUsers implements UserDirectory, UserAdmin {
  constructor(private readonly users: UserService) {}

  async authenticate(login: string, password: string): Promise<AuthUser | null> {
    const dto = await this.users.verifyPassword(login, password);
    return dto ? toAuthUser(dto) : null;
  }

  async findById(id: number): Promise<AuthUser | null> {
    try {
      return toAuthUser(await this.users.get(systemActor, id));
    } catch {
      return null;
    }
  }

  async list(actor: Actor, query = {}) {
    const page = await this.users.list(actor, query);
    return { ...page, items: page.items.map(toView) };
  }

  async get(actor: Actor, id: number) { return toView(await this.users.get(actor, id)); }
  async create(actor: Actor, input: Parameters<UserService['create']>[1]) { return toView(await this.users.create(actor, input)); }
  async update(actor: Actor, id: number, patch: Parameters<UserService['update']>[2]) { return toView(await this.users.update(actor, id, patch)); }
  async setExtensions(actor: Actor, id: number, extensions: string[]) { return toView(await this.users.setExtensions(actor, id, { extensions })); }
  async resetPassword(actor: Actor, id: number, newPassword: string) { await this.users.resetPassword(actor, id, { newPassword }); }
  async changeOwnPassword(actor: Actor, oldPassword: string, newPassword: string) { await this.users.changePassword(actor, { oldPassword, newPassword }); }
}
