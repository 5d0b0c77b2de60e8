import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import {
  CallerIdentificationService, createCrmServices, createPhoneNormalizer, systemActor, type CountryCode, type CrmServices, type PhoneNormalizer,
} from './crm-core/index.js';
import {
  createLogger, openDatabase, resolveDatabaseTarget, type Database, type Logger, type ZariConfig,
} from './kernel/index.js';
import {
  AuthService, CrmUsers, LoginRateLimiter, SessionStore, authMiddleware, authRoutes, createApp, createMetrics, crmRoutes,
  systemRoutes, usersRoutes, type Metrics, type PbxHealth, type RouteDef, type UserAdmin, type UserDirectory,
} from './web/index.js';
import { attachCti, type CtiWiring } from './zari-cti.js';
import { attachSms, type SmsWiring } from './zari-sms.js';
import { attachRecordings, type RecordingsWiring } from './zari-recordings.js';
import { attachTelemarketing, type TelemarketingWiring } from './zari-telemarketing.js';
import { staticUi } from './web/index.js';
import { asyncApiRoutes, attachRealtime, type RealtimeGateway } from './web/realtime/index.js';
import { callResultRoutes, type LoggedCall } from './web/routes/call-result.routes.js';

/**
 * The composition root: construct and inject, nothing else. One function per concern. CTI (PBX drivers,
 * call tracker, Socket.IO gateway), SMS, fax and recordings are wired in here too as they arrive: they
 * get `zari.services`, add REST routes with `zari.addRoutes`, attach to `zari.server`, and register their
 * shutdown with `zari.onClose`.
 */
export const zariVersion = '0.1.0';

export interface ZariServices {
  readonly phones: PhoneNormalizer;
  /** every crm-core service (clients, contacts, deals, tasks, interactions, users, imports, ...) */
  readonly crm: CrmServices;
  /** number → client card (screen pop, GET /api/identify) */
  readonly identification: CallerIdentificationService;
  readonly users: UserAdmin;
  readonly directory: UserDirectory;
  readonly sessions: SessionStore;
  readonly auth: AuthService;
  readonly limiter: LoginRateLimiter;
}

export interface Zari {
  readonly config: ZariConfig;
  readonly logger: Logger;
  readonly db: Database;
  readonly services: ZariServices;
  readonly metrics: Metrics;
  readonly app: Express;
  readonly server: Server;
  /** every declared REST route (documented in /api/openapi.json) */
  readonly routes: readonly RouteDef[];
  /** the PBX wiring (null: no PBX configured and the demo PBX is off) */
  cti: CtiWiring | null;
  /** SMS: provider (GSM modems or the log provider), outbound queue, inbound */
  sms: SmsWiring | null;
  /** the Socket.IO gateway and screen pops (null without CTI) */
  realtime: RealtimeGateway | null;
  /** call recordings: ingest, retention, search, streaming (zari-recordings.ts) */
  recordings: RecordingsWiring | null;
  /** campaigns, the telemarketer's desk and the campaign dialer (zari-telemarketing.ts) */
  telemarketing: TelemarketingWiring | null;
  addRoutes(routes: readonly RouteDef[]): void;
  /** replaces the PBX part of /healthz (the CTI wiring calls this) */
  setPbxHealth(probe: () => PbxHealth): void;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** runs on close, in reverse order of registration, before the database closes */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export interface ZariOptions {
  readonly logger?: Logger;
  /** an already opened (and migrated) database; the caller keeps ownership and closes it */
  readonly database?: Database;
  /** where the one-time admin password line goes (default: process.stdout) */
  readonly out?: { write(text: string): unknown };
  /** login rate limit (default 10 failures per 15 minutes per IP and per login) */
  readonly loginRateLimit?: { maxFailures: number; windowMs: number };
}

export function buildServices(db: Database, config: ZariConfig, logger: Logger, opts: Pick<ZariOptions, 'loginRateLimit'> = {}): ZariServices {
  const phones = createPhoneNormalizer({
    defaultRegion: config.defaultRegion as CountryCode,
    outsideLinePrefixes: config.outsideLinePrefixes,
    extensionMaxDigits: config.extensionMaxDigits,
  });
  const crm = createCrmServices({ db: db.prisma, logger: logger.child({ ctx: 'crm' }), phones });
  const identification = new CallerIdentificationService({ db, phones, logger: logger.child({ ctx: 'identify' }) });
  const users = new CrmUsers(crm.users);
  const sessions = new SessionStore(db.prisma, config.sessionTtlHours * 3_600_000);
  const limiter = new LoginRateLimiter(opts.loginRateLimit ?? { maxFailures: 10, windowMs: 15 * 60_000 });
  const auth = new AuthService({ users, sessions, limiter });
  return { phones, crm, identification, users, directory: users, sessions, auth, limiter };
}

/** First start: create `admin` from config.adminPassword, or with a random password printed once. */
export async function ensureAdmin(db: Database, services: ZariServices, config: ZariConfig, out: { write(text: string): unknown }, logger: Logger): Promise<void> {
  if (await db.prisma.user.count({ where: { login: 'admin' } }) > 0) return;
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  await services.users.create(systemActor, { login: 'admin', name: 'Administrator', role: 'admin', password });
  logger.info({ login: 'admin', generated: !config.adminPassword }, 'admin user created');
  if (!config.adminPassword) {
    out.write(`\nzari: created user "admin" with password: ${password}\nzari: this password is shown only once; change it after logging in.\n\n`);
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeIdleConnections();
    // keep-alive clients that never go idle would hold close() forever
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}

/** The database and services without the web edge (the CLI uses this). Migrations run on open. */
export interface ZariCore {
  readonly logger: Logger;
  readonly db: Database;
  readonly services: ZariServices;
}

export async function openZariCore(config: ZariConfig, opts: Pick<ZariOptions, 'logger' | 'database' | 'loginRateLimit'> = {}): Promise<ZariCore> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const db = opts.database ?? await openDatabase(resolveDatabaseTarget(config.databaseUrl, config.dataDir), logger);
  try {
    return { logger, db, services: buildServices(db, config, logger, opts) };
  } catch (err) {
    if (!opts.database) await db.close();
    throw err;
  }
}

/** The REST routes of every context; `allRoutes` feeds the OpenAPI document (routes added later included). */
function buildRoutes(core: ZariCore, config: ZariConfig, metrics: Metrics, pbx: () => PbxHealth, allRoutes: () => readonly RouteDef[]): RouteDef[] {
  const { db, services, logger } = core;
  return [
    ...systemRoutes({ health: { prisma: db.prisma, pbx, startedAt: Date.now() }, metrics, allRoutes, version: zariVersion }),
    ...authRoutes({ auth: services.auth, secureCookies: config.secureCookies, sessionTtlMs: config.sessionTtlHours * 3_600_000 }),
    ...usersRoutes({ users: services.users, sessions: services.sessions }),
    ...crmRoutes({ ...services.crm, identification: services.identification, logger: logger.child({ ctx: 'crm-http' }) }),
  ];
}

function listenOn(server: Server, port: number, host: string): Promise<{ port: number; url: string }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      resolve({ port: address.port, url: `http://${shownHost}:${address.port}` });
    });
  });
}

async function prepare(core: ZariCore, config: ZariConfig, opts: ZariOptions): Promise<void> {
  try {
    await ensureAdmin(core.db, core.services, config, opts.out ?? process.stdout, core.logger);
    await core.services.sessions.purgeExpired();
  } catch (err) {
    if (!opts.database) await core.db.close();
    throw err;
  }
}

/** ZARI_TRUST_PROXY → Express "trust proxy" (boolean, hop count or subnet list). */
export function trustProxyOf(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

export async function createZari(config: ZariConfig, opts: ZariOptions = {}): Promise<Zari> {
  const core = await openZariCore(config, opts);
  await prepare(core, config, opts);
  const { logger, db, services } = core;
  const metrics = createMetrics();
  let pbx: () => PbxHealth = () => ({ status: 'none' });
  const routes: RouteDef[] = [];
  routes.push(...buildRoutes(core, config, metrics, () => pbx(), () => routes));
  const web = createApp({
    logger: logger.child({ ctx: 'http' }),
    routes,
    trustProxy: trustProxyOf(config.trustProxy),
    before: [authMiddleware({ sessions: services.sessions, users: services.directory, secureCookies: config.secureCookies })],
    observe: (req, res, route, seconds) => metrics.observeRequest(req, res, route, seconds),
  });
  // the browser app (web/ui/dist, built at install) with its SPA fallback for non-API paths
  web.use(staticUi());
  const server = createServer(web.app);
  const purge = setInterval(() => {
    services.sessions.purgeExpired().catch((err: unknown) => logger.warn({ err }, 'session purge failed'));
  }, 3_600_000).unref();
  const closers: (() => Promise<void> | void)[] = [() => clearInterval(purge)];
  let closed = false;
  const zari: Zari = {
    config, logger, db, services, metrics, server, routes, cti: null, sms: null, realtime: null, recordings: null, telemarketing: null,
    app: web.app,
    addRoutes(more) {
      routes.push(...more);
      web.addRoutes(more);
    },
    setPbxHealth(probe) { pbx = probe; },
    listen: (port = config.port, host = config.host) => listenOn(server, port, host),
    onClose(fn) { closers.push(fn); },
    async close() {
      if (closed) return;
      closed = true;
      // live WebSocket connections would hold server.close(): drop them first
      await zari.realtime?.close();
      await closeServer(server);
      for (const fn of closers.reverse()) await fn();
      if (!opts.database) await db.close();
    },
  };
  // SMS before CTI: the GSM modems' calls feed the CTI runtime (zari-cti.ts withGsmLines)
  await wireSms(zari);
  await wireCti(zari, opts, (probe) => { pbx = probe; });
  await wireRecordings(zari);
  wireRealtime(zari);
  await wireTelemarketing(zari);
  return zari;
}

/** Telemarketing: campaigns, lists, scripts, compliance, the telemarketer's desk and the campaign dialer (zari-telemarketing.ts). */
async function wireTelemarketing(zari: Zari): Promise<void> {
  const { services } = zari;
  zari.telemarketing = await attachTelemarketing({
    config: zari.config, logger: zari.logger, db: zari.db, crm: services.crm, phones: services.phones, identification: services.identification,
    cti: zari.cti, realtime: zari.realtime, addRoutes: (r) => zari.addRoutes(r), onClose: (fn) => zari.onClose(fn),
  });
}

/** Today's (local midnight on) answered and missed inbound calls in the call log: the wallboard's start. */
async function todayCounts(db: Database): Promise<{ answered: number; missed: number }> {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const today = { kind: 'call', direction: 'inbound', startedAt: { gte: midnight } };
  const [answered, missed] = await Promise.all([
    db.prisma.interaction.count({ where: { ...today, outcome: 'answered' } }),
    db.prisma.interaction.count({ where: { ...today, outcome: { in: ['missed', 'no_answer', 'busy', 'abandoned'] } } }),
  ]);
  return { answered, missed };
}

/** The realtime side: GET /api/asyncapi.json always; the Socket.IO gateway and screen pops when CTI runs. */
function wireRealtime(zari: Zari): void {
  zari.addRoutes(asyncApiRoutes(zariVersion));
  if (!zari.cti) return;
  const { services } = zari;
  const realtime = attachRealtime({
    server: zari.server, auth: { sessions: services.sessions, users: services.directory }, runtime: zari.cti.runtime,
    identification: services.identification, users: services.crm.users, phones: services.phones,
    registry: zari.metrics.registry, logger: zari.logger,
    todayCounts: () => todayCounts(zari.db),
  });
  zari.realtime = realtime;
  zari.onClose(() => realtime.close());
  // an SMS from a client is told to its responsible manager, live
  const offSms = zari.sms?.inbound.events.on('inbound', (n) => {
    if (n.notifyUserId === null) return;
    realtime.io.to(`user:${n.notifyUserId}`).emit('sms.inbound', {
      smsId: n.message.id, from: n.message.phone, text: n.message.text, clientId: n.clientId, clientName: n.clientName, receivedAt: n.message.createdAt,
    });
  });
  if (offSms) zari.onClose(offSms);
  const findCall = async (callKey: string): Promise<LoggedCall | null> => {
    const row = await zari.db.prisma.interaction.findUnique({ where: { callKey }, select: { clientId: true, answeredBy: true, rangExtensions: true } });
    if (!row) return null;
    const rang: unknown = JSON.parse(row.rangExtensions ?? '[]');
    return { clientId: row.clientId, answeredBy: row.answeredBy, rang: Array.isArray(rang) ? rang.map(String) : [] };
  };
  zari.addRoutes(callResultRoutes({
    interactions: services.crm.interactions, tasks: services.crm.tasks, deals: services.crm.deals, findCall,
    pbx: zari.cti.driver.name === 'demo' ? 'demo' : 'asterisk',
  }));
}

/** The recordings side (zari-recordings.ts): store, backlog scan, ingest on call end, retention, routes. */
async function wireRecordings(zari: Zari): Promise<void> {
  try {
    zari.recordings = await attachRecordings({
      config: zari.config, logger: zari.logger, db: zari.db, audit: zari.services.crm.audit, cti: zari.cti,
      addRoutes: (r) => zari.addRoutes(r), onClose: (fn) => zari.onClose(fn),
    });
  } catch (err) {
    await zari.close();
    throw err;
  }
}

/** The SMS side (zari-sms.ts): provider from config, queue worker, inbound, routes; closed on shutdown. */
async function wireSms(zari: Zari): Promise<void> {
  const { services } = zari;
  try {
    zari.sms = await attachSms({
      config: zari.config, logger: zari.logger, db: zari.db, phones: services.phones, identification: services.identification,
      interactions: services.crm.interactions, clients: services.crm.clients, dnc: services.crm.dnc,
      addRoutes: (r) => zari.addRoutes(r), onClose: (fn) => zari.onClose(fn),
    });
  } catch (err) {
    await zari.close();
    throw err;
  }
}

/** The PBX side: driver from config (AMI, else the demo PBX), tracker, call log, call control, /healthz. */
async function wireCti(zari: Zari, opts: ZariOptions, setPbx: (probe: () => PbxHealth) => void): Promise<void> {
  const { services } = zari;
  try {
    const cti = await attachCti({
      config: zari.config, logger: zari.logger, db: zari.db, phones: services.phones, audit: services.crm.audit,
      users: services.crm.users, clients: services.crm.clients, identification: services.identification,
      addRoutes: (r) => zari.addRoutes(r), onClose: (fn) => zari.onClose(fn), out: opts.out ?? process.stdout,
      gsmModems: zari.sms?.modems ?? [],
    });
    if (!cti) return;
    setPbx(() => {
      const s = cti.runtime.status();
      return { status: s.state, driver: s.driver, since: new Date(s.since).toISOString(), lastError: s.lastError, reconnects: s.reconnects };
    });
    zari.cti = cti;
  } catch (err) {
    await zari.close();
    throw err;
  }
}
