import { ZariError } from '../../kernel/index.js';

export interface RateLimitOptions {
  /** failures allowed per key inside the window */
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

/**
 * Counts failed logins per IP and per login name (fixed window per key). In memory: right for one node.
 * Several zari nodes behind a load balancer must share the counters (Redis INCR + PEXPIRE) — a later change.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Throws rate_limited (with retryAfterSeconds in details) when any key is over the limit. */
  check(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry) continue;
      if (entry.resetAt <= now) {
        this.failures.delete(key);
        continue;
      }
      if (entry.count >= this.options.maxFailures) {
        const retryAfterSeconds = Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
        throw new ZariError('rate_limited', 'too many failed logins; try again later', { retryAfterSeconds });
      }
    }
  }

  fail(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || entry.resetAt <= now) this.failures.set(key, { count: 1, resetAt: now + this.options.windowMs });
      else entry.count += 1;
    }
    if (this.failures.size > 100_000) this.sweep(now);
  }

  /** A successful login clears the login's counter (not the IP's: one IP may try many logins). */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
  }
}
