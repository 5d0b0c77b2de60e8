import { pacingSettingsSchema, type PacingSettings } from '../domain/campaign.schema.js';
import { Pacer, type PacingStats } from '../domain/pacer.js';
import { EventQueue } from './event-queue.js';
import { SeededRandom } from './seeded-random.js';

/**
 * A seeded discrete-event simulation of one campaign: telemarketers, numbers that answer, are busy,
 * fail or ring out, log-normal talk times, wrap-up, and the Pacer deciding how many numbers to dial.
 * Progressive and predictive run the same code; only the Pacer's mode differs. Used by
 * bench/pacing.bench.ts and the tests. Occupancy = (talk + wrap-up) / staffed time; abandon rate =
 * abandoned / answered (answered = connected + abandoned).
 */
export interface SimulationConfig {
  seed: number;
  agents: number;
  durationSeconds: number;
  answerRate: number;
  busyRate: number;
  failRate: number;
  talkMedianSeconds: number;
  talkSigma: number;
  wrapSeconds: readonly [number, number];
  answerRingSeconds: readonly [number, number];
  noAnswerSeconds: number;
  busySeconds: readonly [number, number];
  pacing: PacingSettings;
  tickSeconds: number;
}

export const defaultSimulationConfig: SimulationConfig = {
  seed: 42, agents: 20, durationSeconds: 8 * 3600, answerRate: 0.3, busyRate: 0.1, failRate: 0.05,
  talkMedianSeconds: 90, talkSigma: 0.6, wrapSeconds: [5, 20], answerRingSeconds: [4, 20], noAnswerSeconds: 25,
  busySeconds: [3, 8], pacing: pacingSettingsSchema.parse({}), tickSeconds: 1,
};

export interface SimulationResult {
  mode: 'progressive' | 'predictive';
  agents: number;
  durationSeconds: number;
  dialed: number;
  answered: number;
  connected: number;
  abandoned: number;
  abandonRate: number;
  occupancy: number;
  /** the highest rolling abandon rate seen at a recompute after warm-up */
  maxRollingAbandonRate: number;
  /** the highest planned abandon rate of any decision that dialed */
  maxPlannedAbandonRate: number;
  pacingChanges: number;
  /** longest gap between two recomputes, seconds */
  maxRecomputeGapSeconds: number;
}

type SimEvent = { t: number } & ({ kind: 'answer'; call: number } | { kind: 'nocontact'; call: number } | { kind: 'timeout'; call: number } | { kind: 'free'; agent: number } | { kind: 'tick' });

interface Agent { busySince: number; busyUntil: number | null }

class Counter {
  private readonly times: number[] = [];
  private head = 0;
  total = 0;
  add(t: number): void { this.times.push(t); this.total++; }
  since(from: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) < from) this.head++;
    return this.times.length - this.head;
  }
}

export function simulateCampaign(mode: 'progressive' | 'predictive', config: SimulationConfig = defaultSimulationConfig): SimulationResult {
  return new Simulation(mode, config).run();
}

class Simulation {
  private readonly rnd: SeededRandom;
  private readonly q = new EventQueue<SimEvent>();
  private readonly pacer: Pacer;
  private readonly agents: Agent[];
  private readonly inFlight = new Map<number, number>();
  private readonly waiting = new Map<number, number>();
  private readonly dials = new Counter();
  private readonly answers = new Counter();
  private readonly abandons = new Counter();
  private readonly handles: number[] = [];
  private readonly rings: number[] = [];
  private connected = 0;
  private busySeconds = 0;
  private nextCall = 1;
  private lastRecompute = 0;
  private maxGap = 0;
  private maxRolling = 0;
  private maxPlanned = 0;

  constructor(private readonly mode: 'progressive' | 'predictive', private readonly c: SimulationConfig) {
    this.rnd = new SeededRandom(c.seed);
    this.pacer = new Pacer(mode, c.pacing);
    this.agents = Array.from({ length: c.agents }, () => ({ busySince: 0, busyUntil: null }));
  }

  run(): SimulationResult {
    this.q.push({ t: 0, kind: 'tick' });
    for (let e = this.q.pop(); e && e.t <= this.c.durationSeconds; e = this.q.pop()) {
      this.handle(e);
      this.dial(e.t);
    }
    const answered = this.answers.total;
    return {
      mode: this.mode, agents: this.c.agents, durationSeconds: this.c.durationSeconds, dialed: this.dials.total, answered,
      connected: this.connected, abandoned: this.abandons.total, abandonRate: answered > 0 ? this.abandons.total / answered : 0,
      occupancy: this.busySeconds / (this.c.agents * this.c.durationSeconds), maxRollingAbandonRate: this.maxRolling,
      maxPlannedAbandonRate: this.maxPlanned, pacingChanges: this.pacer.changes.length, maxRecomputeGapSeconds: this.maxGap,
    };
  }

  private handle(e: SimEvent): void {
    switch (e.kind) {
      case 'tick': this.q.push({ t: e.t + this.c.tickSeconds, kind: 'tick' }); break;
      case 'nocontact': this.inFlight.delete(e.call); break;
      case 'answer': this.onAnswer(e.call, e.t); break;
      case 'timeout':
        if (this.waiting.delete(e.call)) this.abandons.add(e.t);
        break;
      case 'free': this.onFree(e.agent, e.t); break;
    }
  }

  private onAnswer(call: number, t: number): void {
    const dialedAt = this.inFlight.get(call) ?? t;
    this.inFlight.delete(call);
    this.answers.add(t);
    this.rings.push(t - dialedAt);
    if (this.rings.length > 500) this.rings.shift();
    const free = this.agents.findIndex((a) => a.busyUntil === null);
    if (free >= 0) this.connect(free, t);
    else {
      this.waiting.set(call, t);
      this.q.push({ t: t + this.c.pacing.connectWithinSeconds, kind: 'timeout', call });
    }
  }

  private onFree(agent: number, t: number): void {
    const a = this.agents[agent] as Agent;
    this.handles.push(t - a.busySince);
    if (this.handles.length > 500) this.handles.shift();
    a.busyUntil = null;
    const next = this.waiting.keys().next();
    if (!next.done) {
      this.waiting.delete(next.value);
      this.connect(agent, t);
    }
  }

  private connect(agent: number, t: number): void {
    const handle = this.rnd.logNormal(this.c.talkMedianSeconds, this.c.talkSigma) + this.rnd.uniform(...this.c.wrapSeconds);
    const a = this.agents[agent] as Agent;
    a.busySince = t;
    a.busyUntil = t + handle;
    this.connected++;
    this.busySeconds += Math.min(t + handle, this.c.durationSeconds) - t;
    this.q.push({ t: t + handle, kind: 'free', agent });
  }

  private stats(t: number): PacingStats {
    const from = t - this.c.pacing.rollingMinutes * 60;
    const answered = this.answers.total;
    return {
      now: t * 1000, dialedRolling: this.dials.since(from), answeredRolling: this.answers.since(from), abandonedRolling: this.abandons.since(from),
      answeredToday: answered, abandonedToday: this.abandons.total, handleSamples: this.handles,
      timeToAnswerSamples: this.rings,
    };
  }

  private dial(t: number): void {
    if (this.pacer.needsRecompute(t * 1000)) {
      const s = this.stats(t);
      this.pacer.recompute(s);
      this.maxGap = Math.max(this.maxGap, t - this.lastRecompute);
      this.lastRecompute = t;
      if (this.pacer.plan && !this.pacer.plan.warmUp && s.answeredRolling >= 50) this.maxRolling = Math.max(this.maxRolling, this.pacer.plan.actualRolling ?? 0);
    }
    const busyElapsed: number[] = [];
    let free = 0;
    for (const a of this.agents) if (a.busyUntil === null) free++; else busyElapsed.push(t - a.busySince);
    const inFlightElapsed = [...this.inFlight.values()].map((at) => t - at);
    const d = this.pacer.decide({ readyAgents: this.c.agents, freeAgents: free, busyElapsed, inFlightElapsed, waiting: this.waiting.size }, t * 1000);
    if (d.lines > 0) this.maxPlanned = Math.max(this.maxPlanned, d.plannedAbandonRate);
    for (let i = 0; i < d.lines; i++) this.originate(t);
  }

  private originate(t: number): void {
    const call = this.nextCall++;
    this.dials.add(t);
    this.inFlight.set(call, t);
    const r = this.rnd.next();
    const c = this.c;
    if (r < c.answerRate) this.q.push({ t: t + this.rnd.uniform(...c.answerRingSeconds), kind: 'answer', call });
    else if (r < c.answerRate + c.busyRate) this.q.push({ t: t + this.rnd.uniform(...c.busySeconds), kind: 'nocontact', call });
    else if (r < c.answerRate + c.busyRate + c.failRate) this.q.push({ t: t + 1, kind: 'nocontact', call });
    else this.q.push({ t: t + c.noAnswerSeconds, kind: 'nocontact', call });
  }
}
