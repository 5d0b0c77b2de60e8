/**
 * Predictive pacing vs progressive dialing: one seeded simulated campaign day (20 telemarketers,
 * 30% answer rate, log-normal talk times with a median of 90 s, 5–20 s wrap-up, 2 s connect window,
 * 3% abandon cap), both modes in the same run over the same workload model.
 * Target: predictive abandon ≤ 3% with occupancy ≥ 85%; progressive is the baseline.
 * Run: `npm run bench -- pacing` or `npx tsx bench/pacing.bench.ts`.
 */
import { defaultSimulationConfig, simulateCampaign, type SimulationConfig, type SimulationResult } from '../cti/index.js';
import { isMainModule } from './cli.js';

export interface PacingBenchResult {
  config: Pick<SimulationConfig, 'seed' | 'agents' | 'durationSeconds' | 'answerRate' | 'talkMedianSeconds'>;
  progressive: SimulationResult;
  predictive: SimulationResult;
  targetMet: boolean;
}

export async function run(config: SimulationConfig = defaultSimulationConfig): Promise<PacingBenchResult> {
  const progressive = simulateCampaign('progressive', config);
  const predictive = simulateCampaign('predictive', config);
  return {
    config: { seed: config.seed, agents: config.agents, durationSeconds: config.durationSeconds, answerRate: config.answerRate, talkMedianSeconds: config.talkMedianSeconds },
    progressive,
    predictive,
    targetMet: predictive.abandonRate <= config.pacing.abandonCap && predictive.occupancy >= 0.85,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function report(r: PacingBenchResult): string {
  const row = (s: SimulationResult): string =>
    `${s.mode.padEnd(12)} occupancy ${pct(s.occupancy).padStart(6)}  abandon ${pct(s.abandonRate).padStart(5)}  (max rolling ${pct(s.maxRollingAbandonRate)}, max planned ${pct(s.maxPlannedAbandonRate)})  dialed ${s.dialed}  connected ${s.connected}  abandoned ${s.abandoned}`;
  return [
    `seed ${r.config.seed}, ${r.config.agents} telemarketers, ${r.config.durationSeconds / 3600} h, answer rate ${pct(r.config.answerRate)}, talk median ${r.config.talkMedianSeconds} s`,
    row(r.progressive),
    row(r.predictive),
    `connected calls: predictive ${(r.predictive.connected / Math.max(1, r.progressive.connected)).toFixed(2)}× progressive; pacing changes ${r.predictive.pacingChanges}, longest recompute gap ${r.predictive.maxRecomputeGapSeconds} s`,
    `target (abandon ≤ 3%, occupancy ≥ 85%): ${r.targetMet ? 'met' : 'NOT met'}`,
  ].join('\n');
}

if (isMainModule(import.meta.url)) console.log(report(await run()));
