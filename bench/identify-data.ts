/**
 * Builds (once) the caller-identification benchmark database: zari's own migrations, then raw
 * better-sqlite3 prepared inserts in big transactions. Cached under bench/.data/ with a manifest;
 * delete the directory (or change `dataVersion`) to rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrate, silentLogger } from '../kernel/index.js';

export const dataVersion = 2;

export interface DataSpec {
  clients: number;
  phonesPerClient: number;
  /** share of clients with contacts, deals, tasks and interactions */
  activeShare: number;
  /** share of clients merged into another one */
  mergedShare: number;
  /** share of phones stored without E.164 (imported unparsed) */
  unparsedShare: number;
}

export interface BuiltData {
  file: string;
  spec: DataSpec;
  counts: Record<string, number>;
  buildSeconds: number | null;
}

/** RU mobile/Moscow/St Petersburg and GE mobile/Tbilisi ranges: [country code, NSN prefix, subscriber digits] */
const ranges: ReadonlyArray<readonly [string, string, number]> = [
  ['7', '916', 7], ['7', '903', 7], ['7', '926', 7], ['7', '985', 7], ['7', '495', 7], ['7', '812', 7],
  ['7', '999', 7], ['7', '977', 7], ['995', '555', 6], ['995', '577', 6], ['995', '599', 6], ['995', '322', 6],
];

/** A deterministic PRNG (mulberry32) so every build has the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Phone number i → a unique valid number: the range by i mod R, the subscriber by a bijection of i div R. */
export function benchPhone(i: number): { cc: string; nsn: string } {
  const [cc, prefix, width] = ranges[i % ranges.length] ?? ['7', '916', 7];
  const space = 10 ** width;
  const k = Math.floor(i / ranges.length);
  const subscriber = (k * 7_654_321 + 1_234_567) % space; // 7654321 is coprime to 10^n: a bijection
  return { cc, nsn: prefix + String(subscriber).padStart(width, '0') };
}

const reverse = (s: string): string => [...s].reverse().join('');
/** DateTime text exactly as Prisma's SQLite adapter writes it */
const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');

function insertAll(db: BetterSqlite3.Database, spec: DataSpec): Record<string, number> {
  const rnd = prng(42);
  const now = Date.UTC(2026, 10, 1);
  const counts: Record<string, number> = { users: 50, clients: 0, phones: 0, contacts: 0, deals: 0, tasks: 0, interactions: 0 };
  const tx = (fn: () => void): void => db.transaction(fn)();
  tx(() => {
    const user = db.prepare('INSERT INTO "User" ("id","login","name","passwordHash","role","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?)');
    const ext = db.prepare('INSERT INTO "UserExtension" ("extension","userId") VALUES (?,?)');
    for (let u = 1; u <= 50; u++) {
      user.run(u, `manager${u}`, `Manager ${u}`, 'x', 'manager', iso(now), iso(now));
      ext.run(String(200 + u), u);
    }
    const pipeline = db.prepare('INSERT INTO "Pipeline" ("id","name","isDefault") VALUES (1,\'Sales\',1)');
    pipeline.run();
    const stage = db.prepare('INSERT INTO "PipelineStage" ("id","pipelineId","name","position","kind") VALUES (?,1,?,?,?)');
    [['New', 'open'], ['Offer', 'open'], ['Won', 'won'], ['Lost', 'lost']].forEach(([name, kind], i) => stage.run(i + 1, name, i + 1, kind));
  });
  const client = db.prepare(`INSERT INTO "Client" ("id","kind","name","searchName","vip","segment","responsibleUserId","mergedIntoId","createdAt","updatedAt")
    VALUES (?,?,?,?,?,?,?,?,?,?)`);
  const contact = db.prepare('INSERT INTO "ContactPerson" ("id","clientId","name","searchName","position","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?)');
  const phone = db.prepare('INSERT INTO "PhoneNumber" ("id","clientId","contactId","type","raw","e164","nsnRev","createdAt") VALUES (?,?,?,?,?,?,?,?)');
  const deal = db.prepare(`INSERT INTO "Deal" ("clientId","title","pipelineId","stageId","amount","currency","status","createdAt","updatedAt")
    VALUES (?,?,1,?,?,?,?,?,?)`);
  const task = db.prepare(`INSERT INTO "Task" ("clientId","title","assigneeId","dueAt","priority","status","createdAt","updatedAt")
    VALUES (?,?,?,?,?,?,?,?)`);
  const interaction = db.prepare(`INSERT INTO "Interaction" ("kind","direction","clientId","userId","startedAt","outcome","subject","createdAt")
    VALUES ('call',?,?,?,?,?,?,?)`);
  const batch = 50_000;
  for (let start = 1; start <= spec.clients; start += batch) {
    tx(() => {
      for (let id = start; id < start + batch && id <= spec.clients; id++) {
        const name = `Client ${id}`;
        const merged = rnd() < spec.mergedShare && id > 1 ? id - 1 : null;
        const manager = 1 + Math.floor(rnd() * 50);
        client.run(id, id % 3 === 0 ? 'person' : 'company', name, name.toLowerCase(), rnd() < 0.01 ? 1 : 0,
          ['retail', 'wholesale', 'b2b'][id % 3] ?? null, manager, merged, iso(now), iso(now));
        counts.clients = (counts.clients ?? 0) + 1;
        const active = rnd() < spec.activeShare;
        let contactId: number | null = null;
        if (active) {
          contactId = id;
          contact.run(id, id, `Contact ${id}`, `contact ${id}`, 'Manager', iso(now), iso(now));
          counts.contacts = (counts.contacts ?? 0) + 1;
        }
        for (let k = 0; k < spec.phonesPerClient; k++) {
          const i = (id - 1) * spec.phonesPerClient + k;
          const { cc, nsn } = benchPhone(i);
          const unparsed = rnd() < spec.unparsedShare;
          const raw = cc === '7' ? `8${nsn}` : `0${nsn}`;
          phone.run(i + 1, id, k === 2 ? contactId : null, k === 0 ? 'work' : 'mobile', unparsed ? raw : `+${cc}${nsn}`,
            unparsed ? null : `+${cc}${nsn}`, unparsed ? reverse(raw) : reverse(nsn), iso(now));
          counts.phones = (counts.phones ?? 0) + 1;
        }
        if (active) addActivity(id, manager);
      }
    });
  }
  function addActivity(id: number, manager: number): void {
    deal.run(id, `Deal ${id}-a`, 1 + (id % 2), '1250.00', 'RUB', 'open', iso(now), iso(now));
    deal.run(id, `Deal ${id}-b`, 3, '99.00', 'RUB', 'won', iso(now), iso(now));
    task.run(id, 'Call back', manager, iso(now + (id % 10) * 86_400_000), 'normal', 'open', iso(now), iso(now));
    task.run(id, 'Old task', manager, iso(now - 86_400_000), 'normal', 'done', iso(now), iso(now));
    for (let n = 0; n < 8; n++) {
      const at = iso(now - (n * 3 + (id % 3)) * 3_600_000);
      interaction.run(n % 2 ? 'outbound' : 'inbound', id, manager, at, 'answered', `call ${n}`, at);
    }
    counts.deals = (counts.deals ?? 0) + 2;
    counts.tasks = (counts.tasks ?? 0) + 2;
    counts.interactions = (counts.interactions ?? 0) + 8;
  }
  return counts;
}

/** Drops the bulk-loaded tables' secondary indexes, runs `load`, then recreates them from their own SQL. */
function withoutIndexes(db: BetterSqlite3.Database, tables: string[], load: () => void): void {
  const rows = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
    AND tbl_name IN (${tables.map(() => '?').join(',')})`).all(...tables) as Array<{ name: string; sql: string }>;
  for (const r of rows) db.exec(`DROP INDEX "${r.name}"`);
  load();
  for (const r of rows) db.exec(r.sql);
}

/** A short hash of the SQLite migrations the data set is built with. */
export function migrationsHash(): string {
  const root = path.join(import.meta.dirname, '..', 'prisma', 'migrations', 'sqlite');
  const hash = createHash('sha256');
  for (const dir of readdirSync(root).sort()) {
    const file = path.join(root, dir, 'migration.sql');
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 10);
}

export async function ensureBenchData(dir: string, spec: DataSpec, log: (line: string) => void): Promise<BuiltData> {
  // one data set per migration history: zari refuses a database whose applied migration changed since
  const tag = `identify-v${dataVersion}-${spec.clients}x${spec.phonesPerClient}-${migrationsHash()}`;
  const file = path.join(dir, `${tag}.db`);
  const manifest = path.join(dir, `${tag}.json`);
  if (existsSync(file) && existsSync(manifest)) {
    const saved = JSON.parse(readFileSync(manifest, 'utf8')) as { counts: Record<string, number> };
    return { file, spec, counts: saved.counts, buildSeconds: null };
  }
  mkdirSync(dir, { recursive: true });
  for (const f of [file, `${file}-wal`, `${file}-shm`, manifest]) rmSync(f, { force: true });
  log(`building ${file} (${spec.clients} clients × ${spec.phonesPerClient} phones)…`);
  const started = performance.now();
  await migrate({ provider: 'sqlite', url: file, pgSchema: null }, silentLogger());
  const db = new BetterSqlite3(file);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  let counts: Record<string, number> = {};
  withoutIndexes(db, ['Client', 'ContactPerson', 'PhoneNumber', 'Deal', 'Task', 'Interaction'], () => {
    counts = insertAll(db, spec);
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
  writeFileSync(manifest, JSON.stringify({ spec, counts, buildSeconds, bytes: statSync(file).size }, null, 2));
  return { file, spec, counts, buildSeconds };
}
