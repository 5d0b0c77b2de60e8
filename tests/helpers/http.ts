import { loadConfig, silentLogger, type DbProvider, type ZariConfig } from '../../kernel/index.js';
import { systemActor, type Role, type UserCreateInput } from '../../crm-core/index.js';
import type { UserView } from '../../web/index.js';
import { createZari, type Zari } from '../../zari.js';
import { createTestDatabase, type TestDatabase } from './db.js';

/** The admin password every test app starts with. */
export const testAdminPassword = 'admin-test-password';

export interface HttpResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** parsed JSON (undefined when the body is empty or not JSON) */
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** a non-JSON body, sent as is with `contentType` */
  readonly raw?: string | Uint8Array<ArrayBuffer>;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  /** send the session's CSRF token (default true when the client has one) */
  readonly csrf?: boolean;
}

/** An HTTP client over real fetch that keeps the session cookie and sends the CSRF header. */
export interface HttpClient {
  readonly cookie: string | null;
  readonly csrfToken: string | null;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
}

export interface TestApp {
  readonly baseUrl: string;
  readonly db: TestDatabase;
  readonly zari: Zari;
  /** a client with no session */
  anonymous(): HttpClient;
  /** logs in (throws unless 200) and returns a client holding that session */
  login(login: string, password: string): Promise<HttpClient>;
  /** the admin's client (logged in once, then reused) */
  admin(): Promise<HttpClient>;
  /** a new user of that role (through the user service), logged in */
  createUser(role: Role, extras?: Partial<UserCreateInput>): Promise<{ user: UserView; password: string; client: HttpClient }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly config?: Partial<ZariConfig>;
  readonly loginRateLimit?: { maxFailures: number; windowMs: number };
}

function sessionCookieOf(headers: Headers): string | null {
  for (const line of headers.getSetCookie()) {
    const first = line.split(';')[0] ?? '';
    if (first.startsWith('zari_session=')) return first.slice('zari_session='.length) === '' ? null : first;
  }
  return null;
}

export function httpClient(baseUrl: string, initial: { cookie: string | null; csrfToken: string | null } = { cookie: null, csrfToken: null }): HttpClient {
  const state = { ...initial };
  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (state.cookie) headers.cookie = state.cookie;
    if (state.csrfToken && options.csrf !== false) headers['x-csrf-token'] = state.csrfToken;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method: method.toUpperCase(), headers, body: body ?? null, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
  return {
    get cookie() { return state.cookie; },
    get csrfToken() { return state.csrfToken; },
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
  };
}

let userCounter = 0;

/** A real zari (real Express app, real HTTP on 127.0.0.1, real database) on a fresh test database. */
export async function startTestApp(provider: DbProvider, options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase(provider);
  const config = loadConfig({}, { dataDir: db.dataDir, adminPassword: testAdminPassword, logLevel: 'silent', host: '127.0.0.1', port: 0, demoPbx: false, ...options.config });
  const zari = await createZari(config, {
    logger: silentLogger(),
    database: db,
    out: { write: () => true },
    ...(options.loginRateLimit ? { loginRateLimit: options.loginRateLimit } : {}),
  });
  const { port } = await zari.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  const login = async (name: string, password: string): Promise<HttpClient> => {
    const res = await httpClient(baseUrl).post<{ csrfToken: string }>('/api/auth/login', { login: name, password });
    const cookie = sessionCookieOf(res.headers);
    if (res.status !== 200 || !cookie) throw new Error(`login ${name} failed: ${res.status} ${res.text}`);
    return httpClient(baseUrl, { cookie, csrfToken: res.body.csrfToken });
  };
  let adminClient: Promise<HttpClient> | null = null;
  return {
    baseUrl, db, zari, login,
    anonymous: () => httpClient(baseUrl),
    admin: () => (adminClient ??= login('admin', testAdminPassword)),
    async createUser(role, extras = {}) {
      userCounter += 1;
      const password = extras.password ?? `pw-${role}-${userCounter}-secret`;
      const user = await zari.services.users.create(systemActor, { login: `${role}${userCounter}`, name: `Test ${role} ${userCounter}`, role, ...extras, password });
      return { user, password, client: await login(user.login, password) };
    },
    async close() {
      await zari.close();
      await db.destroy();
    },
  };
}
