import { startCrmApp } from './crm-fixtures.js';
it('probe', async () => {
  const app = await startCrmApp('postgresql');
  const admin = await app.admin();
  const out: string[] = [];
  for (const name of ['a\u0000b', 'x\ud800y']) {
    const r = await admin.post('/api/clients', { name });
    out.push(`${r.status} ${r.text.slice(0, 150)}`);
    const q = await admin.get(`/api/clients?q=${encodeURIComponent(name)}`);
    out.push(`${q.status} ${q.text.slice(0, 150)}`);
  }
  const raw = await admin.request('POST', '/api/clients', { raw: '{"name":"bad \\ud800 \\u0000"}', contentType: 'application/json' });
  out.push(`${raw.status} ${raw.text.slice(0, 150)}`);
  const id = await admin.get('/api/identify?number=%00%00');
  out.push(`${id.status} ${id.text.slice(0, 150)}`);
  const tag = await admin.get('/api/clients?tag=%00');
  out.push(`${tag.status} ${tag.text.slice(0, 150)}`);
  const pct = await admin.get('/api/clients/%E0%A4%A');
  out.push(`${pct.status} ${pct.text.slice(0, 150)}`);
  await app.close();
  expect(out).toEqual([]);
});
