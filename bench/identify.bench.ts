/**
 * Caller identification benchmark: 1,000,000 clients and 3,000,000 phone numbers in SQLite. p50/p99/max
 * of zari's identify() for E.164, national-format and suffix inputs, next to raw prepared better-sqlite3
 * queries on the same data in the same run (and identify() through Prisma, to show why the fast path).
 *
 *   npm run bench -- identify        or   npx tsx bench/identify.bench.ts [--clients 1000000] [--lookups 20000]
 */
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CallerIdentificationService, createPhoneNormalizer, suffixRange, type IdentifyMatch } from '../crm-core/index.js';
import { openDatabase, silentLogger } from '../kernel/index.js';
import { benchPhone, ensureBenchData, prng, type DataSpec } from './identify-data.js';
import { isMainModule, numberFlag } from './cli.js';

export interface LatencyRow {
  name: string;
  lookups: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** p99 of the process CPU time per lookup: the latency without time spent descheduled on a busy machine */
  cpuP99Ms: number;
  /** identify() rows: how the lookups matched */
  matches: Partial<Record<IdentifyMatch, number>> | null;
}

export interface IdentifyBenchResult {
  spec: DataSpec;
  counts: Record<string, number>;
  buildSeconds: number | null;
  dbBytes: number;
  rssMb: number;
  /** 1-minute load average at the end: p99 on a shared machine is mostly time spent descheduled */
  loadAverage: number;
  cpus: number;
  rows: LatencyRow[];
}

export interface IdentifyBenchOptions {
  clients?: number;
  lookups?: number;
  dataDir?: string;
  log?: (line: string) => void;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

interface Samples {
  ns: number[];
  cpuUs: number[];
}

const quantile = (values: number[], q: number): number => {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

function summarize(name: string, samples: Samples, matches: LatencyRow['matches']): LatencyRow {
  const ms = (q: number): number => round3(quantile(samples.ns, q) / 1e6);
  return { name, lookups: samples.ns.length, p50Ms: ms(0.5), p99Ms: ms(0.99), maxMs: ms(1),
    cpuP99Ms: round3(quantile(samples.cpuUs, 0.99) / 1e3), matches };
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function timeAsync(inputs: string[], fn: (s: string) => Promise<IdentifyMatch>): Promise<Samples & { matches: Partial<Record<IdentifyMatch, number>> }> {
  const ns: number[] = [];
  const cpuUs: number[] = [];
  const matches: Partial<Record<IdentifyMatch, number>> = {};
  for (const input of inputs) {
    const c0 = cpuNow();
    const t0 = process.hrtime.bigint();
    const match = await fn(input);
    ns.push(Number(process.hrtime.bigint() - t0));
    cpuUs.push(cpuNow() - c0);
    matches[match] = (matches[match] ?? 0) + 1;
  }
  return { ns, cpuUs, matches };
}

function timeSync(inputs: string[], fn: (s: string) => unknown): Samples {
  const ns: number[] = [];
  const cpuUs: number[] = [];
  for (const input of inputs) {
    const c0 = cpuNow();
    const t0 = process.hrtime.bigint();
    fn(input);
    ns.push(Number(process.hrtime.bigint() - t0));
    cpuUs.push(cpuNow() - c0);
  }
  return { ns, cpuUs };
}

/** Inputs drawn from the stored numbers: E.164, RU national format "8 (9xx) xxx-xx-xx", last 9 digits. */
function makeInputs(phones: number, lookups: number): { e164: string[]; national: string[]; suffix: string[] } {
  const rnd = prng(7);
  const e164: string[] = [];
  const national: string[] = [];
  const suffix: string[] = [];
  while (e164.length < lookups || national.length < lookups || suffix.length < lookups) {
    const { cc, nsn } = benchPhone(Math.floor(rnd() * phones));
    if (e164.length < lookups) e164.push(`+${cc}${nsn}`);
    if (cc === '7' && national.length < lookups) {
      national.push(`8 (${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6, 8)}-${nsn.slice(8)}`);
    }
    if (cc === '7' && suffix.length < lookups) suffix.push(nsn.slice(1)); // a PBX that cut the number to 9 digits
  }
  return { e164, national, suffix };
}

export async function run(options: IdentifyBenchOptions = {}): Promise<IdentifyBenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const lookups = options.lookups ?? 20_000;
  const spec: DataSpec = { clients: options.clients ?? 1_000_000, phonesPerClient: 3, activeShare: 0.1, mergedShare: 0.005, unparsedShare: 0.01 };
  const built = await ensureBenchData(options.dataDir ?? path.join(import.meta.dirname, '.data'), spec, log);
  const db = await openDatabase({ provider: 'sqlite', url: built.file, pgSchema: null }, silentLogger());
  try {
    const raw = db.sqlite;
    if (!raw) throw new Error('SQLite raw handle missing');
    const phones = createPhoneNormalizer({ defaultRegion: 'RU', outsideLinePrefixes: ['9'], extensionMaxDigits: 5 });
    const service = new CallerIdentificationService({ db, phones, logger: silentLogger() });
    const viaPrisma = new CallerIdentificationService({ db, phones, logger: silentLogger(), fastPath: false });
    const byE164 = raw.prepare('SELECT "id", "clientId", "contactId" FROM "PhoneNumber" WHERE "e164" = ?');
    const byRange = raw.prepare('SELECT "id", "clientId", "contactId" FROM "PhoneNumber" WHERE "nsnRev" >= ? AND "nsnRev" < ?');
    const inputs = makeInputs(spec.clients * spec.phonesPerClient, lookups);
    const identify = async (s: string): Promise<IdentifyMatch> => (await service.identify(s)).match;
    await timeAsync(inputs.e164.slice(0, 2000), identify); // warm-up
    timeSync(inputs.e164.slice(0, 2000), (s) => byE164.all(s));
    const rows: LatencyRow[] = [];
    for (const [name, list] of [['E.164', inputs.e164], ['national format', inputs.national], ['suffix (last 9 digits)', inputs.suffix]] as const) {
      const { matches, ...samples } = await timeAsync(list, identify);
      rows.push(summarize(`identify() ${name}`, samples, matches));
    }
    rows.push(summarize('raw prepared SELECT e164 = ? (baseline)', timeSync(inputs.e164, (s) => byE164.all(s)), null));
    rows.push(summarize('raw prepared SELECT nsnRev range (baseline)', timeSync(inputs.suffix, (s) => {
      const { lo, hi } = suffixRange([...s].reverse().join(''));
      return byRange.all(lo, hi ?? ':');
    }), null));
    const few = inputs.e164.slice(0, Math.min(2000, lookups));
    const prismaRun = await timeAsync(few, async (s) => (await viaPrisma.identify(s)).match);
    rows.push(summarize('identify() E.164 through Prisma (no fast path)', prismaRun, prismaRun.matches));
    const dbBytes = ['', '-wal'].reduce((sum, suffix) => sum + (statSync(`${built.file}${suffix}`, { throwIfNoEntry: false })?.size ?? 0), 0);
    const rssMb = Math.round(process.memoryUsage().rss / 1048576);
    const loadAverage = Math.round((os.loadavg()[0] ?? 0) * 10) / 10;
    return { spec, counts: built.counts, buildSeconds: built.buildSeconds, dbBytes, rssMb, loadAverage, cpus: os.cpus().length, rows };
  } finally {
    await db.close();
  }
}

export function report(r: IdentifyBenchResult): string {
  const lines = [
    `caller identification, SQLite: ${Object.entries(r.counts).map(([k, v]) => `${v} ${k}`).join(', ')}`,
    `database ${(r.dbBytes / 1048576).toFixed(0)} MiB, RSS ${r.rssMb} MiB, build ${r.buildSeconds === null ? 'cached' : `${r.buildSeconds} s`}, ` +
      `load average ${r.loadAverage} on ${r.cpus} CPUs`,
    ['case'.padEnd(50), 'lookups'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'max ms'.padStart(8),
      'cpu p99'.padStart(8), '  matches'].join(' '),
  ];
  for (const row of r.rows) {
    const matches = row.matches ? Object.entries(row.matches).map(([k, v]) => `${k}:${v}`).join(' ') : '';
    lines.push([row.name.padEnd(50), String(row.lookups).padStart(8), row.p50Ms.toFixed(3).padStart(8), row.p99Ms.toFixed(3).padStart(8),
      row.maxMs.toFixed(3).padStart(8), row.cpuP99Ms.toFixed(3).padStart(8), `  ${matches}`].join(' '));
  }
  return lines.join('\n');
}

if (isMainModule(import.meta.url)) {
  const clients = numberFlag('clients');
  const lookups = numberFlag('lookups');
  console.log(report(await run({ ...(clients !== undefined ? { clients } : {}), ...(lookups !== undefined ? { lookups } : {}) })));
}
