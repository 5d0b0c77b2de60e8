import type { DialMode, PacingSettings } from './campaign.schema.js';
import { EmpiricalDistribution, capacityDistribution, maxLinesUnderTarget, stillAnswers } from './pacing-model.js';

/**
 * The pacing controller of one campaign. `recompute()` (at least every `recomputeSeconds` ≤ 15 s)
 * refreshes the model from measured statistics; `decide()` (on every dialer event) says how many
 * numbers to dial now. Each plan change carries a human-readable reason for the supervisor, who also
 * sees the planned abandon rate next to the actual ones (per day and rolling).
 *
 * Guarantees: preview never auto-dials; no ready telemarketer → no dial; the planned abandon rate
 * never exceeds the cap (and is halved while an actual rate is over it); until enough calls are
 * measured (warm-up) predictive dials like progressive, which cannot abandon.
 */
export interface PacingStats {
  /** ms since epoch (or simulation clock) */
  now: number;
  dialedRolling: number;
  answeredRolling: number;
  abandonedRolling: number;
  answeredToday: number;
  abandonedToday: number;
  /** recent handle times (talk + wrap-up), seconds */
  handleSamples: readonly number[];
  /** recent seconds from dial to answer of answered calls */
  timeToAnswerSamples: readonly number[];
}

export interface DialerLive {
  /** telemarketers logged in and not paused (free or on a call) */
  readyAgents: number;
  freeAgents: number;
  /** seconds each busy telemarketer has spent on the current call + wrap-up */
  busyElapsed: readonly number[];
  /** seconds each call now dialing or ringing has been out */
  inFlightElapsed: readonly number[];
  /** answered customers waiting for a telemarketer */
  waiting: number;
}

export interface PacingPlan {
  at: number;
  mode: DialMode;
  answerRate: number;
  handleMean: number;
  handleP90: number;
  horizonSeconds: number;
  /** planned abandon-rate target (≤ cap) */
  target: number;
  cap: number;
  warmUp: boolean;
  actualToday: number | null;
  actualRolling: number | null;
}

export interface PacingChange { at: number; reason: string; plan: PacingPlan }

export type DecisionReason = 'preview' | 'no_ready_agent' | 'progressive' | 'warm_up' | 'predictive';
export interface PacingDecision { lines: number; plannedAbandonRate: number; reason: DecisionReason }

export interface PacerOptions {
  warmUpAnswers: number;
  priorAnswerRate: number;
  priorWeight: number;
  defaultTimeToAnswer: number;
  maxChanges: number;
  /** share of the mean time to answer within which a freed telemarketer still counts */
  horizonFactor: number;
  /** share of the cap the model aims at while the actual rates are under the cap */
  safety: number;
}
const defaults: PacerOptions = { warmUpAnswers: 30, priorAnswerRate: 0.25, priorWeight: 20, defaultTimeToAnswer: 12, maxChanges: 500, horizonFactor: 0, safety: 0.9 };

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export class Pacer {
  private current: PacingPlan | null = null;
  private handle = new EmpiricalDistribution([]);
  private ring = new EmpiricalDistribution([]);
  private readonly log: PacingChange[] = [];
  private stopped = false;
  private readonly o: PacerOptions;

  constructor(private readonly mode: DialMode, private readonly settings: PacingSettings, options: Partial<PacerOptions> = {}) {
    this.o = { ...defaults, ...options };
  }

  get plan(): PacingPlan | null { return this.current; }
  get changes(): readonly PacingChange[] { return this.log; }

  needsRecompute(now: number): boolean {
    return this.current === null || now - this.current.at >= this.settings.recomputeSeconds * 1000;
  }

  /** Rebuilds the plan; returns the change (with its reason) when something material changed. */
  recompute(s: PacingStats): PacingChange | null {
    const cap = this.settings.abandonCap;
    const actualToday = rate(s.abandonedToday, s.answeredToday);
    const actualRolling = rate(s.abandonedRolling, s.answeredRolling);
    const over = (actualToday ?? 0) > cap || (actualRolling ?? 0) > cap;
    this.handle = new EmpiricalDistribution(s.handleSamples);
    this.ring = new EmpiricalDistribution(s.timeToAnswerSamples);
    const answerRate = (s.answeredRolling + this.o.priorAnswerRate * this.o.priorWeight) / (s.dialedRolling + this.o.priorWeight);
    const next: PacingPlan = {
      at: s.now, mode: this.mode, answerRate, handleMean: this.handle.mean(), handleP90: this.handle.quantile(0.9),
      horizonSeconds: this.o.horizonFactor * (this.ring.size > 0 ? this.ring.mean() : this.o.defaultTimeToAnswer) + this.settings.connectWithinSeconds,
      target: (over ? 0.5 : this.o.safety) * cap, cap, warmUp: s.answeredRolling < this.o.warmUpAnswers || this.handle.size < this.o.warmUpAnswers,
      actualToday, actualRolling,
    };
    const reason = this.reasonFor(this.current, next);
    this.current = next;
    return reason === null ? null : this.record(next.at, reason);
  }

  private reasonFor(prev: PacingPlan | null, next: PacingPlan): string | null {
    if (prev === null) return `initial plan: ${next.mode}, cap ${pct(next.cap)}${next.warmUp ? ', warm-up (dialing 1:1 until enough calls are measured)' : ''}`;
    const parts: string[] = [];
    if (prev.target !== next.target) {
      parts.push(next.target < prev.target
        ? `abandon target lowered to ${pct(next.target)}: actual ${pct(next.actualToday)} today, ${pct(next.actualRolling)} rolling over cap ${pct(next.cap)}`
        : `abandon target back to ${pct(next.target)} (cap ${pct(next.cap)}): actual ${pct(next.actualToday)} today, ${pct(next.actualRolling)} rolling`);
    }
    if (prev.warmUp && !next.warmUp) parts.push('warm-up over: predictive model in use');
    if (Math.abs(prev.answerRate - next.answerRate) >= 0.01) parts.push(`answer rate ${pct(prev.answerRate)} → ${pct(next.answerRate)}`);
    if (prev.handleMean > 0 && Math.abs(prev.handleMean - next.handleMean) / prev.handleMean >= 0.05) parts.push(`mean handle time ${prev.handleMean.toFixed(0)} s → ${next.handleMean.toFixed(0)} s`);
    return parts.length > 0 ? parts.join('; ') : null;
  }

  private record(at: number, reason: string): PacingChange {
    const change: PacingChange = { at, reason, plan: this.current as PacingPlan };
    this.log.push(change);
    if (this.log.length > this.o.maxChanges) this.log.shift();
    return change;
  }

  /** How many numbers to dial now. */
  decide(live: DialerLive, now: number): PacingDecision {
    if (this.mode === 'preview') return { lines: 0, plannedAbandonRate: 0, reason: 'preview' };
    if (live.readyAgents <= 0) {
      if (!this.stopped && this.current) this.record(now, 'no telemarketer ready: dialing stopped');
      this.stopped = true;
      return { lines: 0, plannedAbandonRate: 0, reason: 'no_ready_agent' };
    }
    if (this.stopped && this.current) this.record(now, 'a telemarketer is ready: dialing resumed');
    this.stopped = false;
    const inFlight = live.inFlightElapsed.length;
    const oneToOne = Math.max(0, live.freeAgents - inFlight - live.waiting);
    if (this.mode === 'progressive') return { lines: oneToOne, plannedAbandonRate: 0, reason: 'progressive' };
    const plan = this.current;
    if (plan === null || plan.warmUp) return { lines: oneToOne, plannedAbandonRate: 0, reason: 'warm_up' };
    const probs = live.busyElapsed.map((e) => this.handle.finishWithin(e, plan.horizonSeconds));
    const capacity = capacityDistribution(Math.max(0, live.freeAgents - live.waiting), probs);
    const maxNew = Math.max(0, Math.floor(this.settings.maxLinesPerAgent * live.readyAgents) - inFlight - live.waiting);
    const ringing = live.inFlightElapsed.map((e) => stillAnswers(plan.answerRate, e, this.ring));
    const d = maxLinesUnderTarget(ringing, plan.answerRate, capacity, plan.target, maxNew);
    return { lines: d.lines, plannedAbandonRate: d.plannedAbandonRate, reason: 'predictive' };
  }
}
