import { randomBytes } from 'node:crypto';
import type { Logger } from './kernel/index.js';
import {
  CallRecordService, type CallerIdentificationService, systemActor, type AuditLogService, type ClientService,
  type PhoneNormalizer, type UserService,
} from './crm-core/index.js';
import {
  AsteriskAmiDriver, CallControlService, CallLogService, CallTracker, CompositePbxDriver, CtiRuntime, DemoPbxDriver,
  GsmModemDriver, type GsmCallSource, type PbxDriver,
} from './cti/index.js';
import type { Database, ZariConfig } from './kernel/index.js';
import { callRoutes } from './web/routes/calls.routes.js';
import type { RouteDef } from './web/index.js';

/**
 * CTI wiring (part of the composition root): picks the PBX driver from config (AMI when ZARI_AMI_URL is
 * set, else the demo PBX), and connects driver → call tracker → call log, call control and the REST routes.
 */
export interface CtiHost {
  readonly config: ZariConfig;
  readonly logger: Logger;
  readonly db: Database;
  readonly phones: PhoneNormalizer;
  readonly audit: AuditLogService;
  readonly users: UserService;
  readonly clients: ClientService;
  readonly identification: CallerIdentificationService;
  addRoutes(routes: readonly RouteDef[]): void;
  onClose(fn: () => Promise<void> | void): void;
  out: { write(text: string): unknown };
  /** GSM modems used as gateways (the SMS wiring's modem owners): their calls join the PBX's (monitor only) */
  readonly gsmModems?: readonly GsmCallSource[];
}

export interface CtiWiring {
  readonly runtime: CtiRuntime;
  readonly control: CallControlService;
  readonly driver: PbxDriver;
}

export function createPbxDriver(config: ZariConfig, logger: Logger, demoCallers: { number: string; name: string | null }[]): PbxDriver | null {
  if (config.amiUrl) return new AsteriskAmiDriver({ url: config.amiUrl, logger });
  if (!config.demoPbx) return null;
  return new DemoPbxDriver({ logger, callers: demoCallers, extensions: demoExtensions.map((u) => u.extension) });
}

/**
 * The PBX driver combined with the GSM lines: events of both reach the one tracker; status, capabilities and
 * commands stay the PBX's (GSM lines are monitor-only). Only GSM lines (no PBX, demo off): the GSM driver alone.
 */
export function withGsmLines(pbx: PbxDriver | null, config: ZariConfig, logger: Logger, modems: readonly GsmCallSource[]): PbxDriver | null {
  if (modems.length === 0) return pbx;
  const line = { did: config.gsmDid, ringExtensions: config.gsmRingExtensions };
  const gsm = new GsmModemDriver({ logger, modems: modems.map((source) => ({ source, line })) });
  return pbx ? new CompositePbxDriver({ logger, primary: pbx, secondaries: [gsm] }) : gsm;
}

const demoExtensions = [
  { login: 'operator201', name: 'Operator 201', role: 'operator', extension: '201' },
  { login: 'operator202', name: 'Operator 202', role: 'operator', extension: '202' },
  { login: 'secretary301', name: 'Secretary 301', role: 'secretary', extension: '301' },
  { login: 'manager401', name: 'Nino Beridze', role: 'manager', extension: '401' },
  { login: 'telemarketer501', name: 'Telemarketer 501', role: 'telemarketer', extension: '501' },
] as const;

const demoClients = [
  { name: 'Acme Ltd', phone: '+995322123456', vip: false },
  { name: 'ООО «Ромашка»', phone: '+74951234567', vip: false },
  { name: 'შპს თბილისი ტრეიდი', phone: '+995555123456', vip: true },
] as const;

/** First start with the demo PBX: demo users on the demo extensions and clients the demo calls from. */
async function seedDemo(host: CtiHost): Promise<{ number: string; name: string | null }[]> {
  const callers = [...demoClients.map((c) => ({ number: c.phone, name: c.name })), { number: '+995599000111', name: null }];
  if (await host.db.prisma.user.count({ where: { login: { in: demoExtensions.map((u) => u.login) } } }) > 0) return callers;
  if (await host.db.prisma.client.count() > 0) return callers;
  const lines: string[] = [];
  let managerId: number | null = null;
  for (const u of demoExtensions) {
    const password = randomBytes(9).toString('base64url');
    const user = await host.users.create(systemActor, { login: u.login, name: u.name, role: u.role, password, extensions: [u.extension] });
    if (u.role === 'manager') managerId = user.id;
    lines.push(`  ${u.login.padEnd(14)} ${u.role.padEnd(10)} ext ${u.extension}  password ${password}`);
  }
  for (const c of demoClients) {
    await host.clients.create(systemActor, { name: c.name, vip: c.vip, responsibleUserId: managerId, phones: [{ raw: c.phone, type: 'work' }], tags: ['demo'] });
  }
  host.out.write(`\nzari: demo PBX on (no ZARI_AMI_URL): demo users created (shown once):\n${lines.join('\n')}\n\n`);
  return callers;
}

/** A lookup remembered for `ttlMs` (extension → user changes rarely; the call log asks for every call). */
function cachedFor<T>(ttlMs: number, load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = load(key);
    cache.set(key, { at: Date.now(), value });
    value.catch(() => cache.delete(key));
    return value;
  };
}

export async function attachCti(host: CtiHost): Promise<CtiWiring | null> {
  const logger = host.logger.child({ ctx: 'cti' });
  const callers = !host.config.amiUrl && host.config.demoPbx ? await seedDemo(host) : [];
  const driver = withGsmLines(createPbxDriver(host.config, logger, callers), host.config, logger, host.gsmModems ?? []);
  if (!driver) {
    logger.warn('no PBX configured and the demo PBX is off: call features are disabled');
    return null;
  }
  const tracker = new CallTracker({ logger, pbx: driver.name === 'demo' || driver.name === 'gsm' ? driver.name : 'asterisk' });
  // on SQLite the call log writes through prepared statements on its own connection (ADR 0010)
  const records = new CallRecordService({ db: host.db.prisma, logger, phones: host.phones, audit: host.audit }, host.db.sqlite?.name ?? null);
  host.onClose(() => records.close());
  const userIdForExtension = cachedFor(30_000, async (ext: string) => (await host.users.findByExtension(ext))?.id ?? null);
  const callLog = new CallLogService({
    logger, store: records, identify: (raw) => host.identification.identify(raw), userIdForExtension,
    callbackGroup: host.config.callbackGroup, callbackDueMinutes: host.config.callbackDueMinutes,
  });
  const runtime = new CtiRuntime({ driver, tracker, callLog, logger });
  const control = new CallControlService({
    driver, calls: runtime, phones: host.phones, logger,
    outboundContext: host.config.outboundContext, internalContext: host.config.internalContext,
    outboundCallerId: host.config.outboundCallerId ?? null,
    responsibleExtension: async (number) => (await host.identification.identify(number)).card?.responsible?.extensions[0] ?? null,
    audit: async (actor, action, callId, details) => {
      await host.audit.record(actor, action, 'call', callId, details);
    },
  });
  host.addRoutes(callRoutes({
    callRecords: records, cti: runtime, control,
    extensionUsers: async () => {
      const rows = await host.db.prisma.userExtension.findMany({ include: { user: { select: { id: true, name: true } } } });
      return Object.fromEntries(rows.map((r) => [r.extension, { id: r.user.id, name: r.user.name }]));
    },
  }));
  host.onClose(() => runtime.stop());
  await runtime.start();
  logger.info({ driver: driver.name, capabilities: [...driver.capabilities] }, 'cti started');
  return { runtime, control, driver };
}
