import { systemActor, type Actor } from '../../../crm-core/index.js';
import type { Logger } from '../../../kernel/index.js';
import type { OutboundDialer } from '../ports/outbound-dialer.port.js';
import type { AgentDeskService, AutoDialer, DeskState } from './agent-desk.service.js';
import type { CampaignDto } from './campaign.service.js';
import type { CampaignProgress, CampaignReportService } from './campaign-report.service.js';
import { assertRole, managers } from './deps.js';
import { DialerLoop } from './dialer-loop.js';
import type { TelemarketingServices } from './telemarketing-services.js';

/**
 * The live side of telemarketing, started by the composition root: one DialerLoop per running
 * progressive/predictive campaign (when a PBX dialer is there), ticked every `tickMs` (the Pacer
 * recomputes at most every 15 s inside), telemarketers' phone lines attached when they press Ready,
 * connected customers handed to the desk. Without a PBX dialer every campaign is worked in preview.
 * Also composes the supervisor's monitor.
 */
export interface CampaignRuntimeDeps {
  readonly telemarketing: TelemarketingServices;
  readonly reports: CampaignReportService;
  readonly desk: AgentDeskService;
  /** null: no PBX dialer (ARI) configured */
  readonly dialer: OutboundDialer | null;
  /** why there is no dialer, for the monitor */
  readonly noDialerReason?: string;
  /** the PBX endpoint of a telemarketer's phone (e.g. PJSIP/201); null when they have no extension */
  readonly agentEndpoint: (userId: number) => Promise<string | null>;
  /** the PBX endpoint for a customer's E.164 number (e.g. PJSIP/+7…@trunk) */
  readonly customerEndpoint: (phone: string) => string;
  readonly userNames: (ids: readonly number[]) => Promise<Map<number, string>>;
  readonly abandonMedia: string;
  readonly ringTimeoutSeconds?: number;
  readonly tickMs?: number;
  readonly logger: Logger;
}

export interface CampaignMonitor {
  campaign: { id: number; name: string; status: string; dialMode: string };
  progress: CampaignProgress;
  lists: { id: number; name: string; priority: number; total: number; done: number; percentDone: number }[];
  dialer: {
    running: boolean; reason: string | null; dialLevel: number; inFlight: number;
    plannedAbandonPct: number; actualAbandonTodayPct: number; actualAbandonRollingPct: number; abandonCapPct: number;
    changes: { at: string; reason: string }[];
  };
  agents: { userId: number; name: string; state: DeskState; since: string; handled: number }[];
  outcomes: { disposition: string; label: string; count: number }[];
  today: { dialed: number; answered: number; abandoned: number };
}

const pct = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);
const agentActor = (userId: number): Actor => ({ userId, role: 'telemarketer', grants: [], extensions: [] });

export class CampaignRuntime implements AutoDialer {
  private readonly loops = new Map<number, { loop: DialerLoop; campaign: CampaignDto }>();
  private readonly lines = new Map<number, string>();
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private readonly offAgent: (() => void) | null;

  constructor(private readonly deps: CampaignRuntimeDeps) {
    this.offAgent = deps.dialer?.events.on('agent', (e) => this.onAgentGone(Number(e.agentKey))) ?? null;
  }

  available(c: CampaignDto): boolean {
    return this.deps.dialer !== null && c.dialMode !== 'preview' && !c.manualOnly;
  }

  /** Starts ticking; loops follow the campaigns' status (checked every 5 ticks and on `sync`). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => { void this.tick(); }, this.deps.tickMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.offAgent?.();
    for (const { loop } of this.loops.values()) loop.stop();
    this.loops.clear();
    const dialer = this.deps.dialer;
    if (dialer) await Promise.all([...this.lines.keys()].map((userId) => dialer.detachAgent(String(userId))));
  }

  async tick(): Promise<void> {
    try {
      if (this.ticks++ % 5 === 0) await this.sync();
      for (const [campaignId, { loop }] of this.loops) {
        await loop.tick().catch((err: unknown) => this.deps.logger.error({ campaignId, err: String(err) }, 'dialer tick failed'));
      }
    } catch (err) {
      this.deps.logger.error({ err: String(err) }, 'campaign runtime tick failed');
    }
  }

  /** Loops for running automatic campaigns; paused/finished campaigns lose theirs. */
  async sync(): Promise<void> {
    const campaigns = await this.deps.telemarketing.campaigns.list();
    for (const c of campaigns) {
      const has = this.loops.get(c.id);
      if (c.status === 'running' && this.available(c)) {
        if (!has) this.loops.set(c.id, { loop: this.newLoop(c), campaign: c });
      } else if (has) {
        has.loop.stop();
        this.loops.delete(c.id);
        this.deps.logger.info({ campaignId: c.id, status: c.status }, 'campaign dialer stopped');
      }
    }
  }

  private newLoop(c: CampaignDto): DialerLoop {
    const dialer = this.deps.dialer;
    if (!dialer) throw new Error('no dialer');
    this.deps.logger.info({ campaignId: c.id, mode: c.dialMode }, 'campaign dialer started');
    const { dialing } = this.deps.telemarketing;
    return new DialerLoop({
      dialer, mode: c.dialMode, pacing: c.settings.pacing, callerId: c.callerId, abandonMedia: this.deps.abandonMedia,
      ringTimeoutSeconds: this.deps.ringTimeoutSeconds ?? 25, logger: this.deps.logger.child({ campaignId: c.id }),
      endpointFor: this.deps.customerEndpoint,
      next: (initiator, userId) => dialing.next(userId === null ? systemActor : agentActor(userId), c.id, initiator),
      report: (attemptId, result) => dialing.recordResult(attemptId, result),
      onConnected: (target, userId) => {
        void this.deps.desk.assign(target, c.id, userId).catch((err: unknown) => this.deps.logger.error({ campaignId: c.id, attemptId: target.attemptId, err: String(err) }, 'handing the call to the desk failed'));
      },
    });
  }

  private async loopOf(campaignId: number): Promise<DialerLoop | null> {
    if (!this.loops.has(campaignId)) await this.sync();
    return this.loops.get(campaignId)?.loop ?? null;
  }

  /** Rings the telemarketer's phone into the dialer (once per session), then offers them calls. */
  async agentReady(campaignId: number, userId: number): Promise<void> {
    const loop = await this.loopOf(campaignId);
    const dialer = this.deps.dialer;
    if (!loop || !dialer) return;
    const known = this.lines.get(userId);
    if (known) { loop.agentReady(userId, known); void this.tick(); return; }
    const endpoint = await this.deps.agentEndpoint(userId);
    if (!endpoint) { this.deps.logger.warn({ userId }, 'telemarketer has no extension: no calls can be offered'); return; }
    // the phone may take a while to be answered: the Ready request does not wait for it
    void dialer.attachAgent(String(userId), endpoint, 30).then(
      (channelId) => {
        this.lines.set(userId, channelId);
        loop.agentReady(userId, channelId);
        this.deps.logger.info({ campaignId, userId }, 'telemarketer line up');
        void this.tick();
        void this.deps.desk.pushTo(userId);
      },
      (err: unknown) => this.deps.logger.warn({ campaignId, userId, err: String(err) }, 'telemarketer line not answered'),
    );
  }

  agentPause(campaignId: number, userId: number): void { this.loops.get(campaignId)?.loop.agentPause(userId); }

  agentLeft(campaignId: number, userId: number): void { this.loops.get(campaignId)?.loop.agentLeave(userId); }

  async wrapUpDone(campaignId: number, userId: number): Promise<void> {
    await this.loops.get(campaignId)?.loop.wrapUpDone(userId);
    void this.tick();
  }

  private onAgentGone(userId: number): void {
    this.lines.delete(userId);
    for (const { loop } of this.loops.values()) loop.agentLeave(userId);
    this.deps.logger.info({ userId }, 'telemarketer line hung up');
  }

  async monitor(actor: Actor, campaignId: number): Promise<CampaignMonitor> {
    assertRole(actor, managers, 'campaigns:monitor');
    const campaign = await this.deps.telemarketing.campaigns.get(campaignId);
    const [{ progress, lists }, outcomes, today] = await Promise.all([
      this.deps.reports.progress(campaignId), this.deps.reports.outcomes(campaign), this.deps.reports.today(campaignId),
    ]);
    const live = this.loops.get(campaignId)?.loop.snapshot() ?? null;
    const seats = this.deps.desk.seatsOf(campaignId);
    const loopState = new Map(live?.agents.map((a) => [a.userId, a]) ?? []);
    const names = await this.deps.userNames(seats.map((s) => s.userId));
    const [handled, busy] = await Promise.all([this.deps.reports.handledToday(campaignId, seats.map((s) => s.userId)), this.deps.reports.busyAgents(campaignId)]);
    const reason = campaign.status !== 'running' ? `campaign is ${campaign.status}`
      : campaign.dialMode === 'preview' || campaign.manualOnly ? 'preview: each call is started by a telemarketer'
        : this.deps.dialer === null ? `${this.deps.noDialerReason ?? 'no PBX dialer'}: telemarketers dial in preview` : null;
    return {
      campaign: { id: campaign.id, name: campaign.name, status: campaign.status, dialMode: campaign.dialMode },
      progress, lists, outcomes, today,
      dialer: {
        running: live !== null, reason,
        dialLevel: live?.dialLevel ?? 0, inFlight: live?.inFlight ?? 0,
        plannedAbandonPct: Math.round((live?.plannedAbandonRate ?? 0) * 1000) / 10,
        actualAbandonTodayPct: pct(today.abandoned, today.answered),
        actualAbandonRollingPct: live ? pct(live.abandonedRolling, live.answeredRolling) : 0,
        abandonCapPct: Math.round(campaign.settings.pacing.abandonCap * 1000) / 10,
        changes: [...(live?.changes ?? [])].reverse().slice(0, 20).map((c) => ({ at: new Date(c.at).toISOString(), reason: c.reason })),
      },
      agents: seats.map((s) => {
        const l = loopState.get(s.userId);
        const state: DeskState = busy.has(s.userId) ? (l?.state === 'wrapup' ? 'wrapup' : 'talking') : s.state !== 'ready' ? s.state : l?.state === 'talking' ? 'talking' : l?.state === 'wrapup' ? 'wrapup' : 'ready';
        return { userId: s.userId, name: names.get(s.userId) ?? `#${s.userId}`, state, since: new Date(l && s.state === 'ready' ? l.since : s.since).toISOString(), handled: handled.get(s.userId) ?? 0 };
      }),
    };
  }
}
