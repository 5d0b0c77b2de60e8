import { parseArgs } from 'node:util';
import { createLogger, isZariError, loadConfig } from '../kernel/index.js';
import { UsageError, type CliIo } from './cli-io.js';
import type { CliValues, CommandContext } from './commands.js';

export const usage = `usage: zari <command> [options]

  zari user create --login <login> --name <name> --role <role> [--password <p>] [--extension <ext> ...] [--email <e>]
  zari user reset-password --login <login> [--password <p>]
  zari import clients <file.csv|file.xlsx> [--map column=field ...]
  zari migrate

Configuration comes from the environment (ZARI_DATA_DIR, DATABASE_URL, ...) as for \`npm start\`.
Without --password a random password is generated and printed once.
Exit codes: 0 done, 1 failed, 2 bad arguments.
`;

const options = {
  login: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  password: { type: 'string' },
  extension: { type: 'string', multiple: true },
  email: { type: 'string' },
  map: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

async function dispatch(ctx: CommandContext, positionals: string[], values: CliValues): Promise<void> {
  const [group, action, arg, ...rest] = positionals;
  const command = `${group ?? ''} ${action ?? ''}`.trim();
  const allowArg = command === 'import clients';
  if ((arg !== undefined && !allowArg) || rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0] ?? arg ?? ''}`);
  if (!['user create', 'user reset-password', 'import clients', 'migrate'].includes(command)) {
    throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
  }
  // loaded only for a real command: usage errors and --help answer fast
  const commands = await import('./commands.js');
  if (command === 'user create') return commands.userCreate(ctx, values);
  if (command === 'user reset-password') return commands.userResetPassword(ctx, values);
  if (command === 'import clients') return commands.importClients(ctx, values, arg);
  return commands.migrateCommand(ctx);
}

/** Runs the CLI; returns the exit code (0 done, 1 failed, 2 bad arguments). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    if (values.help) {
      io.out.write(usage);
      return 0;
    }
    const config = loadConfig(io.env);
    // logs go to stderr as JSON at warn and above; results are printed on stdout
    const logger = createLogger({ level: io.env.ZARI_LOG_LEVEL ? config.logLevel : 'warn', name: 'zari-cli' });
    await dispatch({ config, logger, io }, positionals, values);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err.write(`zari: ${err.message}\n\n${usage}`);
      return 2;
    }
    io.err.write(`zari: ${isZariError(err) ? `${err.message} (${err.code})` : err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain || process.env.ZARI_CLI_MAIN === '1') {
  runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }).then((code) => {
    process.exitCode = code;
  }, (err: unknown) => {
    process.stderr.write(`zari: ${String(err)}\n`);
    process.exitCode = 1;
  });
}
