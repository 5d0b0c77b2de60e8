// Generates the Prisma clients for both providers from the one data model in prisma/schema.prisma.
// The PostgreSQL schema is derived (provider and output differ); no file is downloaded.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'prisma', 'schema.prisma');
const outDir = path.join(root, 'prisma', 'generated');
mkdirSync(outDir, { recursive: true });

export function postgresSchema(text) {
  return text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://localhost/zari"')
    .replace('output          = "./generated/sqlite"', 'output          = "./postgresql"');
}

const pgSchemaPath = path.join(outDir, 'schema.postgresql.prisma');
writeFileSync(pgSchemaPath, postgresSchema(readFileSync(source, 'utf8')));

const prismaBin = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
for (const schema of [source, pgSchemaPath]) {
  execFileSync(process.execPath, [prismaBin, 'generate', '--no-hints', `--config=${path.join(root, 'prisma', 'sqlite.config.ts')}`, `--schema=${schema}`], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  });
}
