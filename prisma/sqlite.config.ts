import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'prisma/config';

// engine "js": the CLI uses its WebAssembly engines through a driver adapter, so nothing is downloaded.
// Used by `prisma generate` and `prisma migrate diff` (scripts/); zari applies migrations itself.
export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join(import.meta.dirname, 'schema.prisma'),
  async adapter() {
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url: `file:${path.join(os.tmpdir(), 'zari-prisma-cli.db')}` });
  },
});
