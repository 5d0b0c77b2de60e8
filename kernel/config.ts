import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ZariError } from './errors.js';

/**
 * The one configuration schema. Precedence: defaults < config file (ZARI_CONFIG, JSON) < environment.
 * Environment keys are the stable interface of ARCHITECTURE.md; the file uses the camelCase keys.
 */
const csv = z.union([z.array(z.string()), z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))]);
const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1')]);

export const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default('0.0.0.0'),
  dataDir: z.string().default('./data'),
  /** default: SQLite file in the data dir; postgres://… for PostgreSQL */
  databaseUrl: z.string().optional(),
  redisUrl: z.string().optional(),
  /** ami://user:secret@host:5038 — absent: the demo PBX */
  amiUrl: z.string().optional(),
  /** http://user:secret@host:8088/?app=zari — the ARI Stasis app that dials progressive/predictive campaigns (absent: preview only) */
  ariUrl: z.string().optional(),
  /** campaigns: the PBX endpoint of a customer's number ({number} = E.164 or the dialable form) */
  ariCustomerEndpoint: z.string().default('PJSIP/{number}@trunk'),
  /** campaigns: the PBX endpoint of a telemarketer's phone ({extension}) */
  ariAgentEndpoint: z.string().default('PJSIP/{extension}'),
  /** campaigns: what an abandoned customer hears (predictive: nobody free within the set seconds) */
  abandonMedia: z.string().default('sound:zari-abandon'),
  defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'two-letter ISO region').default('RU'),
  adminPassword: z.string().min(8).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** outside-line access codes the PBX may prefix to external numbers (e.g. "9") */
  outsideLinePrefixes: csv.default([]),
  /** internal extensions: this many digits or fewer are extensions, not external numbers */
  extensionMaxDigits: z.coerce.number().int().min(2).max(8).default(5),
  /** the CallerID presented on outbound calls (click-to-dial), as configured on the trunk */
  outboundCallerId: z.string().optional(),
  /** PBX context that dials external numbers (click-to-dial second leg) */
  outboundContext: z.string().regex(/^[\w-]{1,80}$/).default('from-internal'),
  /** PBX context in which extensions are reached (transfers, internal click-to-dial) */
  internalContext: z.string().regex(/^[\w-]{1,80}$/).default('from-internal'),
  /** group that receives callback tasks for unknown callers */
  callbackGroup: z.string().default('callbacks'),
  /** minutes until a callback task is due */
  callbackDueMinutes: z.coerce.number().int().min(0).default(30),
  sessionTtlHours: z.coerce.number().int().min(1).default(12),
  /** cookies only over HTTPS (set behind a TLS proxy) */
  secureCookies: bool.default(false),
  /** Express "trust proxy" behind a reverse proxy: false | true | hop count | subnet list ("loopback, 10.0.0.0/8") */
  trustProxy: z.string().default('false'),
  /** start without the demo PBX even when no PBX is configured */
  demoPbx: bool.default(true),
  /** SMS: serial ports of GSM modems ("/dev/ttyUSB0,/dev/ttyUSB2"); empty: the log provider (demo) */
  smsModems: csv.default([]),
  /** SMS: per-modem rate limit, minimum milliseconds between two parts on one modem */
  smsMinIntervalMs: z.coerce.number().int().min(0).default(3000),
  /** GSM calls on the SMS modems: extensions that ring (empty: nobody, the call is still logged as inbound/missed) */
  gsmRingExtensions: csv.default([]),
  /** GSM calls: the DID shown for calls on the modems' lines */
  gsmDid: z.string().min(1).default('gsm'),
  /** recordings: the PBX recording directory, local or mounted (default: <dataDir>/spool) */
  recordingsSpoolDir: z.string().optional(),
  /** recordings: where PBX sources go after ingest (absent: they are deleted) */
  recordingsArchiveDir: z.string().optional(),
  /** recordings: days of audio kept after ingest (0 or absent with no value: forever) */
  recordingsRetentionDays: z.coerce.number().int().min(0).max(36500).default(365),
  /** recordings: how often the retention job runs, in minutes */
  recordingsRetentionIntervalMinutes: z.coerce.number().int().min(1).default(60),
  /** recording policy: always | never | on-demand (MixMonitor started by zari when the call is answered) */
  recordPolicy: z.enum(['always', 'never', 'on-demand']).default('on-demand'),
  /** per-direction / queue / extension overrides, "inbound:always,internal:never" (extension wins over queue over direction) */
  recordPolicyByDirection: csv.default([]),
  recordPolicyByQueue: csv.default([]),
  recordPolicyByExtension: csv.default([]),
  /** QA scorecard criteria "key:weight" (weights sum to the 0–100 score's scale) */
  recordingsQaCriteria: csv.default(['greeting:20', 'identification:20', 'needs:20', 'solution:25', 'closing:15']),
});

export type ZariConfig = z.infer<typeof configSchema>;

const envKeys: Record<string, keyof ZariConfig> = {
  PORT: 'port',
  HOST: 'host',
  ZARI_DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  REDIS_URL: 'redisUrl',
  ZARI_AMI_URL: 'amiUrl',
  ZARI_ARI_URL: 'ariUrl',
  ZARI_ARI_CUSTOMER_ENDPOINT: 'ariCustomerEndpoint',
  ZARI_ARI_AGENT_ENDPOINT: 'ariAgentEndpoint',
  ZARI_ABANDON_MEDIA: 'abandonMedia',
  ZARI_DEFAULT_REGION: 'defaultRegion',
  ZARI_ADMIN_PASSWORD: 'adminPassword',
  ZARI_LOG_LEVEL: 'logLevel',
  ZARI_OUTSIDE_LINE_PREFIXES: 'outsideLinePrefixes',
  ZARI_EXTENSION_MAX_DIGITS: 'extensionMaxDigits',
  ZARI_OUTBOUND_CALLER_ID: 'outboundCallerId',
  ZARI_OUTBOUND_CONTEXT: 'outboundContext',
  ZARI_INTERNAL_CONTEXT: 'internalContext',
  ZARI_CALLBACK_GROUP: 'callbackGroup',
  ZARI_CALLBACK_DUE_MINUTES: 'callbackDueMinutes',
  ZARI_SESSION_TTL_HOURS: 'sessionTtlHours',
  ZARI_SECURE_COOKIES: 'secureCookies',
  ZARI_DEMO_PBX: 'demoPbx',
  ZARI_TRUST_PROXY: 'trustProxy',
  ZARI_SMS_MODEMS: 'smsModems',
  ZARI_SMS_MIN_INTERVAL_MS: 'smsMinIntervalMs',
  ZARI_GSM_RING_EXTENSIONS: 'gsmRingExtensions',
  ZARI_GSM_DID: 'gsmDid',
  ZARI_RECORDINGS_SPOOL_DIR: 'recordingsSpoolDir',
  ZARI_RECORDINGS_ARCHIVE_DIR: 'recordingsArchiveDir',
  ZARI_RECORDINGS_RETENTION_DAYS: 'recordingsRetentionDays',
  ZARI_RECORDINGS_RETENTION_INTERVAL_MINUTES: 'recordingsRetentionIntervalMinutes',
  ZARI_RECORD: 'recordPolicy',
  ZARI_RECORD_BY_DIRECTION: 'recordPolicyByDirection',
  ZARI_RECORD_BY_QUEUE: 'recordPolicyByQueue',
  ZARI_RECORD_BY_EXTENSION: 'recordPolicyByExtension',
  ZARI_RECORDINGS_QA_CRITERIA: 'recordingsQaCriteria',
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ZariConfig> = {}): ZariConfig {
  let fileValues: Record<string, unknown> = {};
  const file = env.ZARI_CONFIG;
  if (file) {
    if (!existsSync(file)) throw new ZariError('validation_failed', `config file ${file} does not exist`);
    try {
      fileValues = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      throw new ZariError('validation_failed', `config file ${file} is not a JSON object`, String(error));
    }
  }
  const envValues: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(envKeys)) {
    const value = env[key];
    if (value !== undefined && value !== '') envValues[field] = value;
  }
  const parsed = configSchema.safeParse({ ...fileValues, ...envValues, ...overrides });
  if (!parsed.success) {
    throw new ZariError('validation_failed', `invalid configuration: ${z.prettifyError(parsed.error)}`, parsed.error.issues);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.dataDir) };
}
