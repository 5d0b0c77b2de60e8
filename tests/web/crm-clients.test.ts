import { dbProviders } from '../helpers/db.js';
import type { HttpClient, TestApp } from '../helpers/http.js';
import { expectStatus, startCrmApp } from './crm-fixtures.js';

/** Clients, contacts, phones, timeline, duplicates/merge, export and caller identification over real HTTP. */

interface Phone { id: number; raw: string; e164: string | null }
interface Client { id: number; name: string; taxId: string | null; segment: string | null; vip: boolean; tags: string[]; phones: Phone[]; responsibleUserId: number | null; redacted: boolean; email: string | null; contacts?: { id: number; name: string; email: string | null }[] }
interface Page<T> { items: T[]; total: number; limit: number; offset: number; page: number; pageSize: number }

describe.each(dbProviders)('CRM clients over HTTP [%s]', (provider) => {
  let app: TestApp;
  let admin: HttpClient;
  let manager: { id: number; client: HttpClient };
  let operator: HttpClient;

  beforeAll(async () => {
    app = await startCrmApp(provider);
    admin = await app.admin();
    const m = await app.createUser('manager');
    manager = { id: m.user.id, client: m.client };
    operator = (await app.createUser('operator')).client;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  const create = async (body: Record<string, unknown>, as: HttpClient = admin): Promise<Client> =>
    expectStatus(await as.post<Client>('/api/clients', body), 201).body;
  const ids = (p: Page<{ id: number }>): number[] => p.items.map((c) => c.id);

  it('creates, reads, updates and deletes a client', async () => {
    const c = await create({ name: 'Acme', kind: 'company', taxId: '7701234567', segment: 'retail', tags: ['Key'], phones: [{ raw: '8 (916) 123-45-67', type: 'mobile' }] });
    expect(c).toMatchObject({ name: 'Acme', taxId: '7701234567', tags: ['key'], phones: [{ raw: '8 (916) 123-45-67', e164: '+79161234567' }] });
    expect((await admin.get<Client>(`/api/clients/${c.id}`)).body).toMatchObject({ id: c.id, name: 'Acme', contacts: [] });
    const patched = expectStatus(await admin.patch<Client>(`/api/clients/${c.id}`, { name: 'Acme Corp', email: 'info@acme.test', tags: ['a', 'b'] }), 200).body;
    expect(patched).toMatchObject({ name: 'Acme Corp', email: 'info@acme.test' });
    expect([...patched.tags].sort()).toEqual(['a', 'b']);
    expect((await admin.post<Client>(`/api/clients/${c.id}/tags`, { tags: ['C'] })).body.tags.sort()).toEqual(['a', 'b', 'c']);
    expect((await admin.delete<Client>(`/api/clients/${c.id}/tags/b`)).body.tags.sort()).toEqual(['a', 'c']);
    expectStatus(await admin.delete(`/api/clients/${c.id}`), 204);
    expectStatus(await admin.get(`/api/clients/${c.id}`), 404);
  });

  it('searches by name (case-insensitive Cyrillic), phone in any format, tax id, tag, segment and responsible', async () => {
    const a = await create({ name: 'ООО "Ромашка"', taxId: '7712345678', segment: 'wholesale', tags: ['flowers'], phones: [{ raw: '+7 495 123-45-67' }], responsibleUserId: manager.id });
    const b = await create({ name: 'შპს ბაკურიანი', segment: 'retail', phones: [{ raw: '+995 322 12 34 56' }] });
    const q = async (query: string): Promise<number[]> => ids(expectStatus(await admin.get<Page<Client>>(`/api/clients?${query}`), 200).body);
    expect(await q(`q=${encodeURIComponent('РОМАШКА')}`)).toEqual([a.id]);
    expect(await q(`q=${encodeURIComponent('ბაკურ')}`)).toEqual([b.id]);
    for (const phone of ['+74951234567', '8 (495) 123-45-67', '84951234567', '74951234567', '123-45-67']) {
      expect({ phone, ids: await q(`phone=${encodeURIComponent(phone)}`) }).toEqual({ phone, ids: [a.id] });
    }
    expect(await q('taxId=7712345678')).toEqual([a.id]);
    expect(await q('tag=FLOWERS')).toEqual([a.id]);
    expect(await q('segment=retail')).toEqual([b.id]);
    expect(await q(`responsibleUserId=${manager.id}`)).toEqual([a.id]);
    expect(await q(`q=${encodeURIComponent('нет такого')}`)).toEqual([]);
  });

  it('paginates with page/pageSize and limit/offset, with the total', async () => {
    for (let i = 0; i < 7; i++) await create({ name: `Paged ${String(i).padStart(2, '0')}`, segment: 'paged' });
    const p1 = expectStatus(await admin.get<Page<Client>>('/api/clients?segment=paged&page=1&pageSize=3'), 200).body;
    const p3 = (await admin.get<Page<Client>>('/api/clients?segment=paged&page=3&pageSize=3')).body;
    expect(p1).toMatchObject({ total: 7, page: 1, pageSize: 3, limit: 3, offset: 0 });
    expect(p1.items.map((c) => c.name)).toEqual(['Paged 00', 'Paged 01', 'Paged 02']);
    expect(p3.items.map((c) => c.name)).toEqual(['Paged 06']);
    const lo = (await admin.get<Page<Client>>('/api/clients?segment=paged&limit=2&offset=4')).body;
    expect(lo).toMatchObject({ total: 7, page: 3, pageSize: 2 });
    expect(lo.items.map((c) => c.name)).toEqual(['Paged 04', 'Paged 05']);
    expect((await admin.get<Page<Client>>('/api/clients?segment=paged&page=99&pageSize=3')).body.items).toEqual([]);
  });

  it('manages contacts, phones, responsible manager and the timeline', async () => {
    const c = await create({ name: 'Contactful' });
    const contact = expectStatus(await admin.post<{ id: number; name: string; phones: Phone[] }>(`/api/clients/${c.id}/contacts`, { name: 'Ivan', position: 'CEO', phones: [{ raw: '+7 916 000-00-01' }] }), 201).body;
    expect(contact.phones[0]?.e164).toBe('+79160000001');
    expect((await admin.patch<{ position: string }>(`/api/contacts/${contact.id}`, { position: 'CFO' })).body.position).toBe('CFO');
    expect((await admin.get<Page<{ id: number }>>(`/api/clients/${c.id}/contacts`)).body.items.map((x) => x.id)).toEqual([contact.id]);
    expect((await admin.get<Page<{ id: number }>>(`/api/contacts?clientId=${c.id}`)).body.total).toBe(1);
    const phone = expectStatus(await admin.post<Phone>(`/api/clients/${c.id}/phones`, { raw: '8 916 000 00 02', type: 'work' }), 201).body;
    expect(phone.e164).toBe('+79160000002');
    expectStatus(await admin.post(`/api/clients/${c.id}/phones`, { raw: '+79160000002' }), 409);
    expectStatus(await admin.delete(`/api/phones/${phone.id}`), 204);
    expectStatus(await admin.delete(`/api/contacts/${contact.id}`), 204);
    expectStatus(await admin.get(`/api/contacts/${contact.id}`), 404);

    expect((await admin.put<Client>(`/api/clients/${c.id}/responsible`, { userId: manager.id })).body.responsibleUserId).toBe(manager.id);
    const history = (await admin.get<{ userId: number | null; toAt: string | null }[]>(`/api/clients/${c.id}/responsible-history`)).body;
    expect(history.at(-1)).toMatchObject({ userId: manager.id, toAt: null });

    expectStatus(await admin.post(`/api/clients/${c.id}/notes`, { body: 'first' }), 201);
    expectStatus(await operator.post('/api/interactions', { kind: 'call', direction: 'inbound', clientId: c.id, phone: '+79160000003', outcome: 'answered', talkSeconds: 42, startedAt: new Date(Date.now() + 1000).toISOString() }), 201);
    const timeline = (await admin.get<Page<{ kind: string; body: string | null }>>(`/api/clients/${c.id}/interactions`)).body;
    expect(timeline.items.map((i) => i.kind)).toEqual(['call', 'note']);
    expect((await admin.get<Page<{ kind: string }>>(`/api/interactions?clientId=${c.id}&kind=note`)).body.items.map((i) => i.kind)).toEqual(['note']);
  });

  it('shows a manager only their own clients', async () => {
    const mine = await create({ name: 'Managed One' }, manager.client);
    expect(mine.responsibleUserId).toBe(manager.id);
    const foreign = await create({ name: 'Not Managed' });
    const list = (await manager.client.get<Page<Client>>('/api/clients?pageSize=500')).body;
    expect(list.items.every((c) => c.responsibleUserId === manager.id)).toBe(true);
    expect(ids(list)).toContain(mine.id);
    expectStatus(await manager.client.get(`/api/clients/${foreign.id}`), 404);
  });

  it('redacts VIP contact details for roles without vip:view', async () => {
    const vip = await create({ name: 'Very Important', vip: true, email: 'vip@example.test', phones: [{ raw: '+7 916 777-77-77' }] });
    await admin.post(`/api/clients/${vip.id}/contacts`, { name: 'Assistant', email: 'assistant@example.test' });
    const seen = (await operator.get<Client>(`/api/clients/${vip.id}`)).body;
    expect(seen.redacted).toBe(true);
    expect(JSON.stringify(seen)).not.toContain('79167777777');
    expect(JSON.stringify(seen)).not.toContain('assistant@example.test');
    expect((await admin.get<Client>(`/api/clients/${vip.id}`)).body.phones[0]?.e164).toBe('+79167777777');
  });

  it('identifies callers with the access policy applied', async () => {
    const c = await create({ name: 'Caller Co', phones: [{ raw: '+7 916 555-00-11' }], responsibleUserId: manager.id, notes: 'likes tea' });
    const other = await create({ name: 'Someone Else', phones: [{ raw: '+7 916 555-00-22' }] });
    expectStatus(await admin.post('/api/deals', { clientId: c.id, title: 'Big deal' }), 201);
    const byAdmin = (await admin.get<{ match: string; card: { client: { id: number }; openDeals: unknown[]; notes: string | null }; restricted: boolean }>(`/api/identify?number=${encodeURIComponent('8 916 555 00 11')}`)).body;
    expect(byAdmin).toMatchObject({ match: 'exact', card: { client: { id: c.id }, notes: 'likes tea' }, restricted: false });
    expect(byAdmin.card.openDeals).toHaveLength(1);
    const byOperator = (await operator.get<{ card: { client: { id: number }; openDeals: unknown[]; responsible: { id: number } } }>('/api/identify?number=%2B79165550011')).body;
    expect(byOperator.card).toMatchObject({ client: { id: c.id }, responsible: { id: manager.id }, openDeals: [] });
    const byManager = (await manager.client.get<{ restricted: boolean; card: { client: { id: number }; notes: string | null } }>('/api/identify?number=%2B79165550022')).body;
    expect(byManager).toMatchObject({ restricted: true, card: { client: { id: other.id }, notes: null } });
    expect((await admin.get<{ match: string; card: null }>('/api/identify?number=%2B79990000000')).body).toMatchObject({ match: 'none', card: null });
  });

  it('finds duplicates and merges them', async () => {
    const a = await create({ name: 'Twin Ltd', taxId: '5555555555', phones: [{ raw: '+7 916 321-00-01' }] });
    const b = await create({ name: 'Twin Ltd.', taxId: '5555555555', phones: [{ raw: '+7 916 321-00-02' }] });
    const groups = (await admin.get<Page<{ reason: string; clientIds: number[] }>>(`/api/clients/duplicates?clientId=${a.id}`)).body.items;
    expect(groups.some((g) => g.reason === 'taxId' && g.clientIds.includes(b.id))).toBe(true);
    const merged = expectStatus(await admin.post<{ client: Client }>('/api/clients/merge', { targetId: a.id, sourceId: b.id }), 200).body;
    expect(merged.client.phones.map((p) => p.e164).sort()).toEqual(['+79163210001', '+79163210002']);
    expectStatus(await admin.get(`/api/clients/${b.id}`), 404);
  });

  it('exports clients as CSV with the formula-injection guard', async () => {
    await create({ name: '=HYPERLINK("http://evil")', segment: 'export', phones: [{ raw: '+7 916 444-00-01' }] });
    await create({ name: 'Грузия, "კავკასია"', segment: 'export' });
    const res = await admin.get('/api/clients/export.csv?segment=export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,kind,name,/);
    expect(lines).toHaveLength(3);
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(res.text).toContain('"Грузия, ""კავკასია"""');
    expect(res.text).toContain("'+79164440001");
  });
});
