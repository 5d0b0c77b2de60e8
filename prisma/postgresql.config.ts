import path from 'node:path';
import { defineConfig } from 'prisma/config';

// The PostgreSQL twin of sqlite.config.ts; the schema it reads is derived by scripts/generate-prisma.mjs.
export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join(import.meta.dirname, 'generated', 'schema.postgresql.prisma'),
  async adapter() {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg({ connectionString: process.env.ZARI_MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' });
  },
});
