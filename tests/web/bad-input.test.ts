import { z } from 'zod';
import { crmRoutes, type CrmRouteServices } from '../../web/routes/index.js';
import type { RouteDef } from '../../web/http/route.js';
import { dbProviders } from '../helpers/db.js';
import type { HttpClient, TestApp } from '../helpers/http.js';
import { expectStatus, freshPhone, startCrmApp } from './crm-fixtures.js';

/**
 * Bad input for every CRM endpoint, through real HTTP: invalid ids, missing fields, wrong types, oversized
 * strings, invalid numbers and pagination, malformed and oversized JSON, invalid phone numbers, references to
 * records that do not exist. Every answer is a 4xx with {"error":{code,message,details}}; never a 500.
 * SQL and HTML in strings are data: stored and returned verbatim.
 * The generic cases are generated from the routes' own zod schemas (as JSON Schema), so a new route is covered
 * as soon as it is added to crmRoutes().
 */

/** 'not5xx': the input is odd but may be acceptable on one provider (e.g. an int beyond int32 on SQLite) */
type Expect = 400 | 404 | 413 | 415 | 'not5xx';
interface Case { name: string; method: string; path: string; body?: unknown; raw?: string; contentType?: string; expect: Expect; code?: string }
interface JsonSchema { type?: string | string[]; maxLength?: number; maximum?: number; pattern?: string; enum?: unknown[]; anyOf?: JsonSchema[]; properties?: Record<string, JsonSchema>; required?: string[] }

const sql = `'; DROP TABLE "Client";--`;
const html = '<img src=x onerror=alert(1)>';
const badIds = ['abc', '-1', '0', '1.5', '1e3', '99999999999', encodeURIComponent(sql), '%20'];

/** The route definitions only (handlers are not called here, so no services are needed). */
const routes: RouteDef[] = crmRoutes({} as CrmRouteServices).filter((r) => !r.rawBody);

const jsonSchemaOf = (s: z.ZodType): JsonSchema => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
const fill = (path: string, values: Record<string, string> = {}): string => path.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? (name === 'id' ? '1' : 'x'));
const label = (r: RouteDef): string => `${r.method.toUpperCase()} ${r.path}`;

/** The string member of a property (plain or inside anyOf). */
function stringMember(p: JsonSchema): JsonSchema | undefined {
  if (p.type === 'string' || (Array.isArray(p.type) && p.type.includes('string'))) return p;
  return p.anyOf?.find((m) => m.type === 'string');
}

function paramCases(r: RouteDef): Case[] {
  const cases: Case[] = [];
  for (const id of r.path.includes(':id') ? badIds : []) {
    cases.push({ name: `${label(r)} id=${id}`, method: r.method, path: fill(r.path, { id }), ...(r.body ? { body: {} } : {}), expect: 400, code: 'validation_failed' });
  }
  if (r.path.includes(':tag')) cases.push({ name: `${label(r)} oversized tag`, method: r.method, path: fill(r.path, { tag: 'x'.repeat(51) }), expect: 400 });
  return cases;
}

/** Bad values for one query parameter, from its JSON Schema. */
function badQueryValues(p: JsonSchema): string[] {
  const s = stringMember(p);
  if (p.type === 'integer' || p.type === 'number') return ['abc', 'NaN', '-1', '1e400'];
  if (s?.enum) return ['bogus-value'];
  if (s?.pattern) return ['abc', '-1', '0'];
  if (s?.maxLength !== undefined) return ['x'.repeat(s.maxLength + 1)];
  if (p.anyOf?.some((m) => m.enum)) return ['bogus-value'];
  return [];
}

function queryCases(r: RouteDef): Case[] {
  if (!r.query) return [];
  const props = jsonSchemaOf(r.query).properties ?? {};
  const cases: Case[] = [];
  for (const [key, p] of Object.entries(props)) {
    for (const v of badQueryValues(p)) {
      cases.push({ name: `${label(r)} ?${key}=${v.slice(0, 12)}`, method: r.method, path: `${fill(r.path)}?${key}=${encodeURIComponent(v)}`, expect: 400, code: 'validation_failed' });
    }
    if (stringMember(p)) {
      cases.push({ name: `${label(r)} ?${key} NUL`, method: r.method, path: `${fill(r.path)}?${key}=a%00b`, expect: 400, code: 'validation_failed' });
    }
    // a repeated parameter arrives as an array: refused, except by coercing schemas (booleans, dates) that accept anything
    const coercing = p.type === 'boolean' || Object.keys(p).length === 0;
    cases.push({ name: `${label(r)} ?${key} repeated`, method: r.method, path: `${fill(r.path)}?${key}=1&${key}=2`, expect: coercing ? 'not5xx' : 400 });
  }
  return cases;
}

/**
 * A valid body per route: each field case replaces one field of it, so the 400 comes from that field and not
 * from a missing required one (checked by the first test).
 */
const validBodies: Record<string, Record<string, unknown>> = {
  createClient: { name: 'Base' }, updateClient: {}, setClientResponsible: { userId: null }, addClientTags: { tags: ['a'] },
  createClientContact: { name: 'C' }, createContact: { clientId: 1, name: 'C' }, updateContact: {},
  addClientPhone: { raw: '+79161234567' }, createDeal: { clientId: 1, title: 'D' }, updateDeal: {}, moveDealStage: { stageId: 1 },
  createPipeline: { name: 'P', stages: [{ name: 'a' }, { name: 'w', kind: 'won' }, { name: 'l', kind: 'lost' }] },
  createTask: { title: 'T' }, updateTask: {}, createInteraction: { kind: 'call' }, createNote: { clientId: 1, body: 'b' },
  createClientNote: { body: 'b' }, addDoNotCall: { phone: '+79161234567' }, mergeClients: { targetId: 1, sourceId: 2 },
};

function bodyCases(r: RouteDef): Case[] {
  if (!r.body) return [];
  const schema = jsonSchemaOf(r.body);
  const valid = validBodies[r.operationId] ?? {};
  const base = { method: r.method, path: fill(r.path) };
  const cases: Case[] = [
    { ...base, name: `${label(r)} malformed JSON`, raw: '{"name": ', contentType: 'application/json', expect: 400, code: 'invalid_json' },
    { ...base, name: `${label(r)} JSON string body`, raw: '"just a string"', contentType: 'application/json', expect: 400 },
    { ...base, name: `${label(r)} JSON array body`, body: [1, 2, 3], expect: 400, code: 'validation_failed' },
    { ...base, name: `${label(r)} body over 1 MB`, body: { name: 'x'.repeat(1_100_000) }, expect: 413, code: 'payload_too_large' },
  ];
  if ((schema.required ?? []).length > 0) cases.push({ ...base, name: `${label(r)} missing required`, body: {}, expect: 400, code: 'validation_failed' });
  for (const [key, p] of Object.entries(schema.properties ?? {})) {
    const with_ = (v: unknown): Record<string, unknown> => ({ ...valid, [key]: v });
    cases.push({ ...base, name: `${label(r)} ${key} wrong type`, body: with_([[[]]]), expect: 400, code: 'validation_failed' });
    const s = stringMember(p);
    if (s?.maxLength !== undefined) cases.push({ ...base, name: `${label(r)} ${key} oversized`, body: with_('x'.repeat(s.maxLength + 1)), expect: 400, code: 'validation_failed' });
    if (s) {
      cases.push({ ...base, name: `${label(r)} ${key} NUL character`, body: with_('a\u0000b'), expect: 400, code: 'validation_failed' });
      cases.push({ ...base, name: `${label(r)} ${key} lone surrogate`, body: with_('x\ud800y'), expect: 400, code: 'validation_failed' });
    }
    const int = p.type === 'integer' ? p : p.anyOf?.find((m) => m.type === 'integer');
    if (int) {
      cases.push({ ...base, name: `${label(r)} ${key} negative/fraction`, body: with_(-1.5), expect: 400, code: 'validation_failed' });
      // ids are capped at int32 by the schemas; counters (talkSeconds…) are not: PostgreSQL refuses, SQLite stores
      const capped = int.maximum !== undefined && int.maximum <= 2 ** 31 - 1;
      cases.push({ ...base, name: `${label(r)} ${key} beyond int32`, body: with_(2 ** 31), expect: capped ? 400 : 'not5xx' });
    }
  }
  return cases;
}

const generated: Case[] = routes.flatMap((r) => [...paramCases(r), ...queryCases(r), ...bodyCases(r)]);

async function send(c: HttpClient, k: Pick<Case, 'method' | 'path' | 'body' | 'raw' | 'contentType'>) {
  const opts = k.raw !== undefined ? { raw: k.raw, contentType: k.contentType ?? 'application/json' } : k.body !== undefined ? { body: k.body } : {};
  return c.request<{ error?: { code?: unknown; message?: unknown; details?: unknown } }>(k.method, k.path, opts);
}

function checkError(k: Case, res: { status: number; body: { error?: { code?: unknown; message?: unknown } } | undefined; text: string }): string | null {
  const where = `${k.name}: ${res.status} ${res.text.slice(0, 200)}`;
  if (res.status >= 500) return `5xx! ${where}`;
  if (k.expect !== 'not5xx' && res.status !== k.expect) return `expected ${k.expect}, ${where}`;
  if (res.status >= 400) {
    const e = res.body?.error;
    if (typeof e?.code !== 'string' || typeof e.message !== 'string') return `no error shape, ${where}`;
    if (k.code && e.code !== k.code) return `expected code ${k.code}, ${where}`;
  }
  return null;
}

describe.each(dbProviders)('bad input [%s]', (provider) => {
  let app: TestApp;
  let admin: HttpClient;
  let clientId = 0;

  beforeAll(async () => {
    app = await startCrmApp(provider);
    admin = await app.admin();
    clientId = expectStatus(await admin.post<{ id: number }>('/api/clients', { name: 'Target' }), 201).body.id;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('has a valid base body for every JSON body route', () => {
    const missing = routes.filter((r) => r.body && !(r.operationId in validBodies)).map(label);
    expect(missing).toEqual([]);
    const invalid = routes.filter((r) => r.body && !r.body.safeParse(validBodies[r.operationId]).success).map(label);
    expect(invalid).toEqual([]);
  });

  it('generates cases for every CRM route', () => {
    const covered = new Set(generated.map((k) => k.name.split(' ').slice(0, 2).join(' ')));
    const uncovered = routes.filter((r) => (r.path.includes(':') || r.body || r.query) && !covered.has(label(r)));
    expect(uncovered.map(label)).toEqual([]);
    expect(generated.length).toBeGreaterThan(300);
  });

  it('answers every generated bad request with the expected 4xx and the error shape, never a 500', async () => {
    const failures: string[] = [];
    for (const k of generated) {
      const failure = checkError(k, await send(admin, k));
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses semantically bad values with a 4xx (invalid phones, unknown references, bad amounts)', async () => {
    const cases: Case[] = [
      { name: 'client with an invalid phone', method: 'POST', path: '/api/clients', body: { name: 'P', phones: [{ raw: 'not a phone' }] }, expect: 400, code: 'invalid_phone_number' },
      { name: 'add an invalid phone', method: 'POST', path: `/api/clients/${clientId}/phones`, body: { raw: '+++' }, expect: 400, code: 'invalid_phone_number' },
      { name: 'client with a bad tax id', method: 'POST', path: '/api/clients', body: { name: 'T', taxId: '<script>' }, expect: 400 },
      { name: 'client with a bad e-mail', method: 'POST', path: '/api/clients', body: { name: 'E', email: 'no-at-sign' }, expect: 400 },
      { name: 'client responsible does not exist', method: 'POST', path: '/api/clients', body: { name: 'R', responsibleUserId: 2147483647 }, expect: 400 },
      { name: 'responsible user does not exist', method: 'PUT', path: `/api/clients/${clientId}/responsible`, body: { userId: 2147483647 }, expect: 400 },
      { name: 'get a client that does not exist', method: 'GET', path: '/api/clients/2147483647', expect: 404, code: 'not_found' },
      { name: 'patch a client that does not exist', method: 'PATCH', path: '/api/clients/2147483647', body: { notes: 'x' }, expect: 404 },
      { name: 'deal for a missing client', method: 'POST', path: '/api/deals', body: { clientId: 2147483647, title: 'D' }, expect: 404 },
      { name: 'deal amount NaN', method: 'POST', path: '/api/deals', body: { clientId, title: 'D', amount: 'NaN' }, expect: 400 },
      { name: 'deal amount 1e309', method: 'POST', path: '/api/deals', body: { clientId, title: 'D', amount: '1e309' }, expect: 400 },
      { name: 'deal amount 3 decimals', method: 'POST', path: '/api/deals', body: { clientId, title: 'D', amount: '12.345' }, expect: 400 },
      { name: 'deal owner does not exist', method: 'POST', path: '/api/deals', body: { clientId, title: 'D', ownerId: 2147483647 }, expect: 400 },
      { name: 'deal currency not ISO', method: 'POST', path: '/api/deals', body: { clientId, title: 'D', currency: 'rubles' }, expect: 400 },
      { name: 'deal close date invalid', method: 'POST', path: '/api/deals', body: { clientId, title: 'D', expectedCloseAt: 'tomorrow-ish' }, expect: 400 },
      { name: 'task assignee does not exist', method: 'POST', path: '/api/tasks', body: { title: 'T', assigneeId: 2147483647 }, expect: 400 },
      { name: 'task for a missing client', method: 'POST', path: '/api/tasks', body: { title: 'T', clientId: 2147483647 }, expect: 404 },
      { name: 'task due date invalid', method: 'POST', path: '/api/tasks', body: { title: 'T', dueAt: '2026-13-45' }, expect: 400 },
      { name: 'note without body', method: 'POST', path: `/api/clients/${clientId}/notes`, body: { body: '   ' }, expect: 400 },
      { name: 'interaction user does not exist', method: 'POST', path: '/api/interactions', body: { kind: 'call', userId: 2147483647 }, expect: 400 },
      { name: 'interaction contact does not exist', method: 'POST', path: '/api/interactions', body: { kind: 'call', clientId, contactId: 2147483647 }, expect: 400 },
      { name: 'merge into itself', method: 'POST', path: '/api/clients/merge', body: { targetId: clientId, sourceId: clientId }, expect: 400 },
      { name: 'merge a missing client', method: 'POST', path: '/api/clients/merge', body: { targetId: clientId, sourceId: 2147483647 }, expect: 404 },
      { name: 'DNC invalid phone', method: 'POST', path: '/api/do-not-call', body: { phone: 'call me maybe' }, expect: 400, code: 'invalid_phone_number' },
      { name: 'DNC remove invalid phone', method: 'DELETE', path: '/api/do-not-call?phone=garbage', expect: 400 },
      { name: 'identify without number', method: 'GET', path: '/api/identify', expect: 400 },
      { name: 'contact for a missing client', method: 'POST', path: '/api/contacts', body: { clientId: 2147483647, name: 'C' }, expect: 404 },
      { name: 'phone of a contact of another client', method: 'POST', path: `/api/clients/${clientId}/phones`, body: { raw: freshPhone(), contactId: 2147483647 }, expect: 400 },
      { name: 'offset beyond any page', method: 'GET', path: '/api/clients?offset=9007199254740991', expect: 'not5xx' },
      { name: 'NUL in a custom field key', method: 'POST', path: '/api/clients', body: { name: 'K', customFields: { 'a\u0000': 'v' } }, expect: 400 },
      { name: 'NUL in a search', method: 'GET', path: '/api/clients?q=%00', expect: 400 },
      { name: 'unknown stage', method: 'POST', path: '/api/deals/2147483647/stage', body: { stageId: 1 }, expect: 404 },
    ];
    const failures: string[] = [];
    for (const k of cases) {
      const failure = checkError(k, await send(admin, k));
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it('stores SQL and HTML in strings verbatim and returns them as JSON data', async () => {
    const created = expectStatus(await admin.post<{ id: number; name: string; notes: string }>('/api/clients', { name: sql, notes: html, tags: ['<b>'] }), 201);
    expect(created.body.name).toBe(sql);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    const got = await admin.get<{ name: string; notes: string; tags: string[] }>(`/api/clients/${created.body.id}`);
    expect(got.body).toMatchObject({ name: sql, notes: html, tags: ['<b>'] });
    const contact = expectStatus(await admin.post<{ name: string }>(`/api/clients/${created.body.id}/contacts`, { name: html, position: sql }), 201);
    expect(contact.body).toMatchObject({ name: html, position: sql });
    const note = expectStatus(await admin.post<{ body: string; subject: string }>(`/api/clients/${created.body.id}/notes`, { body: html, subject: sql }), 201);
    expect(note.body).toMatchObject({ body: html, subject: sql });
    const task = expectStatus(await admin.post<{ title: string }>('/api/tasks', { title: sql, description: html }), 201);
    expect(task.body.title).toBe(sql);
    const deal = expectStatus(await admin.post<{ title: string }>('/api/deals', { clientId: created.body.id, title: html }), 201);
    expect(deal.body.title).toBe(html);
    const search = await admin.get<{ items: { id: number }[] }>(`/api/clients?q=${encodeURIComponent(sql)}`);
    expect(search.status).toBe(200);
    expect(search.body.items.map((c) => c.id)).toEqual([created.body.id]);
    const byTag = await admin.get<{ items: { id: number }[] }>(`/api/clients?tag=${encodeURIComponent('<b>')}`);
    expect(byTag.body.items.map((c) => c.id)).toEqual([created.body.id]);
    const who = await admin.get<{ match: string }>(`/api/identify?number=${encodeURIComponent(sql)}`);
    expect(who.status).toBe(200);
    expect(who.body.match).toBe('none');
    const stillThere = await admin.get<{ total: number }>('/api/clients');
    expect(stillThere.status).toBe(200);
    expect(stillThere.body.total).toBeGreaterThanOrEqual(2);
  });
});
