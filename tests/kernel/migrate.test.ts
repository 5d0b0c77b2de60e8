import { readdirSync } from 'node:fs';
import { listMigrations, migrate, silentLogger } from '../../kernel/index.js';
import { describeEachDb } from '../helpers/db.js';

describeEachDb('migration runner', (get, provider) => {
  it('applies every migration once and records it', async () => {
    const db = get();
    const rows = await db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT name FROM "_zari_migrations" ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(listMigrations(provider).map((m) => m.name));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('is idempotent: a second run applies nothing and keeps data', async () => {
    const db = get();
    await db.prisma.user.create({ data: { login: 'keep', name: 'Keep', passwordHash: 'x', role: 'operator' } });
    const target = provider === 'sqlite'
      ? { provider, url: db.url.slice('file:'.length), pgSchema: null }
      : { provider, url: db.url.replace(/\?schema=.*/, ''), pgSchema: db.pgSchema };
    const result = await migrate(target, silentLogger());
    expect(result.applied).toEqual([]);
    expect(await db.prisma.user.count({ where: { login: 'keep' } })).toBe(1);
  });
});

describe('committed migrations', () => {
  it('exist for both providers with the same names', () => {
    const names = (p: 'sqlite' | 'postgresql') => readdirSync(new URL(`../../prisma/migrations/${p}`, import.meta.url)).sort();
    expect(names('sqlite')).toEqual(names('postgresql'));
  });
});
