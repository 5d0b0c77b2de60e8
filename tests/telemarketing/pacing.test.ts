import {
  capacityDistribution, defaultSimulationConfig, EmpiricalDistribution, maxLinesUnderTarget, Pacer, pacingSettingsSchema,
  simulateCampaign, type DialerLive, type PacingStats,
} from '../../cti/index.js';

const settings = pacingSettingsSchema.parse({});
const stats = (over: Partial<PacingStats> = {}): PacingStats => ({
  now: 0, dialedRolling: 1000, answeredRolling: 300, abandonedRolling: 3, answeredToday: 300, abandonedToday: 3,
  handleSamples: Array.from({ length: 200 }, (_, i) => 40 + i), timeToAnswerSamples: Array.from({ length: 100 }, (_, i) => 4 + (i % 16)), ...over,
});
const live = (over: Partial<DialerLive> = {}): DialerLive => ({ readyAgents: 10, freeAgents: 3, busyElapsed: [10, 50, 100, 150, 200, 230, 235], inFlightElapsed: [], waiting: 0, ...over });

describe('pacing model', () => {
  it('capacity is a Poisson binomial shifted by the free agents', () => {
    const d = capacityDistribution(2, [0.5, 0.5]);
    expect(d).toEqual([0, 0, 0.25, 0.5, 0.25]);
    expect(d.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });

  it('the empirical handle time gives conditional finish probabilities', () => {
    const h = new EmpiricalDistribution([10, 20, 30, 40]);
    expect(h.finishWithin(0, 15)).toBeCloseTo(0.25);
    expect(h.finishWithin(25, 10)).toBeCloseTo(0.5);
    expect(h.finishWithin(100, 40)).toBeGreaterThan(0);
  });

  it('never plans above the target and dials nothing when the calls in flight already exceed it', () => {
    const cap = capacityDistribution(2, []);
    const d = maxLinesUnderTarget([], 0.3, cap, 0.03, 50);
    expect(d.lines).toBeGreaterThanOrEqual(2);
    expect(d.plannedAbandonRate).toBeLessThanOrEqual(0.03);
    expect(maxLinesUnderTarget([0.9, 0.9, 0.9, 0.9], 0.3, capacityDistribution(0, []), 0.03, 50).lines).toBe(0);
  });
});

describe('pacer', () => {
  it('preview never dials; no ready telemarketer stops dialing, with a reason', () => {
    expect(new Pacer('preview', settings).decide(live(), 0)).toEqual({ lines: 0, plannedAbandonRate: 0, reason: 'preview' });
    const p = new Pacer('predictive', settings);
    p.recompute(stats());
    expect(p.decide(live({ readyAgents: 0, freeAgents: 0, busyElapsed: [] }), 1000)).toEqual({ lines: 0, plannedAbandonRate: 0, reason: 'no_ready_agent' });
    expect(p.changes.at(-1)?.reason).toBe('no telemarketer ready: dialing stopped');
    p.decide(live(), 2000);
    expect(p.changes.at(-1)?.reason).toBe('a telemarketer is ready: dialing resumed');
  });

  it('progressive dials one number per free telemarketer not already covered', () => {
    const p = new Pacer('progressive', settings);
    expect(p.decide(live({ freeAgents: 4, inFlightElapsed: [3] }), 0).lines).toBe(3);
  });

  it('predictive dials more than progressive, within the cap, and warms up 1:1', () => {
    const warm = new Pacer('predictive', settings);
    warm.recompute(stats({ answeredRolling: 5, handleSamples: [100] }));
    expect(warm.decide(live(), 0)).toEqual({ lines: 3, plannedAbandonRate: 0, reason: 'warm_up' });
    const p = new Pacer('predictive', settings);
    p.recompute(stats());
    const d = p.decide(live(), 0);
    expect(d.reason).toBe('predictive');
    expect(d.lines).toBeGreaterThan(3);
    expect(d.plannedAbandonRate).toBeLessThanOrEqual(settings.abandonCap);
  });

  it('recomputes at least every 15 s and explains each change; an actual rate over the cap lowers the target', () => {
    const p = new Pacer('predictive', settings);
    expect(p.needsRecompute(0)).toBe(true);
    expect(p.recompute(stats())?.reason).toMatch(/^initial plan: predictive, cap 3.0%/);
    expect(p.needsRecompute(14_999)).toBe(false);
    expect(p.needsRecompute(15_000)).toBe(true);
    expect(p.recompute(stats({ now: 15_000 }))).toBeNull();
    const c = p.recompute(stats({ now: 30_000, abandonedRolling: 15, answeredRolling: 300 }));
    expect(c?.reason).toMatch(/abandon target lowered to 1.5%: actual 1.0% today, 5.0% rolling over cap 3.0%/);
    expect(p.plan?.target).toBeCloseTo(0.015);
    const back = p.recompute(stats({ now: 45_000, dialedRolling: 1000, answeredRolling: 250 }));
    expect(back?.reason).toMatch(/abandon target back to 2.7% \(cap 3.0%\).*answer rate 29.9% → 25.0%/);
  });
});

describe('dialer simulation (seeded)', () => {
  const config = { ...defaultSimulationConfig, durationSeconds: 4 * 3600, seed: 7 };
  it('replays exactly from its seed', () => {
    expect(simulateCampaign('progressive', config)).toEqual(simulateCampaign('progressive', config));
  });

  it('predictive beats progressive on occupancy, keeps abandon under the cap and never plans above it', () => {
    const prog = simulateCampaign('progressive', config);
    const pred = simulateCampaign('predictive', config);
    expect(prog.abandoned).toBe(0);
    expect(pred.occupancy).toBeGreaterThan(prog.occupancy + 0.1);
    expect(pred.occupancy).toBeGreaterThanOrEqual(0.85);
    expect(pred.abandonRate).toBeLessThanOrEqual(0.03);
    expect(pred.maxPlannedAbandonRate).toBeLessThanOrEqual(0.03);
    expect(pred.maxRecomputeGapSeconds).toBeLessThanOrEqual(15);
  });
});
