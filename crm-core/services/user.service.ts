import { hash, verify } from '@node-rs/argon2';
import { ZariError, notFound, type Prisma } from '../../kernel/index.js';
import { grantSchema, roleSchema, type Actor } from '../domain/actor.js';
import type { Page } from '../domain/common.schema.js';
import {
  changePasswordSchema, resetPasswordSchema, setExtensionsSchema, userCreateSchema, userListQuerySchema, userUpdateSchema,
  type UserCreateInput, type UserDto, type UserListQuery, type UserUpdateInput,
} from '../domain/user.schema.js';
import { assertCan } from './client-access.js';
import type { CrmDeps, Tx } from './deps.js';
import { defined, parseJsonStringArray, validate } from './json.js';

const withExtensions = { extensions: { orderBy: { extension: 'asc' } } } as const satisfies Prisma.UserInclude;
type UserRow = Prisma.UserGetPayload<{ include: typeof withExtensions }>;

export function mapUser(u: UserRow): UserDto {
  return {
    id: u.id, login: u.login, name: u.name, email: u.email, role: u.role, grants: parseJsonStringArray(u.grants),
    locale: u.locale, active: u.active, extensions: u.extensions.map((e) => e.extension),
    createdAt: u.createdAt.toISOString(), updatedAt: u.updatedAt.toISOString(),
  };
}

/** The Actor a logged-in user acts as (role and grants validated; unknown values dropped). */
export function actorOf(u: UserDto): Actor {
  const role = roleSchema.parse(u.role);
  const grants = u.grants.flatMap((g) => { const r = grantSchema.safeParse(g); return r.success ? [r.data] : []; });
  return { userId: u.id, role, grants, extensions: u.extensions };
}

/** Users, their roles, grants, passwords (argon2id) and the extensions they answer. Only admins manage users. */
export class UserService {
  /** An argon2id hash to verify against when the login is unknown (same timing either way). */
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly deps: CrmDeps) {}

  private async assertExtensionsFree(tx: Tx, extensions: readonly string[], userId: number | null): Promise<void> {
    const taken = await tx.userExtension.findMany({ where: { extension: { in: [...extensions] }, ...(userId !== null ? { userId: { not: userId } } : {}) } });
    if (taken.length > 0) throw new ZariError('conflict', 'extension already assigned', { extensions: taken.map((t) => ({ extension: t.extension, userId: t.userId })) });
  }

  async create(actor: Actor, input: UserCreateInput): Promise<UserDto> {
    assertCan(actor, 'users:manage');
    const v = validate(userCreateSchema, input);
    const exts = [...new Set(v.extensions)];
    const passwordHash = await hash(v.password);
    return this.deps.db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { login: v.login } })) throw new ZariError('already_exists', `login ${v.login} is taken`, { field: 'login' });
      await this.assertExtensionsFree(tx, exts, null);
      const u = await tx.user.create({
        data: {
          login: v.login, name: v.name, email: v.email ?? null, passwordHash, role: v.role, grants: JSON.stringify([...new Set(v.grants)]),
          locale: v.locale, extensions: { create: exts.map((extension) => ({ extension })) },
        },
        include: withExtensions,
      });
      await this.deps.audit.record(actor, 'user.create', 'user', u.id, { login: u.login, role: u.role }, tx);
      return mapUser(u);
    });
  }

  async get(actor: Actor, id: number): Promise<UserDto> {
    assertCan(actor, 'users:read');
    const u = await this.deps.db.user.findUnique({ where: { id }, include: withExtensions });
    if (!u) throw notFound('user', id);
    return mapUser(u);
  }

  async list(actor: Actor, query: UserListQuery = {}): Promise<Page<UserDto>> {
    assertCan(actor, 'users:read');
    const q = validate(userListQuerySchema, query);
    const where: Prisma.UserWhereInput = {
      ...defined({ role: q.role, active: q.active }),
      ...(q.q ? { OR: [{ login: { contains: q.q } }, { name: { contains: q.q } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.deps.db.user.findMany({ where, orderBy: { login: 'asc' }, skip: q.offset, take: q.limit, include: withExtensions }),
      this.deps.db.user.count({ where }),
    ]);
    return { items: rows.map(mapUser), total, limit: q.limit, offset: q.offset };
  }

  async update(actor: Actor, id: number, input: UserUpdateInput): Promise<UserDto> {
    assertCan(actor, 'users:manage');
    const v = validate(userUpdateSchema, input);
    const { grants, ...rest } = v;
    return this.deps.db.$transaction(async (tx) => {
      if (!(await tx.user.findUnique({ where: { id } }))) throw notFound('user', id);
      const u = await tx.user.update({ where: { id }, data: { ...defined(rest), ...(grants ? { grants: JSON.stringify([...new Set(grants)]) } : {}) }, include: withExtensions });
      await this.deps.audit.record(actor, 'user.update', 'user', id, { fields: Object.keys(v) }, tx);
      return mapUser(u);
    });
  }

  /** Checks a login and password; null when unknown, inactive or wrong (no hint which). */
  async verifyPassword(login: string, password: string): Promise<UserDto | null> {
    const u = await this.deps.db.user.findUnique({ where: { login }, include: withExtensions });
    if (!u?.active) {
      this.dummyHash ??= hash('zari-dummy-password');
      await verify(await this.dummyHash, password).catch(() => false);
      return null;
    }
    const ok = await verify(u.passwordHash, password).catch(() => false);
    return ok ? mapUser(u) : null;
  }

  /** A user changes their own password, proving the old one. */
  async changePassword(actor: Actor, input: { oldPassword: string; newPassword: string }): Promise<void> {
    const v = validate(changePasswordSchema, input);
    const u = await this.deps.db.user.findUnique({ where: { id: actor.userId } });
    if (!u || !(await verify(u.passwordHash, v.oldPassword).catch(() => false))) throw new ZariError('invalid_credentials', 'old password is wrong');
    await this.storePassword(actor, u.id, v.newPassword, 'user.password.change');
  }

  /** An admin sets a new password for any user. */
  async resetPassword(actor: Actor, userId: number, input: { newPassword: string }): Promise<void> {
    assertCan(actor, 'users:manage');
    const v = validate(resetPasswordSchema, input);
    if (!(await this.deps.db.user.findUnique({ where: { id: userId } }))) throw notFound('user', userId);
    await this.storePassword(actor, userId, v.newPassword, 'user.password.reset');
  }

  private async storePassword(actor: Actor, userId: number, password: string, action: string): Promise<void> {
    const passwordHash = await hash(password);
    await this.deps.db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { passwordHash } });
      await tx.session.deleteMany({ where: { userId } });
      await this.deps.audit.record(actor, action, 'user', userId, {}, tx);
    });
  }

  /** Replaces the extensions a user answers; an extension held by another user is a conflict. */
  async setExtensions(actor: Actor, userId: number, input: { extensions: string[] }): Promise<UserDto> {
    assertCan(actor, 'users:manage');
    const exts = [...new Set(validate(setExtensionsSchema, input).extensions)];
    return this.deps.db.$transaction(async (tx) => {
      if (!(await tx.user.findUnique({ where: { id: userId } }))) throw notFound('user', userId);
      await this.assertExtensionsFree(tx, exts, userId);
      await tx.userExtension.deleteMany({ where: { userId } });
      if (exts.length > 0) await tx.userExtension.createMany({ data: exts.map((extension) => ({ extension, userId })) });
      await this.deps.audit.record(actor, 'user.extensions', 'user', userId, { extensions: exts }, tx);
      return mapUser(await tx.user.findUniqueOrThrow({ where: { id: userId }, include: withExtensions }));
    });
  }

  /** Who answers this extension (active users only). */
  async findByExtension(extension: string): Promise<UserDto | null> {
    const e = await this.deps.db.userExtension.findUnique({ where: { extension }, include: { user: { include: withExtensions } } });
    return e?.user.active ? mapUser(e.user) : null;
  }
}
