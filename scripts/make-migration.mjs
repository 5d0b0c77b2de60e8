// Writes the SQL migration from the last migrated data model to prisma/schema.prisma, for SQLite and
// PostgreSQL, with `prisma migrate diff` (offline, WebAssembly engine). Usage:
//   npm run migration:make -- <name>
// Each migration folder keeps a snapshot of the data model it migrates to; the next diff starts there.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: npm run migration:make -- <name in snake_case>\n');
  process.exit(2);
}
execFileSync(process.execPath, [path.join(root, 'scripts', 'generate-prisma.mjs')], { stdio: 'inherit' });

const prismaBin = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const providers = {
  sqlite: { config: 'prisma/sqlite.config.ts', schema: 'prisma/schema.prisma' },
  postgresql: { config: 'prisma/postgresql.config.ts', schema: 'prisma/generated/schema.postgresql.prisma' },
};

for (const [provider, { config, schema }] of Object.entries(providers)) {
  const dir = path.join(root, 'prisma', 'migrations', provider);
  mkdirSync(dir, { recursive: true });
  const existing = readdirSync(dir).filter((d) => /^\d{4}_/.test(d)).sort();
  const last = existing.at(-1);
  const from = last ? ['--from-schema-datamodel', path.join(dir, last, 'schema.prisma')] : ['--from-empty'];
  const sql = execFileSync(process.execPath, [prismaBin, 'migrate', 'diff', `--config=${config}`, ...from,
    '--to-schema-datamodel', schema, '--script'], { cwd: root, encoding: 'utf8' })
    // each PostgreSQL run may live in its own schema (search_path); never pin "public"
    .replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n/m, '');
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    process.stdout.write(`${provider}: no change\n`);
    continue;
  }
  const next = String(existing.length + 1).padStart(4, '0');
  const target = path.join(dir, `${next}_${name}`);
  if (existsSync(target)) throw new Error(`${target} exists`);
  mkdirSync(target);
  writeFileSync(path.join(target, 'migration.sql'), sql);
  copyFileSync(path.join(root, schema), path.join(target, 'schema.prisma'));
  process.stdout.write(`${provider}: wrote ${path.relative(root, target)}\n`);
}
