/** Options of `FailureThrottle`. */
export interface FailureThrottleOptions {
  /** Failures allowed per key within one window; the next attempt is refused. Default: 10. */
  maxFailures?: number;
  /** Length of the window (ms), counted from a key's first failure. Default: 300 000 (5 min). */
  windowMs?: number;
  /** Keys remembered (oldest dropped first). Default: 10 000. */
  maxKeys?: number;
  /** Clock in ms. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Counts failed attempts (admin authentications) per key (source address) in a fixed window:
 * after `maxFailures`, every attempt from that key is refused until the window ends, so a
 * guessed credential is not even compared. Per process: each instance throttles on its own.
 */
export class FailureThrottle {
  private readonly windows = new Map<string, { failures: number; until: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: FailureThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 300_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfterSeconds(key: string): number {
    const w = this.current(key);
    if (!w || w.failures < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((w.until - this.now()) / 1000));
  }

  /** Records one failure of `key`; returns its failures in the current window. */
  fail(key: string): number {
    const w = this.current(key) ?? { failures: 0, until: this.now() + this.windowMs };
    w.failures++;
    this.windows.delete(key);
    this.windows.set(key, w);
    if (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    return w.failures;
  }

  private current(key: string) {
    const w = this.windows.get(key);
    if (w && w.until <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }
}
