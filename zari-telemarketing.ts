import { systemActor, type CallerIdentificationService, type CrmServices, type PhoneNormalizer } from './crm-core/index.js';
import {
  AgentDeskService, AriClient, AriOutboundDialer, CampaignReportService, CampaignRuntime, ScriptEffectsService, createTelemarketingServices,
  type OutboundDialer, type TelemarketingServices,
} from './cti/index.js';
import { ZariError, type Database, type Logger, type ZariConfig } from './kernel/index.js';
import type { RouteDef } from './web/index.js';
import type { RealtimeGateway } from './web/realtime/index.js';
import { campaignRoutes } from './web/routes/campaigns.routes.js';
import { telemarketingRoutes } from './web/routes/telemarketing.routes.js';
import type { CtiWiring } from './zari-cti.js';

/**
 * Telemarketing wiring (part of the composition root): the campaign services and REST routes, the
 * telemarketer's desk (click-to-dial through the CTI call control, pushes over Socket.IO), and the
 * campaign runtime: one dialer loop per running progressive/predictive campaign over the ARI Stasis
 * app when `ZARI_ARI_URL` is set (reconnecting), otherwise every campaign is worked in preview.
 */
export interface TelemarketingHost {
  readonly config: ZariConfig;
  readonly logger: Logger;
  readonly db: Database;
  readonly crm: CrmServices;
  readonly phones: PhoneNormalizer;
  readonly identification: CallerIdentificationService;
  readonly cti: CtiWiring | null;
  readonly realtime: RealtimeGateway | null;
  addRoutes(routes: readonly RouteDef[]): void;
  onClose(fn: () => Promise<void> | void): void;
}

export interface TelemarketingWiring {
  readonly services: TelemarketingServices;
  readonly desk: AgentDeskService;
  readonly reports: CampaignReportService;
  readonly runtime: CampaignRuntime;
}

const fill = (template: string, key: string, value: string): string => template.split(`{${key}}`).join(value);

export async function attachTelemarketing(host: TelemarketingHost): Promise<TelemarketingWiring> {
  const { config, db, crm } = host;
  const logger = host.logger.child({ ctx: 'telemarketing' });
  const services = createTelemarketingServices({ db: db.prisma, logger, phones: host.phones, dnc: crm.dnc });
  const effects = new ScriptEffectsService({ clients: crm.clients, deals: crm.deals, tasks: crm.tasks });
  const control = host.cti?.control ?? null;
  const realtime = host.realtime;
  const reports = new CampaignReportService({ db: db.prisma, logger, phones: host.phones, dnc: crm.dnc, campaigns: services.campaigns });
  const desk = new AgentDeskService({
    db: db.prisma, logger, phones: host.phones, dnc: crm.dnc, telemarketing: services, effects, reports,
    cards: host.identification, timeline: crm.interactions,
    userName: async (id) => (await db.prisma.user.findUnique({ where: { id }, select: { name: true } }))?.name ?? null,
    dial: control && control.capabilities().includes('originate') ? (actor, phone) => control.dial(actor, phone) : null,
    ...(realtime ? { push: (userId, view) => { realtime.io.to(`user:${userId}`).emit('telemarketing.desk', view); } } : {}),
  });
  const dialer = await ariDialer(config, logger, (fn) => host.onClose(fn));
  const runtime = new CampaignRuntime({
    telemarketing: services, reports, desk, dialer, noDialerReason: config.ariUrl ? 'ARI not reachable' : 'no ARI connection (ZARI_ARI_URL)',
    abandonMedia: config.abandonMedia, logger,
    customerEndpoint: (phone) => fill(config.ariCustomerEndpoint, 'number', host.phones.dialable(phone)),
    agentEndpoint: async (userId) => {
      const ext = await db.prisma.userExtension.findFirst({ where: { userId }, orderBy: { extension: 'asc' }, select: { extension: true } });
      return ext ? fill(config.ariAgentEndpoint, 'extension', ext.extension) : null;
    },
    userNames: async (ids) => new Map((await db.prisma.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name])),
  });
  if (!config.amiUrl && config.demoPbx && host.cti) await seedDemoCampaign(services, logger);
  desk.useAutoDialer(runtime);
  runtime.start();
  host.onClose(() => runtime.stop());
  const onStatusChanged = async (campaignId: number): Promise<void> => {
    await runtime.sync();
    await desk.campaignChanged(campaignId);
  };
  host.addRoutes([...campaignRoutes({ telemarketing: services, onStatusChanged }), ...telemarketingRoutes({ desk, reports, runtime, clients: crm.clients, consents: services.consents })]);
  return { services, desk, reports, runtime };
}

/** The ARI dialer, or null without ZARI_ARI_URL. A lost event socket is reopened every 5 s. */
async function ariDialer(config: ZariConfig, logger: Logger, onClose: TelemarketingHost['onClose']): Promise<OutboundDialer | null> {
  if (!config.ariUrl) return null;
  const client = new AriClient({ url: config.ariUrl, logger: logger.child({ ctx: 'ari' }) });
  let closing = false;
  let retry: NodeJS.Timeout | null = null;
  const later = (why: string, detail: Record<string, unknown>): void => {
    if (closing || retry) return;
    logger.warn(detail, `ARI events ${why}; retrying in 5 s`);
    retry = setTimeout(() => {
      retry = null;
      client.connect().then(() => logger.info('ARI events connected'), (err: unknown) => later('unreachable', { err: String(err) }));
    }, 5000);
  };
  client.events.on('close', ({ code }) => later('closed', { code }));
  onClose(async () => {
    closing = true;
    if (retry) clearTimeout(retry);
    await client.close();
  });
  await client.connect().catch((err: unknown) => later('unreachable at start', { err: String(err) }));
  return new AriOutboundDialer({ client, logger });
}

/** A demo script: a branching survey with a {client.name} greeting, a deal on interest, a callback date. */
const demoScript = {
  key: 'demo-survey', version: 1, title: 'Customer survey (demo)', start: 'greet',
  questions: [
    { id: 'satisfied', text: '{client.name}, are you satisfied with our service?', type: 'single',
      options: [{ value: 'yes', label: 'Yes' }, { value: 'partly', label: 'Partly' }, { value: 'no', label: 'No' }] },
    { id: 'upgrade', text: 'Would you like to hear about the new plan?', type: 'single',
      options: [{ value: 'yes', label: 'Yes' }, { value: 'later', label: 'Later' }, { value: 'no', label: 'No' }],
      effects: [{ type: 'create_deal', when: 'yes', title: 'New plan for {client.name}' }] },
    { id: 'when', text: 'When may we call you back?', type: 'date' },
    { id: 'problem', text: 'What should we improve?', type: 'text' },
  ],
  steps: [
    { id: 'greet', type: 'say', text: 'Good afternoon! This is {agent.name} calling from zari.', next: 'ask-satisfied' },
    { id: 'ask-satisfied', type: 'ask', question: 'satisfied', next: 'route' },
    { id: 'route', type: 'branch', question: 'satisfied', cases: [{ equals: 'yes', next: 'ask-upgrade' }], default: 'ask-problem' },
    { id: 'ask-problem', type: 'ask', question: 'problem', next: 'bye-sorry' },
    { id: 'bye-sorry', type: 'end', disposition: 'not_interested', text: 'Thank you, we will pass it on.' },
    { id: 'ask-upgrade', type: 'ask', question: 'upgrade', next: 'route-upgrade' },
    { id: 'route-upgrade', type: 'branch', question: 'upgrade', cases: [{ equals: 'yes', next: 'bye-yes' }, { equals: 'later', next: 'ask-when' }], default: 'bye-no' },
    { id: 'ask-when', type: 'ask', question: 'when', next: 'cb' },
    { id: 'cb', type: 'schedule_callback', atAnswer: 'when', personal: true, next: 'bye-later' },
    { id: 'bye-later', type: 'end', disposition: 'callback' },
    { id: 'bye-yes', type: 'end', disposition: 'success', text: 'Wonderful, your manager will send the offer today.' },
    { id: 'bye-no', type: 'end', disposition: 'not_interested' },
  ],
};

/** First start with the demo PBX: a running preview campaign over the demo clients, for telemarketer501. */
async function seedDemoCampaign(services: TelemarketingServices, logger: Logger): Promise<void> {
  if ((await services.campaigns.list()).length > 0) return;
  const actor = systemActor;
  try {
    const script = await services.campaigns.addScriptVersion(actor, demoScript);
    const campaign = await services.campaigns.create(actor, {
      name: 'Demo: customer survey', dialMode: 'preview',
      settings: { callingWindow: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] }, defaultTimeZone: 'Asia/Tbilisi' },
    });
    await services.campaigns.setScript(actor, campaign.id, script.id);
    await services.lists.createFromSegment(actor, campaign.id, { name: 'Demo clients', filter: { tags: ['demo'] } });
    await services.campaigns.setStatus(actor, campaign.id, 'running');
    logger.info({ campaignId: campaign.id }, 'demo campaign created');
  } catch (err) {
    if (err instanceof ZariError && err.code === 'already_exists') return;
    throw err;
  }
}
