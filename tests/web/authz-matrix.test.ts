import { actions, scopeOf, type Action, type Actor, type Role } from '../../crm-core/index.js';
import { dbProviders } from '../helpers/db.js';
import type { HttpClient, TestApp } from '../helpers/http.js';
import { createRoleUsers, expectStatus, freshPhone, roleList, startCrmApp, type RoleUsers } from './crm-fixtures.js';

/**
 * The authorization matrix: every CRM endpoint × every role → allowed (any 2xx) or denied, executed as real
 * HTTP requests against the real app and database. Denied means 403 `forbidden`, except where a manager asks for
 * a client (or its contacts, timeline, deals) that is not theirs: 404 `not_found`, so the existence of other
 * managers' clients is not disclosed. Tasks the caller neither created nor is assigned to are 404 too.
 * Without a session every endpoint answers 401 `unauthenticated` (none of these routes is public).
 * The design is crm-core's access table (crm-core/services/access-policy.ts); this table restates it per endpoint.
 */

type Denial = 403 | 404;
interface Req { method: string; path: string; body?: unknown; raw?: string; contentType?: string }
interface Row {
  readonly name: string;
  /** builds the request for this role (may first create fresh resources as admin) */
  readonly request: (role: Role, caller: HttpClient) => Promise<Req>;
  readonly allowed: readonly Role[];
  /** denial per role when not 403 */
  readonly denied?: Partial<Record<Role, Denial>>;
  /** the crm-core action this row exercises, on the manager's own client ('own') or another manager's ('other') */
  readonly policy?: readonly [Action, 'own' | 'other'];
}

const all = roleList;
const adminSup: readonly Role[] = ['admin', 'supervisor'];
const withManager: readonly Role[] = ['admin', 'supervisor', 'manager'];
const exceptManager = all.filter((r) => r !== 'manager');

interface Fixture {
  users: RoleUsers;
  admin: HttpClient;
  own: number;
  other: number;
  ownContact: number;
  ownDeal: number;
  otherDeal: number;
  secondStage: number;
  pipelineId: number;
  adminTask: number;
  note: number;
}

let seq = 0;
const uniq = (p: string): string => `${p}-${++seq}`;

async function post(c: HttpClient, path: string, body: unknown): Promise<number> {
  return expectStatus(await c.post<{ id: number }>(path, body), 201).body.id;
}

async function setup(app: TestApp): Promise<Fixture> {
  const users = await createRoleUsers(app);
  const admin = users.clients.admin;
  const own = await post(admin, '/api/clients', { name: 'Own Client', responsibleUserId: users.ids.manager, phones: [{ raw: freshPhone() }] });
  const other = await post(admin, '/api/clients', { name: 'Other Client', responsibleUserId: users.otherManager.id });
  const ownContact = await post(admin, `/api/clients/${own}/contacts`, { name: 'Contact Person' });
  const ownDeal = await post(admin, '/api/deals', { clientId: own, title: 'Own deal', amount: '100.00' });
  const otherDeal = await post(admin, '/api/deals', { clientId: other, title: 'Other deal' });
  const pipelines = await admin.get<{ items: { id: number; stages: { id: number }[] }[] }>('/api/pipelines');
  const pipeline = pipelines.body.items[0];
  const secondStage = pipeline?.stages[1]?.id;
  if (!pipeline || secondStage === undefined) throw new Error('default pipeline missing');
  const adminTask = await post(admin, '/api/tasks', { title: 'Admin task', assigneeId: null });
  const note = await post(admin, `/api/clients/${own}/notes`, { body: 'a note' });
  return { users, admin, own, other, ownContact, ownDeal, otherDeal, secondStage, pipelineId: pipeline.id, adminTask, note };
}

function rows(f: () => Fixture): Row[] {
  const fx = f;
  const freshClient = async (): Promise<number> => post(fx().admin, '/api/clients', { name: uniq('Fresh'), responsibleUserId: fx().users.ids.manager });
  const myTask = async (caller: HttpClient): Promise<number> => post(caller, '/api/tasks', { title: uniq('My task') });
  return [
    { name: 'GET /api/clients', policy: ['clients:read', 'own'], allowed: all, request: async () => ({ method: 'GET', path: '/api/clients' }) },
    { name: 'POST /api/clients', policy: ['clients:create', 'own'], allowed: all.filter((r) => r !== 'telemarketer'), request: async () => ({ method: 'POST', path: '/api/clients', body: { name: uniq('New') } }) },
    { name: 'GET /api/clients/:id (manager\'s own)', policy: ['clients:read', 'own'], allowed: all, request: async () => ({ method: 'GET', path: `/api/clients/${fx().own}` }) },
    { name: 'GET /api/clients/:id (another manager\'s)', policy: ['clients:read', 'other'], allowed: exceptManager, denied: { manager: 404 }, request: async () => ({ method: 'GET', path: `/api/clients/${fx().other}` }) },
    { name: 'PATCH /api/clients/:id (own)', policy: ['clients:update', 'own'], allowed: withManager, request: async () => ({ method: 'PATCH', path: `/api/clients/${fx().own}`, body: { notes: uniq('n') } }) },
    { name: 'PATCH /api/clients/:id (another manager\'s)', policy: ['clients:update', 'other'], allowed: adminSup, request: async () => ({ method: 'PATCH', path: `/api/clients/${fx().other}`, body: { notes: uniq('n') } }) },
    { name: 'DELETE /api/clients/:id (own)', policy: ['clients:delete', 'own'], allowed: withManager, request: async () => ({ method: 'DELETE', path: `/api/clients/${await freshClient()}` }) },
    { name: 'PUT /api/clients/:id/responsible', policy: ['clients:assign', 'own'], allowed: adminSup, request: async () => ({ method: 'PUT', path: `/api/clients/${await freshClient()}/responsible`, body: { userId: fx().users.otherManager.id } }) },
    { name: 'GET /api/clients/:id/responsible-history', allowed: all, request: async () => ({ method: 'GET', path: `/api/clients/${fx().own}/responsible-history` }) },
    { name: 'POST /api/clients/:id/tags', policy: ['clients:update', 'own'], allowed: withManager, request: async () => ({ method: 'POST', path: `/api/clients/${fx().own}/tags`, body: { tags: ['matrix'] } }) },
    { name: 'DELETE /api/clients/:id/tags/:tag', policy: ['clients:update', 'own'], allowed: withManager, request: async () => ({ method: 'DELETE', path: `/api/clients/${fx().own}/tags/matrix` }) },
    { name: 'GET /api/clients/:id/contacts (own)', allowed: all, request: async () => ({ method: 'GET', path: `/api/clients/${fx().own}/contacts` }) },
    { name: 'GET /api/clients/:id/contacts (another manager\'s)', allowed: exceptManager, denied: { manager: 404 }, request: async () => ({ method: 'GET', path: `/api/clients/${fx().other}/contacts` }) },
    { name: 'POST /api/clients/:id/contacts', policy: ['contacts:write', 'own'], allowed: withManager, request: async () => ({ method: 'POST', path: `/api/clients/${fx().own}/contacts`, body: { name: uniq('Contact') } }) },
    { name: 'GET /api/contacts?clientId=', allowed: all, request: async () => ({ method: 'GET', path: `/api/contacts?clientId=${fx().own}` }) },
    { name: 'POST /api/contacts', allowed: withManager, request: async () => ({ method: 'POST', path: '/api/contacts', body: { clientId: fx().own, name: uniq('Contact') } }) },
    { name: 'GET /api/contacts/:id', allowed: all, request: async () => ({ method: 'GET', path: `/api/contacts/${fx().ownContact}` }) },
    { name: 'PATCH /api/contacts/:id', policy: ['contacts:write', 'own'], allowed: withManager, request: async () => ({ method: 'PATCH', path: `/api/contacts/${fx().ownContact}`, body: { position: uniq('Boss') } }) },
    {
      name: 'DELETE /api/contacts/:id', policy: ['contacts:delete', 'own'], allowed: withManager,
      request: async () => ({ method: 'DELETE', path: `/api/contacts/${await post(fx().admin, `/api/clients/${fx().own}/contacts`, { name: uniq('Gone') })}` }),
    },
    { name: 'POST /api/clients/:id/phones', policy: ['phones:write', 'own'], allowed: withManager, request: async () => ({ method: 'POST', path: `/api/clients/${fx().own}/phones`, body: { raw: freshPhone(), type: 'mobile' } }) },
    {
      name: 'DELETE /api/phones/:id', policy: ['phones:delete', 'own'], allowed: withManager,
      request: async () => ({ method: 'DELETE', path: `/api/phones/${await post(fx().admin, `/api/clients/${fx().own}/phones`, { raw: freshPhone() })}` }),
    },
    { name: 'GET /api/clients/:id/interactions (own)', policy: ['interactions:read', 'own'], allowed: all, request: async () => ({ method: 'GET', path: `/api/clients/${fx().own}/interactions` }) },
    { name: 'GET /api/clients/:id/interactions (another manager\'s)', policy: ['interactions:read', 'other'], allowed: exceptManager, denied: { manager: 404 }, request: async () => ({ method: 'GET', path: `/api/clients/${fx().other}/interactions` }) },
    { name: 'POST /api/clients/:id/notes', policy: ['interactions:create', 'own'], allowed: all, request: async () => ({ method: 'POST', path: `/api/clients/${fx().own}/notes`, body: { body: uniq('note') } }) },
    { name: 'POST /api/interactions/notes', allowed: all, request: async () => ({ method: 'POST', path: '/api/interactions/notes', body: { clientId: fx().own, body: uniq('note') } }) },
    {
      name: 'POST /api/interactions (manual call log)', allowed: all,
      request: async () => ({ method: 'POST', path: '/api/interactions', body: { kind: 'call', direction: 'outbound', clientId: fx().own, phone: freshPhone(), outcome: 'answered', talkSeconds: 30 } }),
    },
    { name: 'GET /api/interactions?clientId=', allowed: all, request: async () => ({ method: 'GET', path: `/api/interactions?clientId=${fx().own}` }) },
    { name: 'GET /api/interactions/:id', allowed: all, request: async () => ({ method: 'GET', path: `/api/interactions/${fx().note}` }) },
    { name: 'GET /api/deals', policy: ['deals:read', 'own'], allowed: withManager, request: async () => ({ method: 'GET', path: '/api/deals' }) },
    { name: 'POST /api/deals', policy: ['deals:write', 'own'], allowed: withManager, request: async () => ({ method: 'POST', path: '/api/deals', body: { clientId: fx().own, title: uniq('Deal') } }) },
    { name: 'GET /api/deals/:id (own client)', allowed: withManager, request: async () => ({ method: 'GET', path: `/api/deals/${fx().ownDeal}` }) },
    { name: 'GET /api/deals/:id (another manager\'s client)', policy: ['deals:read', 'other'], allowed: adminSup, denied: { manager: 404 }, request: async () => ({ method: 'GET', path: `/api/deals/${fx().otherDeal}` }) },
    { name: 'PATCH /api/deals/:id', allowed: withManager, request: async () => ({ method: 'PATCH', path: `/api/deals/${fx().ownDeal}`, body: { title: uniq('Deal') } }) },
    { name: 'POST /api/deals/:id/stage', policy: ['deals:write', 'own'], allowed: withManager, request: async () => ({ method: 'POST', path: `/api/deals/${fx().ownDeal}/stage`, body: { stageId: fx().secondStage } }) },
    { name: 'GET /api/deals/:id/stage-history', allowed: withManager, request: async () => ({ method: 'GET', path: `/api/deals/${fx().ownDeal}/stage-history` }) },
    {
      name: 'DELETE /api/deals/:id', policy: ['deals:delete', 'own'], allowed: withManager,
      request: async () => ({ method: 'DELETE', path: `/api/deals/${await post(fx().admin, '/api/deals', { clientId: fx().own, title: uniq('Gone') })}` }),
    },
    { name: 'GET /api/pipelines', allowed: all, request: async () => ({ method: 'GET', path: '/api/pipelines' }) },
    { name: 'GET /api/pipelines/:id', allowed: all, request: async () => ({ method: 'GET', path: `/api/pipelines/${fx().pipelineId}` }) },
    {
      name: 'POST /api/pipelines', policy: ['pipelines:manage', 'own'], allowed: adminSup,
      request: async () => ({ method: 'POST', path: '/api/pipelines', body: { name: uniq('Pipeline'), stages: [{ name: 'Open' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }] } }),
    },
    { name: 'GET /api/reports/funnel', policy: ['reports:funnel', 'own'], allowed: withManager, request: async () => ({ method: 'GET', path: '/api/reports/funnel' }) },
    { name: 'GET /api/tasks', allowed: all, request: async () => ({ method: 'GET', path: '/api/tasks' }) },
    { name: 'GET /api/tasks/mine', allowed: all, request: async () => ({ method: 'GET', path: '/api/tasks/mine' }) },
    { name: 'POST /api/tasks', policy: ['tasks:create', 'own'], allowed: all, request: async () => ({ method: 'POST', path: '/api/tasks', body: { title: uniq('Task'), clientId: fx().own } }) },
    { name: 'GET /api/tasks/:id (own task)', allowed: all, request: async (_r, c) => ({ method: 'GET', path: `/api/tasks/${await myTask(c)}` }) },
    { name: 'GET /api/tasks/:id (someone else\'s)', allowed: adminSup, denied: { manager: 404, operator: 404, secretary: 404, telemarketer: 404 }, request: async () => ({ method: 'GET', path: `/api/tasks/${fx().adminTask}` }) },
    { name: 'PATCH /api/tasks/:id (own task)', allowed: all, request: async (_r, c) => ({ method: 'PATCH', path: `/api/tasks/${await myTask(c)}`, body: { priority: 'high' } }) },
    { name: 'PATCH /api/tasks/:id (someone else\'s)', policy: ['tasks:manage-all', 'own'], allowed: adminSup, denied: { manager: 404, operator: 404, secretary: 404, telemarketer: 404 }, request: async () => ({ method: 'PATCH', path: `/api/tasks/${fx().adminTask}`, body: { priority: 'low' } }) },
    { name: 'POST /api/tasks/:id/complete (own task)', allowed: all, request: async (_r, c) => ({ method: 'POST', path: `/api/tasks/${await myTask(c)}/complete` }) },
    { name: 'DELETE /api/tasks/:id (own task)', policy: ['tasks:delete', 'own'], allowed: withManager, request: async (_r, c) => ({ method: 'DELETE', path: `/api/tasks/${await myTask(c)}` }) },
    { name: 'GET /api/do-not-call', policy: ['dnc:read', 'own'], allowed: all, request: async () => ({ method: 'GET', path: '/api/do-not-call' }) },
    { name: 'GET /api/do-not-call/check', allowed: all, request: async () => ({ method: 'GET', path: `/api/do-not-call/check?phone=${encodeURIComponent(freshPhone())}` }) },
    { name: 'POST /api/do-not-call', policy: ['dnc:manage', 'own'], allowed: adminSup, request: async () => ({ method: 'POST', path: '/api/do-not-call', body: { phone: freshPhone(), reason: 'asked' } }) },
    {
      name: 'DELETE /api/do-not-call', allowed: adminSup,
      request: async () => {
        const phone = freshPhone();
        expectStatus(await fx().admin.post('/api/do-not-call', { phone }), 201);
        return { method: 'DELETE', path: `/api/do-not-call?phone=${encodeURIComponent(phone)}` };
      },
    },
    { name: 'GET /api/audit-log', policy: ['audit:read', 'own'], allowed: adminSup, request: async () => ({ method: 'GET', path: '/api/audit-log' }) },
    { name: 'GET /api/identify', allowed: all, request: async () => ({ method: 'GET', path: `/api/identify?number=${encodeURIComponent(freshPhone())}` }) },
    { name: 'GET /api/clients/duplicates', policy: ['clients:duplicates', 'own'], allowed: adminSup, request: async () => ({ method: 'GET', path: '/api/clients/duplicates' }) },
    {
      name: 'POST /api/clients/merge', policy: ['clients:merge', 'own'], allowed: adminSup,
      request: async () => ({ method: 'POST', path: '/api/clients/merge', body: { targetId: await freshClient(), sourceId: await freshClient() } }),
    },
    ...extraRows(fx),
  ];
}

/** Import/export rows (kept apart: they need raw bodies). */
function extraRows(fx: () => Fixture): Row[] {
  const csv = 'name,phones\nImported One,+79161110001\n';
  return [
    { name: 'POST /api/clients/import (CSV)', policy: ['clients:import', 'own'], allowed: adminSup, request: async () => ({ method: 'POST', path: '/api/clients/import', raw: csv, contentType: 'text/csv' }) },
    {
      name: 'GET /api/imports/:id', allowed: adminSup,
      request: async () => {
        const res = expectStatus(await fx().admin.request<{ id: number }>('POST', '/api/clients/import', { raw: csv, contentType: 'text/csv' }), 202);
        return { method: 'GET', path: `/api/imports/${res.body.id}` };
      },
    },
    { name: 'GET /api/clients/export.csv', policy: ['clients:export', 'own'], allowed: adminSup, request: async () => ({ method: 'GET', path: '/api/clients/export.csv' }) },
  ];
}

async function send(c: HttpClient, r: Req): Promise<{ status: number; code: string | undefined }> {
  const opts = r.raw !== undefined ? { raw: r.raw, contentType: r.contentType ?? 'text/plain' } : r.body !== undefined ? { body: r.body } : {};
  const res = await c.request<{ error?: { code?: string } }>(r.method, r.path, opts);
  return { status: res.status, code: res.body?.error?.code };
}

const codeOf = (status: number): string => (status === 404 ? 'not_found' : 'forbidden');

describe.each(dbProviders)('authorization matrix [%s]', (provider) => {
  let app: TestApp;
  let fixture: Fixture | undefined;
  const fx = (): Fixture => {
    if (!fixture) throw new Error('fixture not ready');
    return fixture;
  };

  beforeAll(async () => {
    app = await startCrmApp(provider);
    fixture = await setup(app);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const table = rows(fx);

  it('covers every role on every row', () => {
    expect(table.length).toBeGreaterThanOrEqual(55);
    expect(new Set(table.map((r) => r.name)).size).toBe(table.length);
  });

  it('agrees with crm-core\'s access table and exercises every CRM action', () => {
    const actorOf = (role: Role): Actor => ({ userId: 1, role, grants: [], extensions: [] });
    for (const row of table) {
      if (!row.policy) continue;
      const [action, on] = row.policy;
      const byPolicy = roleList.filter((role) => (on === 'own' ? scopeOf(actorOf(role), action) !== 'none' : scopeOf(actorOf(role), action) === 'all'));
      expect({ row: row.name, allowed: [...row.allowed].sort() }).toEqual({ row: row.name, allowed: [...byPolicy].sort() });
    }
    // users:* are the users routes (tests/web/users*.test.ts); vip-details and tasks:read-all change what a list or
    // a card shows, not whether the request is allowed (tests/web/crm-clients.test.ts)
    const elsewhere: readonly Action[] = ['users:read', 'users:manage', 'clients:vip-details', 'tasks:read-all'];
    const covered = new Set(table.flatMap((r) => (r.policy ? [r.policy[0]] : [])));
    expect(actions.filter((a) => !covered.has(a) && !elsewhere.includes(a))).toEqual([]);
  });

  it.each(table.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const mismatches: string[] = [];
    for (const role of roleList) {
      const caller = fx().users.clients[role];
      const req = await row.request(role, caller);
      const { status, code } = await send(caller, req);
      if (row.allowed.includes(role)) {
        if (status < 200 || status > 299) mismatches.push(`${role}: expected 2xx, got ${status} ${code ?? ''}`);
      } else {
        const want = row.denied?.[role] ?? 403;
        if (status !== want || code !== codeOf(want)) mismatches.push(`${role}: expected ${want}, got ${status} ${code ?? ''}`);
      }
    }
    const anon = await send(app.anonymous(), await row.request('admin', fx().admin));
    if (anon.status !== 401 || anon.code !== 'unauthenticated') mismatches.push(`anonymous: expected 401, got ${anon.status} ${anon.code ?? ''}`);
    expect(mismatches).toEqual([]);
  });
});
