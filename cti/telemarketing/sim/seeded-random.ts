/** mulberry32: a small seeded PRNG, so a simulation replays exactly from its seed. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) { this.state = seed >>> 0; }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(min: number, max: number): number { return min + (max - min) * this.next(); }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median and shape sigma: right-skewed like real talk times. */
  logNormal(median: number, sigma: number): number { return median * Math.exp(sigma * this.normal()); }
}
