import type {
  CallerIdentificationService, ClientService, DoNotCallService, InteractionService, PhoneNormalizer,
} from './crm-core/index.js';
import type { Database, Logger, ZariConfig } from './kernel/index.js';
import {
  GsmModemProvider, LogSmsProvider, SmsInboundService, SmsMassService, SmsQueryService, SmsQueueService, SmsSendService,
  SmsTimeline, type ModemOwner, type SmsProvider,
} from './sms/index.js';
import type { RouteDef } from './web/index.js';
import { smsRoutes } from './web/routes/sms.routes.js';

/**
 * SMS wiring (part of the composition root): the GSM-modem provider when `smsModems` (ZARI_SMS_MODEMS) lists
 * serial ports, else the log provider; the outbound queue worker, inbound storage, the timeline, the REST routes;
 * everything closed on shutdown (the queue first, so no part is cut off mid-send).
 */
export interface SmsHost {
  readonly config: ZariConfig;
  readonly logger: Logger;
  readonly db: Database;
  readonly phones: PhoneNormalizer;
  readonly identification: CallerIdentificationService;
  readonly interactions: InteractionService;
  readonly clients: ClientService;
  readonly dnc: DoNotCallService;
  addRoutes(routes: readonly RouteDef[]): void;
  onClose(fn: () => Promise<void> | void): void;
}

export interface SmsWiring {
  readonly provider: SmsProvider;
  readonly queue: SmsQueueService;
  readonly inbound: SmsInboundService;
  readonly send: SmsSendService;
  readonly query: SmsQueryService;
  readonly mass: SmsMassService;
  /** the modem owners (GSM provider only): feed them to cti's GsmModemDriver to pop GSM calls */
  readonly modems: readonly ModemOwner[];
}

export function createSmsProvider(config: ZariConfig, logger: Logger): SmsProvider {
  if (config.smsModems.length > 0) return new GsmModemProvider({ logger, paths: config.smsModems });
  return new LogSmsProvider({ logger });
}

export async function attachSms(host: SmsHost): Promise<SmsWiring> {
  const logger = host.logger.child({ ctx: 'sms' });
  const db = host.db.prisma;
  const provider = createSmsProvider(host.config, logger);
  const queue = new SmsQueueService({ db, provider, phones: host.phones, logger, minIntervalMs: host.config.smsMinIntervalMs });
  const timeline = new SmsTimeline({ db, interactions: host.interactions, logger });
  queue.events.on('state', (m) => timeline.push(m));
  const inbound = new SmsInboundService({ db, provider, identification: host.identification, interactions: host.interactions, logger });
  const send = new SmsSendService({ db, queue, clients: host.clients, identification: host.identification });
  const query = new SmsQueryService({ db });
  const mass = new SmsMassService({ db, queue, dnc: host.dnc, logger });
  host.addRoutes(smsRoutes({ send, query, mass, provider, clients: host.clients }));
  host.onClose(async () => {
    await queue.stop();
    await inbound.stop();
    await provider.stop();
    await timeline.idle();
  });
  inbound.start();
  await provider.start();
  await queue.start();
  logger.info({ provider: provider.name, channels: provider.channels().map((c) => c.id) }, 'sms started');
  const modems = provider instanceof GsmModemProvider ? [...provider.modems.values()] : [];
  return { provider, queue, inbound, send, query, mass, modems };
}
