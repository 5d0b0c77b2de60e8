import type { Logger } from '../../../kernel/index.js';
import { DialAttemptMachine, type AttemptTrigger } from '../domain/attempt-machine.js';
import type { DialMode, PacingSettings } from '../domain/campaign.schema.js';
import { Pacer, type PacerOptions, type PacingChange, type PacingDecision, type PacingStats } from '../domain/pacer.js';
import type { DialerCallEvent, OutboundDialer } from '../ports/outbound-dialer.port.js';
import type { DialTarget } from './dialing.service.js';

/**
 * The live dialer of one campaign: telemarketers (each with a channel waiting in the PBX app), the
 * Pacer, and the attempts in flight. Preview: a person starts each dial (`previewDial`). Progressive:
 * one dial per free telemarketer, reserved for them. Predictive: the Pacer's number of dials; an
 * answered customer gets the first free telemarketer within `connectWithinSeconds`, else the abandon
 * message. Targets come from `next` (DialingService.next: compliance included); PBX results go to `report`.
 */
export type AgentState = 'free' | 'reserved' | 'talking' | 'wrapup' | 'paused';
export interface DialerSnapshot {
  agents: { userId: number; state: AgentState; since: number }[];
  inFlight: number; waiting: number; dialLevel: number;
  plannedAbandonRate: number; decision: PacingDecision['reason'] | null;
  abandonedToday: number; answeredToday: number; abandonedRolling: number; answeredRolling: number;
  changes: readonly PacingChange[];
}
interface Agent { userId: number; channelId: string; state: AgentState; since: number; callKey: string | null }
interface Live { target: DialTarget; machine: DialAttemptMachine; dialedAt: number; agent: number | null; timer?: NodeJS.Timeout }

export interface DialerLoopDeps {
  readonly dialer: OutboundDialer;
  readonly mode: DialMode;
  readonly pacing: PacingSettings;
  readonly next: (initiator: 'person' | 'dialer', userId: number | null) => Promise<DialTarget | null>;
  readonly report: (attemptId: number, result: 'busy' | 'no_answer' | 'failed' | 'abandoned') => Promise<unknown>;
  readonly onConnected?: (target: DialTarget, userId: number) => void;
  readonly endpointFor: (phone: string) => string;
  readonly callerId: string | null;
  readonly abandonMedia: string;
  readonly ringTimeoutSeconds: number;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly pacerOptions?: Partial<PacerOptions>;
}

const endTrigger: Record<'busy' | 'no_answer' | 'failed', AttemptTrigger> = { busy: 'busy', no_answer: 'no_answer', failed: 'fail' };

export class DialerLoop {
  readonly pacer: Pacer;
  private readonly agents = new Map<number, Agent>();
  private readonly live = new Map<string, Live>();
  private readonly times = { dials: [] as number[], answers: [] as number[], abandons: [] as number[] };
  private readonly handles: number[] = [];
  private readonly rings: number[] = [];
  private ticking = false;
  private lastDecision: PacingDecision | null = null;
  private readonly off: () => void;

  constructor(private readonly d: DialerLoopDeps) {
    this.pacer = new Pacer(d.mode, d.pacing, d.pacerOptions);
    this.off = d.dialer.events.on('call', (e) => { void this.onCall(e).catch((err: unknown) => d.logger.error({ err: String(err), attemptKey: e.attemptKey }, 'dialer event failed')); });
  }

  private now(): number { return this.d.now ? this.d.now() : Date.now(); }

  stop(): void {
    this.off();
    for (const l of this.live.values()) if (l.timer) clearTimeout(l.timer);
  }

  agentReady(userId: number, channelId: string): void {
    const a = this.agents.get(userId);
    if (a && a.channelId === channelId && a.state !== 'paused') return;
    this.agents.set(userId, { userId, channelId, state: a && (a.state === 'talking' || a.state === 'wrapup') ? a.state : 'free', since: this.now(), callKey: a?.callKey ?? null });
  }
  agentPause(userId: number): void { const a = this.agents.get(userId); if (a && a.state === 'free') a.state = 'paused'; }
  /** The telemarketer left the campaign (or their line hung up): no more calls for them. */
  agentLeave(userId: number): void {
    const a = this.agents.get(userId);
    if (!a || a.state === 'talking' || a.state === 'wrapup') { if (a) a.state = 'paused'; return; }
    this.agents.delete(userId);
  }
  /** What the supervisor's monitor shows: telemarketers, attempts in flight, the pacing plan and its changes, abandon figures. */
  snapshot(): DialerSnapshot {
    const now = this.now();
    const s = this.stats(now);
    const agents = [...this.agents.values()].map((a) => ({ userId: a.userId, state: a.state, since: a.since }));
    const ready = agents.filter((a) => a.state !== 'paused').length;
    return {
      agents, inFlight: this.inFlight, waiting: [...this.live.values()].filter((l) => l.machine.state === 'answered').length,
      dialLevel: ready === 0 ? 0 : Math.round((this.inFlight / ready) * 100) / 100,
      plannedAbandonRate: this.lastDecision?.plannedAbandonRate ?? 0, decision: this.lastDecision?.reason ?? null,
      abandonedToday: s.abandonedToday, answeredToday: s.answeredToday, abandonedRolling: s.abandonedRolling, answeredRolling: s.answeredRolling,
      changes: this.pacer.changes,
    };
  }
  agentState(userId: number): AgentState | undefined { return this.agents.get(userId)?.state; }
  get inFlight(): number { return [...this.live.values()].filter((l) => l.machine.state === 'dialing' || l.machine.state === 'ringing').length; }

  /** The telemarketer finished wrap-up: free again (and takes a waiting customer at once). */
  async wrapUpDone(userId: number): Promise<void> {
    const a = this.agents.get(userId);
    if (!a || (a.state !== 'wrapup' && a.state !== 'talking')) return;
    // the telemarketer is done: a customer still on the line is hung up before the next call comes
    const still = a.callKey === null ? undefined : this.live.get(a.callKey);
    if (a.callKey !== null && still?.machine.state === 'connected') {
      const key = a.callKey;
      await this.d.dialer.hangup(key).catch((err: unknown) => this.d.logger.debug({ attemptKey: key, err: String(err) }, 'customer already gone'));
    }
    a.callKey = null;
    this.handles.push((this.now() - a.since) / 1000);
    if (this.handles.length > 500) this.handles.shift();
    a.state = 'free';
    const waiting = [...this.live.entries()].find(([, l]) => l.machine.state === 'answered');
    if (waiting) await this.connect(waiting[0], waiting[1], a);
  }

  /** Preview: the telemarketer looked at the card and starts the dial. */
  async previewDial(userId: number): Promise<DialTarget | null> {
    const a = this.agents.get(userId);
    if (!a || a.state !== 'free') return null;
    const target = await this.d.next('person', userId);
    if (target) await this.originate(target, a);
    return target;
  }

  /** Recompute (≤ 15 s) and dial what the Pacer says. Safe to call often; overlapping calls are skipped. */
  async tick(): Promise<number> {
    if (this.ticking || this.d.mode === 'preview') return 0;
    this.ticking = true;
    try {
      const now = this.now();
      if (this.pacer.needsRecompute(now)) this.pacer.recompute(this.stats(now));
      const decision = this.pacer.decide(this.liveView(now), now);
      this.lastDecision = decision;
      let dialed = 0;
      for (let i = 0; i < decision.lines; i++) {
        const agent = this.d.mode === 'progressive' ? [...this.agents.values()].find((a) => a.state === 'free') : undefined;
        const target = await this.d.next('dialer', agent?.userId ?? null);
        if (!target) break;
        await this.originate(target, agent ?? null);
        dialed++;
      }
      return dialed;
    } finally {
      this.ticking = false;
    }
  }

  private liveView(now: number): Parameters<Pacer['decide']>[0] {
    const agents = [...this.agents.values()];
    const attempts = [...this.live.values()];
    return {
      readyAgents: agents.filter((a) => a.state !== 'paused').length,
      freeAgents: agents.filter((a) => a.state === 'free' || a.state === 'reserved').length,
      busyElapsed: agents.filter((a) => a.state === 'talking' || a.state === 'wrapup').map((a) => (now - a.since) / 1000),
      inFlightElapsed: attempts.filter((l) => l.machine.state === 'dialing' || l.machine.state === 'ringing').map((l) => (now - l.dialedAt) / 1000),
      waiting: attempts.filter((l) => l.machine.state === 'answered').length,
    };
  }

  private stats(now: number): PacingStats {
    const from = now - this.d.pacing.rollingMinutes * 60_000;
    const since = (xs: number[]): number => xs.filter((t) => t >= from).length;
    return {
      now, dialedRolling: since(this.times.dials), answeredRolling: since(this.times.answers), abandonedRolling: since(this.times.abandons),
      answeredToday: this.times.answers.length, abandonedToday: this.times.abandons.length, handleSamples: this.handles, timeToAnswerSamples: this.rings,
    };
  }

  private async originate(target: DialTarget, agent: Agent | null): Promise<void> {
    const key = String(target.attemptId);
    const machine = new DialAttemptMachine(this.now());
    machine.apply('originate', this.now());
    this.live.set(key, { target, machine, dialedAt: this.now(), agent: agent?.userId ?? null });
    if (agent) agent.state = 'reserved';
    this.times.dials.push(this.now());
    try {
      await this.d.dialer.originate({ attemptKey: key, endpoint: this.d.endpointFor(target.phone), callerId: this.d.callerId, timeoutSeconds: this.d.ringTimeoutSeconds });
    } catch (err) {
      this.d.logger.warn({ attemptId: target.attemptId, err: String(err) }, 'originate failed');
      await this.finish(key, 'failed');
    }
  }

  private async onCall(e: DialerCallEvent): Promise<void> {
    const l = this.live.get(e.attemptKey);
    if (!l) return;
    if (e.kind === 'ringing') { l.machine.apply('ring', this.now()); return; }
    if (e.kind === 'answered') { await this.onAnswered(e.attemptKey, l); return; }
    if (l.machine.state === 'connected') {
      l.machine.apply('hangup', this.now());
      const a = l.agent === null ? undefined : this.agents.get(l.agent);
      // only the call the telemarketer is on puts them in wrap-up (they may already be on the next one)
      if (a && a.state === 'talking' && a.callKey === e.attemptKey) a.state = 'wrapup';
      this.live.delete(e.attemptKey);
    } else if (l.machine.state === 'answered') {
      await this.abandoned(e.attemptKey, l, false);
    } else if (e.result !== 'normal') {
      await this.finish(e.attemptKey, e.result);
    } else {
      this.live.delete(e.attemptKey);
    }
  }

  private async onAnswered(key: string, l: Live): Promise<void> {
    if (!l.machine.apply('answer', this.now())) return;
    this.times.answers.push(this.now());
    this.rings.push((this.now() - l.dialedAt) / 1000);
    if (this.rings.length > 500) this.rings.shift();
    const reserved = l.agent === null ? undefined : this.agents.get(l.agent);
    const agent = reserved ?? [...this.agents.values()].find((a) => a.state === 'free');
    if (agent) { await this.connect(key, l, agent); return; }
    l.timer = setTimeout(() => { void this.abandoned(key, l, true); }, this.d.pacing.connectWithinSeconds * 1000);
  }

  private async connect(key: string, l: Live, agent: Agent): Promise<void> {
    if (l.timer) clearTimeout(l.timer);
    if (!l.machine.apply('connect', this.now())) return;
    agent.state = 'talking';
    agent.since = this.now();
    agent.callKey = key;
    l.agent = agent.userId;
    await this.d.dialer.connect(key, agent.channelId);
    this.d.onConnected?.(l.target, agent.userId);
  }

  /** Nobody took the answered customer in time (play the message), or the customer hung up first. */
  private async abandoned(key: string, l: Live, byUs: boolean): Promise<void> {
    if (!l.machine.apply(byUs ? 'abandon' : 'hangup', this.now())) return;
    if (l.timer) clearTimeout(l.timer);
    this.times.abandons.push(this.now());
    this.live.delete(key);
    if (byUs) void this.d.dialer.abandon(key, this.d.abandonMedia).catch((err: unknown) => this.d.logger.warn({ attemptKey: key, err: String(err) }, 'abandon message failed'));
    await this.d.report(l.target.attemptId, 'abandoned');
  }

  private async finish(key: string, result: 'busy' | 'no_answer' | 'failed'): Promise<void> {
    const l = this.live.get(key);
    if (!l) return;
    l.machine.apply(endTrigger[result], this.now());
    this.live.delete(key);
    const a = l.agent === null ? undefined : this.agents.get(l.agent);
    if (a && a.state === 'reserved') a.state = 'free';
    await this.d.report(l.target.attemptId, result);
  }
}
