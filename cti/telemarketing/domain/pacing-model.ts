/**
 * The probability model behind predictive pacing (pure, no state).
 *
 * Dialing n more numbers now, with `inFlight` calls already ringing, the number of customers who
 * answer is A ~ Binomial(inFlight + n, p) (p: measured answer rate). The telemarketers able to take
 * them within the horizon h (mean time to answer + the connect window) are K = free agents plus,
 * for each busy agent, a Bernoulli with P(handle time ≤ elapsed + h | handle time > elapsed) from the
 * measured handle-time distribution (empirical, so skewed talk times are modelled as they are).
 * Expected abandoned calls: E[max(0, A − K)]; the planned abandon rate is that over E[A]. Calls
 * already ringing count with their conditional chance to still answer (see stillAnswers).
 */

/** Sorted handle-time samples (seconds) as an empirical distribution. */
export class EmpiricalDistribution {
  private readonly sorted: number[];

  constructor(samples: readonly number[]) {
    this.sorted = [...samples].filter((x) => Number.isFinite(x) && x >= 0).sort((a, b) => a - b);
  }

  get size(): number { return this.sorted.length; }

  mean(): number {
    return this.sorted.length === 0 ? 0 : this.sorted.reduce((s, x) => s + x, 0) / this.sorted.length;
  }

  quantile(q: number): number {
    if (this.sorted.length === 0) return 0;
    const i = Math.min(this.sorted.length - 1, Math.max(0, Math.ceil(q * this.sorted.length) - 1));
    return this.sorted[i] as number;
  }

  /** P(X ≤ x) */
  cdf(x: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] as number) <= x) lo = mid + 1; else hi = mid;
    }
    return this.sorted.length === 0 ? 0 : lo / this.sorted.length;
  }

  /** P(X ≤ elapsed + h | X > elapsed); past every sample, a memoryless tail with the overall mean. */
  finishWithin(elapsed: number, h: number): number {
    const survive = 1 - this.cdf(elapsed);
    const mean = this.mean();
    if (survive <= 1e-9) return mean > 0 ? 1 - Math.exp(-h / mean) : 1;
    return Math.max(0, Math.min(1, (this.cdf(elapsed + h) - this.cdf(elapsed)) / survive));
  }
}

/** Distribution of a sum of independent Bernoulli variables (Poisson binomial), shifted by `base`. */
export function capacityDistribution(base: number, probabilities: readonly number[]): number[] {
  let dist = [1];
  for (const q of probabilities) dist = addBernoulli(dist, q);
  return [...new Array<number>(Math.max(0, base)).fill(0), ...dist];
}

/** g[a] = E[max(0, a − K)] for a = 0…maxA. */
export function expectedExcess(capacity: readonly number[], maxA: number): number[] {
  const g: number[] = [];
  for (let a = 0; a <= maxA; a++) {
    let s = 0;
    for (let k = 0; k < a && k < capacity.length; k++) s += (a - k) * (capacity[k] as number);
    g.push(s);
  }
  return g;
}

/** Adds one Bernoulli(q) variable to a distribution. */
function addBernoulli(dist: readonly number[], q: number): number[] {
  const next = new Array<number>(dist.length + 1).fill(0);
  dist.forEach((pk, k) => {
    next[k] = (next[k] as number) + pk * (1 - q);
    next[k + 1] = (next[k + 1] as number) + pk * q;
  });
  return next;
}

const rateOf = (answers: readonly number[], expectedAnswers: number, excess: readonly number[]): number => {
  if (expectedAnswers <= 0) return 0;
  let abandons = 0;
  answers.forEach((pa, a) => { abandons += pa * (excess[a] ?? 0); });
  return abandons / expectedAnswers;
};

export interface LinesDecision { lines: number; plannedAbandonRate: number }

/**
 * The largest n ≤ maxNew whose planned abandon rate stays at or under `target`. `inFlight` holds
 * each ringing call's probability to still be answered; a new call answers with p. Never plans
 * above the target: if the calls already in flight exceed it, n = 0.
 */
export function maxLinesUnderTarget(inFlight: readonly number[], p: number, capacity: readonly number[], target: number, maxNew: number): LinesDecision {
  const excess = expectedExcess(capacity, inFlight.length + maxNew);
  let answers = capacityDistribution(0, inFlight);
  let expected = inFlight.reduce((s, q) => s + q, 0);
  let best: LinesDecision = { lines: 0, plannedAbandonRate: rateOf(answers, expected, excess) };
  for (let n = 1; n <= maxNew; n++) {
    answers = addBernoulli(answers, p);
    expected += p;
    const rate = rateOf(answers, expected, excess);
    if (rate > target) break;
    best = { lines: n, plannedAbandonRate: rate };
  }
  return best;
}

/**
 * Probability that a call ringing for `elapsed` seconds will still be answered, given the answer
 * rate p and the measured dial-to-answer times: p·S(e) / (p·S(e) + 1 − p), S the survival of the
 * time to answer. (Treats every unanswered call as still ringing: slightly low, so cautious.)
 */
export function stillAnswers(p: number, elapsed: number, timeToAnswer: EmpiricalDistribution): number {
  if (timeToAnswer.size === 0) return p;
  const s = 1 - timeToAnswer.cdf(elapsed);
  return (p * s) / (p * s + 1 - p);
}
