import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { silentLogger } from '../../kernel/index.js';
import { createTelemarketingServices } from '../../cti/index.js';
import type { Actor } from '../../crm-core/index.js';
import { mountRoutes, setRequestAuth } from '../../web/http/route.js';
import { errorHandler } from '../../web/http/error-handler.js';
import { buildOpenApi } from '../../web/http/openapi.js';
import { campaignRoutes } from '../../web/routes/campaigns.routes.js';
import { describeEachDb } from '../helpers/db.js';
import { crmServices, makeActor, testPhones, uniq } from '../crm-core/crm-fixture.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const survey = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'scripts', 'good', 'survey.json'), 'utf8')) as Record<string, unknown>;

describeEachDb('campaign routes over HTTP', (get) => {
  let server: http.Server;
  let base = '';
  let actor: Actor;

  beforeAll(async () => {
    const db = get();
    const telemarketing = createTelemarketingServices({ db: db.prisma, logger: silentLogger(), phones: testPhones(), dnc: crmServices(db).dnc, clock: () => new Date('2026-03-02T09:00:00Z') });
    actor = await makeActor(db.prisma, 'supervisor', `sup${uniq()}`);
    const app = express();
    app.use(express.json());
    app.use((req, _res, next) => { setRequestAuth(req, { actor, sessionId: 'test' }); next(); });
    const router = express.Router();
    mountRoutes(router, campaignRoutes({ telemarketing }));
    app.use(router);
    app.use(errorHandler(silentLogger()));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  const call = async (method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${base}${p}`, { method, headers: { 'content-type': contentType }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) as Record<string, unknown> : {} };
  };

  it('is described in OpenAPI', () => {
    const doc = buildOpenApi(campaignRoutes({ telemarketing: createTelemarketingServices({ db: get().prisma, logger: silentLogger(), phones: testPhones(), dnc: crmServices(get()).dnc }) }), { title: 't', version: '1' });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/campaigns', '/api/campaigns/{id}/lists/import', '/api/campaigns/attempts/{id}/complete']));
  });

  it('creates, scripts, imports, starts, and checks compliance; a bad script answers 400 with its codes', async () => {
    const c = await call('POST', '/api/campaigns', { name: `http-${uniq()}`, dialMode: 'preview' });
    expect(c.status).toBe(201);
    const bad = await call('POST', '/api/campaigns/scripts', { ...survey, key: `k${uniq()}`, start: 'nowhere' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('unknown_start');
    const s = await call('POST', '/api/campaigns/scripts', { ...survey, key: `k${uniq()}` });
    expect(s.status).toBe(201);
    expect((await call('PUT', `/api/campaigns/${String(c.body.id)}/script`, { scriptVersionId: s.body.id })).status).toBe(200);
    const imp = await call('POST', `/api/campaigns/${String(c.body.id)}/lists/import?name=l&phoneColumn=tel`, 'tel\n+74952700001\nnot-a-number\n', 'text/csv');
    expect(imp.status).toBe(201);
    expect(imp.body).toEqual(expect.objectContaining({ total: 2, added: 1, failed: 1 }));
    expect((await call('POST', `/api/campaigns/${String(c.body.id)}/status`, { status: 'running' })).body.status).toBe('running');
    const next = await call('POST', `/api/campaigns/${String(c.body.id)}/next`);
    expect((next.body.target as { phone: string }).phone).toBe('+74952700001');
    const progress = await call('GET', `/api/campaigns/lists/${String(imp.body.listId)}/progress`);
    expect(progress.body).toEqual(expect.objectContaining({ total: 1, byState: { in_progress: 1 }, attempts: 1 }));
    const done = await call('POST', `/api/campaigns/attempts/${String((next.body.target as { attemptId: number }).attemptId)}/complete`, { disposition: 'stop_calling' });
    expect(done.body).toEqual({ state: 'blocked', nextAttemptAt: null });
    const check = await call('GET', `/api/campaigns/entries/${String((next.body.target as { entryId: number }).entryId)}/compliance`);
    expect(check.body).toEqual({ allowed: false, reason: 'dnc_global', permanent: true });
  });

  it('previews a file for the column mapping (headers, sample rows, a guess) and lists a campaign\'s lists with their reports', async () => {
    const csv = 'Компания;Телефон;Приоритет\nАльфа;+7 495 270-00-11;2\nБета;bad;1\nГамма;+74952700013;\n';
    const p = await call('POST', '/api/campaigns/lists/preview?delimiter=%3B', csv, 'text/csv');
    expect(p.status).toBe(200);
    expect(p.body).toEqual({
      headers: ['Компания', 'Телефон', 'Приоритет'], total: 3,
      rows: [['Альфа', '+7 495 270-00-11', '2'], ['Бета', 'bad', '1'], ['Гамма', '+74952700013', '']],
      guess: { phone: 'Телефон', name: 'Компания', priority: 'Приоритет' },
    });
    expect((await call('POST', '/api/campaigns/lists/preview', '', 'text/csv')).status).toBe(400);
    expect((await call('POST', '/api/campaigns/lists/preview', 'x', 'text/plain')).status).toBe(415);
    const c = await call('POST', '/api/campaigns', { name: `lists-${uniq()}` });
    const imp = await call('POST', `/api/campaigns/${String(c.body.id)}/lists/import?name=ru&phoneColumn=${encodeURIComponent('Телефон')}&nameColumn=${encodeURIComponent('Компания')}&delimiter=%3B`, csv, 'text/csv');
    expect(imp.body).toEqual(expect.objectContaining({ total: 3, added: 2, failed: 1 }));
    const lists = await call('GET', `/api/campaigns/${String(c.body.id)}/lists`);
    expect(lists.body.items).toEqual([expect.objectContaining({ name: 'ru', source: 'import', report: expect.objectContaining({ total: 3, failed: 1 }) as unknown })]);
  });
});
