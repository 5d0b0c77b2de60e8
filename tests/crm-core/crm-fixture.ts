import { isZariError, silentLogger, type Db, type ZariErrorCode } from '../../kernel/index.js';
import { createCrmServices, createPhoneNormalizer, type Actor, type CrmServices, type Grant, type Role } from '../../crm-core/index.js';
import type { TestDatabase } from '../helpers/db.js';

export const testPhones = () => createPhoneNormalizer({ defaultRegion: 'RU', outsideLinePrefixes: [], extensionMaxDigits: 5 });

export function crmServices(db: TestDatabase): CrmServices {
  return createCrmServices({ db: db.prisma, logger: silentLogger(), phones: testPhones() });
}

/** A user row (no real password hash: the user service test covers hashing) and its Actor. */
export async function makeActor(db: Db, role: Role, login: string, grants: Grant[] = []): Promise<Actor> {
  const u = await db.user.create({ data: { login, name: login, passwordHash: 'x', role, grants: JSON.stringify(grants) } });
  return { userId: u.id, role, grants, extensions: [] };
}

let seq = 0;
/** A unique suffix per call, so tests in one database do not collide. */
export const uniq = (): string => `${process.pid % 1000}${++seq}`;

/** Awaits a promise that must fail with a ZariError of this code. */
export async function expectCode(p: Promise<unknown>, code: ZariErrorCode): Promise<void> {
  const e: unknown = await p.then(() => null, (err: unknown) => err);
  expect(isZariError(e) ? e.code : e).toBe(code);
}
