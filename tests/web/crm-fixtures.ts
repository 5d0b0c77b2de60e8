import { silentLogger, type DbProvider } from '../../kernel/index.js';
import { CallerIdentificationService, createCrmServices, createPhoneNormalizer, type Role } from '../../crm-core/index.js';
import { crmRoutes, type CrmRouteServices } from '../../web/routes/index.js';
import { startTestApp, type HttpClient, type HttpResponse, type TestApp } from '../helpers/http.js';

/** The CRM services over the test app's database (used when the composition root does not mount them yet). */
export function buildCrmRouteServices(app: TestApp): CrmRouteServices {
  const logger = silentLogger();
  const phones = createPhoneNormalizer({ defaultRegion: 'RU', outsideLinePrefixes: [], extensionMaxDigits: 5 });
  const crm = createCrmServices({ db: app.db.prisma, logger, phones });
  return { ...crm, identification: new CallerIdentificationService({ db: app.db, phones, logger }), logger };
}

/** A real zari over HTTP with the CRM routes mounted (by the composition root, or here if it does not yet). */
export async function startCrmApp(provider: DbProvider): Promise<TestApp> {
  const app = await startTestApp(provider);
  if (!app.zari.routes.some((r) => r.operationId === 'listClients')) {
    app.zari.addRoutes(crmRoutes(buildCrmRouteServices(app)));
  }
  return app;
}

export const roleList: readonly Role[] = ['admin', 'supervisor', 'manager', 'operator', 'secretary', 'telemarketer'];

export interface RoleUsers {
  readonly clients: Record<Role, HttpClient>;
  readonly ids: Record<Role, number>;
  /** a second manager: owns the client the first manager may not see */
  readonly otherManager: { id: number; client: HttpClient };
}

/** One logged-in user per role (admin is the built-in one) and a second manager. */
export async function createRoleUsers(app: TestApp): Promise<RoleUsers> {
  const clients = {} as Record<Role, HttpClient>;
  const ids = {} as Record<Role, number>;
  clients.admin = await app.admin();
  const me = await clients.admin.get<{ user: { id: number } }>('/api/auth/me');
  ids.admin = me.body.user.id;
  for (const role of roleList.filter((r) => r !== 'admin')) {
    const u = await app.createUser(role);
    clients[role] = u.client;
    ids[role] = u.user.id;
  }
  const other = await app.createUser('manager');
  return { clients, ids, otherManager: { id: other.user.id, client: other.client } };
}

/** Fails with the response text when the status is not the expected one (readable test failures). */
export function expectStatus<T>(res: HttpResponse<T>, status: number): HttpResponse<T> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  return res;
}

export interface Created { id: number }

let phoneSeq = 1000000;
/** A fresh, valid Russian mobile number each call (+7 916 xxx-xx-xx). */
export function freshPhone(): string {
  phoneSeq += 1;
  return `+7916${String(phoneSeq).padStart(7, '0')}`;
}
