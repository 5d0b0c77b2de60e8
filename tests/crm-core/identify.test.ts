import { CallerIdentificationService, createPhoneNormalizer, type IdentifyResult } from '../../crm-core/index.js';
import { silentLogger, type Db } from '../../kernel/index.js';
import { sqliteDate } from '../../crm-core/phone/sqlite-caller-lookup.js';
import { createTestDatabase, describeEachDb, type TestDatabase } from '../helpers/db.js';

const phones = createPhoneNormalizer({ defaultRegion: 'RU', outsideLinePrefixes: ['9'], extensionMaxDigits: 5 });
const day = (n: number): Date => new Date(Date.UTC(2026, 10, n, 9, 30));

interface Seeded {
  acme: number; petrov: number; olga: number; ivan: number; novosib: number; tver: number; twoPhones: number;
  live: number; merged: number; deals: number[]; tasks: number[]; interactions: number[];
}

async function addClient(prisma: Db, name: string, numbers: string[], extra: { mergedIntoId?: number } = {}): Promise<number> {
  const client = await prisma.client.create({ data: { name, searchName: name.toLowerCase(), ...extra } });
  for (const raw of numbers) {
    const n = phones.normalize(raw);
    await prisma.phoneNumber.create({ data: { clientId: client.id, raw, e164: n.e164, nsnRev: n.nsnRev } });
  }
  return client.id;
}

async function seedCard(prisma: Db, acme: number, olga: number, ivan: number) {
  const pipeline = await prisma.pipeline.create({ data: { name: 'Sales', isDefault: true } });
  const fresh = await prisma.pipelineStage.create({ data: { pipelineId: pipeline.id, name: 'New', position: 1 } });
  const won = await prisma.pipelineStage.create({ data: { pipelineId: pipeline.id, name: 'Won', position: 2, kind: 'won' } });
  const deal = (title: string, stageId: number, status: string, amount: string | null) =>
    prisma.deal.create({ data: { clientId: acme, title, pipelineId: pipeline.id, stageId, status, amount } });
  const d1 = await deal('Supply 2027', fresh.id, 'open', '1250.00');
  await deal('Old order', won.id, 'won', '99.00');
  const d2 = await deal('Service contract', fresh.id, 'open', null);
  const task = (title: string, status: string, dueAt: Date | null, assigneeId: number | null) =>
    prisma.task.create({ data: { clientId: acme, title, status, dueAt, assigneeId, priority: 'high' } });
  const tomorrow = await task('Send offer', 'open', day(20), ivan);
  const undated = await task('Check payment', 'in_progress', null, olga);
  await task('Done call', 'done', day(10), ivan);
  await task('Cancelled', 'cancelled', day(11), ivan);
  const today = await task('Call back', 'open', day(19), null);
  const interactions: number[] = [];
  for (const n of [3, 7, 1, 5, 2, 6, 4]) {
    const i = await prisma.interaction.create({
      data: { kind: 'call', direction: 'inbound', clientId: acme, startedAt: day(n), outcome: 'answered', subject: `call ${n}` },
    });
    interactions[n] = i.id;
  }
  return { deals: [d2.id, d1.id], tasks: [today.id, tomorrow.id, undated.id], interactions };
}

async function seed(prisma: Db): Promise<Seeded> {
  const olga = (await prisma.user.create({ data: { login: 'olga', name: 'Olga', passwordHash: 'x', role: 'manager' } })).id;
  const ivan = (await prisma.user.create({ data: { login: 'ivan', name: 'Ivan', passwordHash: 'x', role: 'operator' } })).id;
  await prisma.userExtension.createMany({ data: [{ extension: '202', userId: olga }, { extension: '201', userId: olga }] });
  const acme = await addClient(prisma, 'Romashka LLC', ['+7 495 123-45-67']);
  await prisma.client.update({
    where: { id: acme }, data: { vip: true, segment: 'wholesale', notes: 'Call before noon', responsibleUserId: olga },
  });
  const petrov = (await prisma.contactPerson.create({ data: { clientId: acme, name: 'Petrov', searchName: 'petrov', position: 'CFO' } })).id;
  await prisma.phoneNumber.create({ data: { clientId: acme, contactId: petrov, raw: '8 916 123 45 67', e164: '+79161234567', nsnRev: '7654321619' } });
  const novosib = await addClient(prisma, 'Novosib Trade', ['+7 383 111 22 33']);
  const tver = await addClient(prisma, 'Tver Mills', ['8 (483) 111-22-33']);
  const twoPhones = await addClient(prisma, 'Two Phones', ['+7 812 765 43 21', '765-43-21']);
  const live = await addClient(prisma, 'Survivor', ['+7 903 111 22 33']);
  const merged = await addClient(prisma, 'Merged Copy', ['+7 903 111 22 33', '+7 926 111 22 33'], { mergedIntoId: live });
  return { acme, petrov, olga, ivan, novosib, tver, twoPhones, live, merged, ...(await seedCard(prisma, acme, olga, ivan)) };
}

describeEachDb('caller identification', (get, provider) => {
  let s: Seeded;
  let service: CallerIdentificationService;
  const identify = (raw: string): Promise<IdentifyResult> => service.identify(raw);

  beforeAll(async () => {
    const db: TestDatabase = get();
    s = await seed(db.prisma);
    service = new CallerIdentificationService({ db, phones, logger: silentLogger() });
  });

  it('matches an exact E.164 and returns the whole card', async () => {
    const r = await identify('+74951234567');
    expect(r.match).toBe('exact');
    expect(r.candidates).toEqual([]);
    expect(r.card).toEqual({
      client: { id: s.acme, name: 'Romashka LLC', kind: 'company', vip: true, segment: 'wholesale' },
      contact: null,
      responsible: { id: s.olga, name: 'Olga', extensions: ['201', '202'] },
      openDeals: [
        { id: s.deals[0], title: 'Service contract', stage: 'New', amount: null, currency: 'RUB' },
        { id: s.deals[1], title: 'Supply 2027', stage: 'New', amount: '1250.00', currency: 'RUB' },
      ],
      openTasks: [
        { id: s.tasks[0], title: 'Call back', dueAt: day(19), priority: 'high', assignee: null },
        { id: s.tasks[1], title: 'Send offer', dueAt: day(20), priority: 'high', assignee: { id: s.ivan, name: 'Ivan' } },
        { id: s.tasks[2], title: 'Check payment', dueAt: null, priority: 'high', assignee: { id: s.olga, name: 'Olga' } },
      ],
      lastInteractions: [7, 6, 5, 4, 3].map((n) => ({
        id: s.interactions[n], kind: 'call', direction: 'inbound', outcome: 'answered', startedAt: day(n), subject: `call ${n}`,
      })),
      notes: 'Call before noon',
    });
  });

  it.each([
    ['8 (495) 123-45-67', null],
    ['"ROMASHKA" <74951234567>', null],
    ['984951234567', null],
    ['989161234567', 'Petrov'],
    ['sip:+79161234567@trunk', 'Petrov'],
  ])('matches the national and PBX format %s exactly (contact %s)', async (raw, contact) => {
    const r = await identify(raw);
    expect(r.match).toBe('exact');
    expect(r.card?.client.id).toBe(s.acme);
    expect(r.card?.contact?.name ?? null).toBe(contact);
    if (contact) expect(r.card?.contact).toEqual({ id: s.petrov, name: 'Petrov', position: 'CFO' });
  });

  it('matches a truncated number by its unique suffix', async () => {
    const r = await identify('123-45-67');
    expect(r).toMatchObject({ match: 'suffix', candidates: [], number: { kind: 'invalid', nsnRev: '7654321' } });
    expect(r.card?.client.id).toBe(s.acme);
  });

  it('matches a fragment by suffix even when it reads as a foreign number with a missing "+"', async () => {
    const r = await identify('951234567'); // could be +95 1234567 (Myanmar): a guess, not proof
    expect(r.number).toMatchObject({ kind: 'external', e164: '+951234567', guessed: true });
    expect(r.match).toBe('suffix');
    expect(r.card?.client.id).toBe(s.acme);
  });

  it('treats two phones of the same client as one candidate', async () => {
    const r = await identify('7654321');
    expect(r.match).toBe('suffix');
    expect(r.card?.client).toMatchObject({ id: s.twoPhones, name: 'Two Phones' });
  });

  it('returns candidates, never a guess, when two clients share a suffix', async () => {
    const r = await identify('83 111 22 33');
    expect(r.match).toBe('ambiguous');
    expect(r.card).toBeNull();
    expect(r.candidates).toEqual([
      { clientId: s.novosib, name: 'Novosib Trade', kind: 'company', vip: false, responsibleUserId: null, contactId: null, phone: '+73831112233' },
      { clientId: s.tver, name: 'Tver Mills', kind: 'company', vip: false, responsibleUserId: null, contactId: null, phone: '+74831112233' },
    ]);
  });

  it('prefers the exact match over a shared suffix, and never pairs two different valid numbers', async () => {
    expect((await identify('+7 383 111 22 33')).card?.client.id).toBe(s.novosib);
    const other = await identify('+7 493 111 22 33');
    expect(other).toMatchObject({ match: 'none', card: null, candidates: [] });
  });

  it('reports unknown numbers, too-short fragments and extensions', async () => {
    expect(await identify('+7 999 999 99 99')).toMatchObject({ match: 'none', card: null, candidates: [] });
    expect(await identify('12-34-5678')).toMatchObject({ match: 'none', card: null });
    expect(await identify('anonymous')).toMatchObject({ match: 'none', number: { kind: 'invalid', reason: 'withheld' } });
    expect(await identify('201')).toMatchObject({ match: 'extension', card: null, number: { kind: 'extension', digits: '201' } });
  });

  it('excludes merged clients', async () => {
    const r = await identify('+79031112233');
    expect(r.match).toBe('exact');
    expect(r.card?.client.id).toBe(s.live);
    expect(await identify('+79261112233')).toMatchObject({ match: 'none', card: null });
    // the merged copy shares the suffix too: without the exclusion this would be ambiguous
    const suffix = await identify('03 111 22 33');
    expect(suffix).toMatchObject({ match: 'suffix', candidates: [] });
    expect(suffix.card?.client.id).toBe(s.live);
    expect((await identify('1112233')).candidates.map((c) => c.clientId)).not.toContain(s.merged);
  });

  if (provider === 'sqlite') {
    it('returns the same results on the raw SQLite fast path and through Prisma', async () => {
      const viaPrisma = new CallerIdentificationService({ db: get(), phones, logger: silentLogger(), fastPath: false });
      for (const raw of ['+74951234567', '989161234567', '123-45-67', '7654321', '83 111 22 33', '1112233', '+79261112233', '201']) {
        expect(await identify(raw)).toEqual(await viaPrisma.identify(raw));
      }
    });
  }

  it('honours a configured suffix length and refuses one below 7 digits', async () => {
    const seven = new CallerIdentificationService({ db: get(), phones, logger: silentLogger(), suffixDigits: 7 });
    // with 7 digits, 383/483 numbers and the merged-away 926 share "1112233" with 903: still several clients
    expect((await seven.identify('8 111 22 33')).match).toBe('ambiguous');
    expect(() => new CallerIdentificationService({ db: get(), phones, logger: silentLogger(), suffixDigits: 6 })).toThrow(/suffixDigits/);
  });
});

describe('SQLite DateTime as stored', () => {
  it('reads ISO-8601 text (Prisma adapter: "+00:00"), SQL default text (UTC) and epoch milliseconds', () => {
    const at = new Date(Date.UTC(2026, 10, 28, 2, 11, 15));
    expect(sqliteDate('2026-11-28T02:11:15.000Z')).toEqual(at);
    expect(sqliteDate('2026-11-28 02:11:15')).toEqual(at);
    expect(sqliteDate(at.getTime())).toEqual(at);
  });

  it('is what Prisma actually writes', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      const client = await db.prisma.client.create({ data: { name: 'T', searchName: 't' } });
      await db.prisma.interaction.create({ data: { kind: 'call', clientId: client.id, startedAt: day(3) } });
      const row = db.sqlite?.prepare('SELECT "startedAt" FROM "Interaction"').get() as { startedAt: unknown } | undefined;
      expect(row?.startedAt).toBe('2026-11-03T09:30:00.000+00:00');
      expect(sqliteDate('2026-11-03T09:30:00.000+00:00')).toEqual(day(3));
    } finally {
      await db.destroy();
    }
  });
});
