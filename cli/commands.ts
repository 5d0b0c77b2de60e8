import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { passwordSchema, roleSchema, systemActor, userCreateSchema, type ImportOptions } from '../crm-core/index.js';
import { migrate, resolveDatabaseTarget, ZariError, type Logger, type ZariConfig } from '../kernel/index.js';
import { openZariCore } from '../zari.js';
import { UsageError, type CliIo } from './cli-io.js';
import { createProgressBar } from './progress-bar.js';

export interface CommandContext {
  readonly config: ZariConfig;
  readonly logger: Logger;
  readonly io: CliIo;
}

export type CliValues = Record<string, string | boolean | string[] | undefined>;

function parseOptions<T>(schema: z.ZodType<T>, values: unknown): T {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error));
  return parsed.data;
}

const userCreateOptions = z.object({
  login: z.string({ error: '--login is required' }),
  name: z.string({ error: '--name is required' }),
  role: roleSchema,
  password: z.string().optional(),
  extension: z.array(z.string()).optional(),
  email: z.string().optional(),
});

export async function userCreate(ctx: CommandContext, values: CliValues): Promise<void> {
  const o = parseOptions(userCreateOptions, values);
  const generated = o.password === undefined;
  const password = o.password ?? randomBytes(12).toString('base64url');
  const input = parseOptions(userCreateSchema, {
    login: o.login, name: o.name, role: o.role, password,
    ...(o.extension ? { extensions: o.extension } : {}), ...(o.email ? { email: o.email } : {}),
  });
  const core = await openZariCore(ctx.config, { logger: ctx.logger });
  try {
    const user = await core.services.users.create(systemActor, input);
    ctx.io.out.write(`created user ${user.login} (id ${user.id}, role ${user.role})\n`);
    if (generated) ctx.io.out.write(`password: ${password}\n`);
  } finally {
    await core.db.close();
  }
}

const resetOptions = z.object({ login: z.string({ error: '--login is required' }), password: z.string().optional() });

export async function userResetPassword(ctx: CommandContext, values: CliValues): Promise<void> {
  const o = parseOptions(resetOptions, values);
  const generated = o.password === undefined;
  const password = parseOptions(passwordSchema, o.password ?? randomBytes(12).toString('base64url'));
  const core = await openZariCore(ctx.config, { logger: ctx.logger });
  try {
    const user = await core.db.prisma.user.findUnique({ where: { login: o.login }, select: { id: true } });
    if (!user) throw new ZariError('not_found', `no user with login ${o.login}`);
    await core.services.users.resetPassword(systemActor, user.id, password);
    ctx.io.out.write(`password of ${o.login} changed; their sessions were ended\n`);
    if (generated) ctx.io.out.write(`password: ${password}\n`);
  } finally {
    await core.db.close();
  }
}

export async function migrateCommand(ctx: CommandContext): Promise<void> {
  const target = resolveDatabaseTarget(ctx.config.databaseUrl, ctx.config.dataDir);
  const result = await migrate(target, ctx.logger);
  for (const name of result.applied) ctx.io.out.write(`applied ${name}\n`);
  ctx.io.out.write(`database up to date (${target.provider}; ${result.applied.length} applied, ${result.alreadyApplied} already applied)\n`);
}

const mapEntry = z.string().regex(/^[^=]+=\S+$/, '--map takes column=field');
const importOptions = z.object({ map: z.array(mapEntry).optional() });

/** `--map "Company=name" --map "Phone=phones"` → the mapping crm-core's importer takes (validated there). */
function mappingOf(entries: readonly string[] | undefined): Record<string, string> | undefined {
  if (!entries) return undefined;
  return Object.fromEntries(entries.map((e) => {
    const eq = e.lastIndexOf('=');
    return [e.slice(0, eq).trim(), e.slice(eq + 1).trim()];
  }));
}

/** Data rows of a CSV file, roughly (for the progress bar; 0 when unknown, e.g. XLSX). */
function estimateRows(content: Buffer, format: 'csv' | 'xlsx'): number {
  if (format !== 'csv') return 0;
  let lines = 0;
  for (const byte of content) if (byte === 10) lines += 1;
  return Math.max(0, lines - (content.at(-1) === 10 ? 1 : 0));
}

export async function importClients(ctx: CommandContext, values: CliValues, file: string | undefined): Promise<void> {
  if (!file) throw new UsageError('usage: zari import clients <file.csv|file.xlsx> [--map column=field ...]');
  const format = /\.csv$/i.test(file) ? 'csv' : /\.xlsx$/i.test(file) ? 'xlsx' : null;
  if (!format) throw new UsageError('the file must be .csv or .xlsx');
  const o = parseOptions(importOptions, values);
  if (!existsSync(file)) throw new ZariError('not_found', `file ${file} does not exist`);
  const content = readFileSync(file);
  const mapping = mappingOf(o.map);
  const core = await openZariCore(ctx.config, { logger: ctx.logger });
  const bar = createProgressBar(ctx.io.err, 'importing', 30);
  const estimate = estimateRows(content, format);
  try {
    const result = await core.services.crm.imports.importClients(systemActor, content, {
      format, fileName: path.basename(file), ...(mapping ? { mapping: mapping as ImportOptions['mapping'] } : {}),
    }, (p) => bar.update(p.processed, Math.max(estimate, p.processed)));
    bar.update(result.total, result.total);
    bar.finish();
    ctx.io.out.write(`import job ${result.jobId}: ${result.status}; ${result.succeeded} imported, ${result.failed} failed of ${result.total}\n`);
    for (const e of result.errors.slice(0, 20)) ctx.io.out.write(`  row ${e.row} ${e.field}: ${e.message} (${e.code})\n`);
    if (result.errors.length > 20) ctx.io.out.write(`  ... ${result.errors.length - 20} more errors\n`);
    if (result.status === 'failed') throw new ZariError('validation_failed', `import failed${result.fatal ? `: ${result.fatal}` : ''}`);
  } finally {
    await core.db.close();
  }
}
