import ExcelJS from 'exceljs';
import { dbProviders } from '../helpers/db.js';
import type { HttpClient, TestApp } from '../helpers/http.js';
import { expectStatus, startCrmApp } from './crm-fixtures.js';

/**
 * Client import through HTTP: a 10,000-row CSV with 50 broken rows (bad phone, missing name, too long name,
 * bad tax id, bad e-mail) posted as text/csv with a column mapping → 202 with the running job; progress is
 * observable on GET /api/imports/:id; at the end the good rows are in and every broken row is reported with
 * its row number, field and code. Also XLSX, and the request errors (media type, empty, too large, bad map).
 */

interface Job { id: number; status: string; total: number; processed: number; succeeded: number; failed: number; errors: { row: number; field: string; code: string; message: string }[] }

const rowCount = 10_000;
type Broken = 'phone' | 'name' | 'long' | 'taxId' | 'email';
const brokenKinds: readonly Broken[] = ['phone', 'name', 'long', 'taxId', 'email'];
const expectedField: Record<Broken, string> = { phone: 'phones', name: 'name', long: 'name', taxId: 'taxId', email: 'email' };

/** Row i (1-based data row; spreadsheet row i + 1). Every 200th row is broken, cycling through the kinds. */
function csvLine(i: number): { line: string; broken: Broken | null } {
  const broken = i % 200 === 0 ? (brokenKinds[(i / 200) % brokenKinds.length] ?? null) : null;
  const name = broken === 'name' ? '' : broken === 'long' ? 'Д'.repeat(201) : `ООО "Ромашка ${i}"`;
  const phone = broken === 'phone' ? 'not-a-phone' : `8 (916) ${String(1_000_000 + i).slice(0, 3)}-${String(1_000_000 + i).slice(3, 5)}-${String(1_000_000 + i).slice(5, 7)}`;
  const inn = broken === 'taxId' ? '!!' : String(7_700_000_000 + i);
  const mail = broken === 'email' ? 'foo@' : `info${i}@example.ru`;
  const cells = [name, phone, inn, mail, i % 2 === 0 ? 'import;even' : 'import'];
  return { line: cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','), broken };
}

function bigCsv(): { text: string; broken: Map<number, Broken> } {
  const lines = ['Company,Tel,INN,Mail,Labels'];
  const broken = new Map<number, Broken>();
  for (let i = 1; i <= rowCount; i++) {
    const r = csvLine(i);
    lines.push(r.line);
    if (r.broken) broken.set(i + 1, r.broken);
  }
  return { text: `${lines.join('\r\n')}\r\n`, broken };
}

const map = encodeURIComponent(JSON.stringify({ Company: 'name', Tel: 'phones', INN: 'taxId', Mail: 'email', Labels: 'tags' }));

async function waitForJob(admin: HttpClient, id: number, seen: number[]): Promise<Job> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const job = expectStatus(await admin.get<Job>(`/api/imports/${id}`), 200).body;
    seen.push(job.processed);
    if (job.status !== 'running') return job;
    if (Date.now() > deadline) throw new Error(`import ${id} still running: ${JSON.stringify(job).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(dbProviders)('client import over HTTP [%s]', (provider) => {
  let app: TestApp;
  let admin: HttpClient;

  beforeAll(async () => {
    app = await startCrmApp(provider);
    admin = await app.admin();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('imports a 10,000-row CSV with broken rows: good rows kept, each bad row reported, progress observable', async () => {
    const { text, broken } = bigCsv();
    const started = await admin.request<Job>('POST', `/api/clients/import?map=${map}&fileName=big.csv`, { raw: text, contentType: 'text/csv; charset=utf-8' });
    expectStatus(started, 202);
    expect(started.body.status).toBe('running');
    expect(started.body.processed).toBeLessThan(rowCount);
    const seen = [started.body.processed];
    const job = await waitForJob(admin, started.body.id, seen);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(job).toMatchObject({ status: 'done', total: rowCount, processed: rowCount, succeeded: rowCount - broken.size, failed: broken.size });
    expect(new Set(job.errors.map((e) => e.row))).toEqual(new Set(broken.keys()));
    for (const e of job.errors) {
      const kind = broken.get(e.row);
      expect(kind && e.field).toBe(kind ? expectedField[kind] : undefined);
      expect(typeof e.code).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
    }
    const all = await admin.get<{ total: number }>('/api/clients?pageSize=1');
    expect(all.body.total).toBe(rowCount - broken.size);
    const one = await admin.get<{ items: { name: string; taxId: string; tags: string[]; phones: { e164: string }[] }[] }>(`/api/clients?phone=${encodeURIComponent('+7 916 100-12-34')}`);
    expect(one.body.items).toHaveLength(1);
    expect(one.body.items[0]).toMatchObject({ name: 'ООО "Ромашка 1234"', taxId: '7700001234', phones: [{ e164: '+79161001234' }] });
    expect([...(one.body.items[0]?.tags ?? [])].sort()).toEqual(['even', 'import']);
    const brokenName = await admin.get<{ total: number }>(`/api/clients?q=${encodeURIComponent('Ромашка 200"')}`);
    expect(brokenName.body.total).toBe(0);
  }, 180_000);

  it('imports XLSX (waiting for the result) and reports its bad row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Clients');
    ws.addRow(['name', 'phones', 'segment']);
    ws.addRow(['შპს "საქართველო"', '+995 322 12 34 56', 'retail']);
    ws.addRow(['', '+995 555 12 34 56', 'retail']);
    ws.addRow(['Acme LLC', '8 916 555-44-33', 'wholesale']);
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await admin.request<{ status: string; succeeded: number; failed: number; errors: { row: number; field: string }[] }>(
      'POST', '/api/clients/import?wait=1', { raw: file, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    );
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ status: 'done', succeeded: 2, failed: 1, errors: [{ row: 3, field: 'name' }] });
    const found = await admin.get<{ items: { name: string; segment: string }[] }>(`/api/clients?phone=${encodeURIComponent('+995322123456')}`);
    expect(found.body.items.map((c) => c.name)).toEqual(['შპს "საქართველო"']);
  });

  it('refuses bad import requests with a 4xx', async () => {
    const csv = 'name\nOne\n';
    const cases: { path: string; raw: string | Uint8Array<ArrayBuffer>; type: string; status: number; code: string }[] = [
      { path: '/api/clients/import', raw: csv, type: 'application/pdf', status: 415, code: 'unsupported_media_type' },
      { path: '/api/clients/import', raw: csv, type: 'text/plain', status: 415, code: 'unsupported_media_type' },
      { path: '/api/clients/import', raw: '', type: 'text/csv', status: 400, code: 'validation_failed' },
      { path: '/api/clients/import?map=%7Bnot-json', raw: csv, type: 'text/csv', status: 400, code: 'validation_failed' },
      { path: `/api/clients/import?map=${encodeURIComponent('{"name":"password"}')}`, raw: csv, type: 'text/csv', status: 400, code: 'validation_failed' },
      { path: '/api/clients/import?map=name', raw: csv, type: 'text/csv', status: 400, code: 'validation_failed' },
      { path: '/api/clients/import?delimiter=x', raw: csv, type: 'text/csv', status: 400, code: 'validation_failed' },
      { path: '/api/clients/import', raw: new Uint8Array(21 * 1024 * 1024), type: 'text/csv', status: 413, code: 'payload_too_large' },
    ];
    for (const k of cases) {
      const res = await admin.request<{ error: { code: string } }>('POST', k.path, { raw: k.raw, contentType: k.type });
      expect({ path: k.path, type: k.type, status: res.status, code: res.body?.error?.code }).toEqual({ path: k.path, type: k.type, status: k.status, code: k.code });
    }
    const corrupt = await admin.request<{ status: string }>('POST', '/api/clients/import?wait=1', {
      raw: new TextEncoder().encode('PK\u0003\u0004 this is no spreadsheet') as Uint8Array<ArrayBuffer>,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expectStatus(corrupt, 200);
    expect(corrupt.body.status).toBe('failed');
    const noNameColumn = expectStatus(await admin.request<{ status: string }>('POST', '/api/clients/import?wait=true', { raw: 'foo,bar\n1,2\n', contentType: 'text/csv' }), 200);
    expect(noNameColumn.body.status).toBe('failed');
    expectStatus(await admin.get('/api/imports/2147483647'), 404);
  });
});
