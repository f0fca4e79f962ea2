/** Settings of a connector's retry budget (Linkerd's / Envoy's retry budgets, by ratio). */
export interface RetryBudgetPolicy {
  /**
   * Retries allowed, as a share (%) of the logical calls made in the window: 20 means at most
   * one retry for every five calls, so a failing agency sees at most 1.2× its normal load.
   * 0 turns retries off. Default 20.
   */
  percent: number;
  /**
   * Retries always allowed per second of window whatever the ratio, so that a quiet connector
   * (a few calls a minute) can still retry a blip. Default 3.
   */
  minPerSecond: number;
  /** Rolling window over which calls and retries are counted (ms; at least 100). Default 10000. */
  windowMs: number;
}

export const DEFAULT_RETRY_BUDGET: Readonly<RetryBudgetPolicy> = Object.freeze({
  percent: 20,
  minPerSecond: 3,
  windowMs: 10_000,
});

const BUCKETS = 10;

/**
 * Counts logical calls and retries of one connector in a rolling window (ten buckets) and
 * says whether one more retry fits. Created once per connector, like its breaker: a budget
 * per request would never stop a retry storm.
 */
export class RetryBudget {
  private readonly calls: number[] = new Array<number>(BUCKETS).fill(0);
  private readonly retries: number[] = new Array<number>(BUCKETS).fill(0);
  private readonly windowMs: number;
  private readonly bucketMs: number;
  private bucketStart: number;
  private head = 0;

  constructor(
    private readonly policy: RetryBudgetPolicy,
    private readonly now: () => number = Date.now,
  ) {
    if (!(policy.percent >= 0)) throw new RangeError('RetryBudget: percent must be >= 0');
    this.windowMs = Math.max(100, policy.windowMs);
    this.bucketMs = this.windowMs / BUCKETS;
    this.bucketStart = now();
  }

  /** A logical call (one request's load of one batch) started: it earns retry credit. */
  recordCall(): void {
    this.advance();
    this.calls[this.head] = (this.calls[this.head] ?? 0) + 1;
  }

  /** Takes one retry from the budget; false (nothing taken) when the budget is spent. */
  tryRetry(): boolean {
    this.advance();
    if (this.policy.percent <= 0) return false;
    const calls = sum(this.calls);
    const retries = sum(this.retries);
    const allowed = Math.max(
      (calls * this.policy.percent) / 100,
      (this.policy.minPerSecond * this.windowMs) / 1000,
    );
    if (retries + 1 > allowed) return false;
    this.retries[this.head] = (this.retries[this.head] ?? 0) + 1;
    return true;
  }

  /** Calls and retries in the current window (status, tests). */
  snapshot(): { calls: number; retries: number } {
    this.advance();
    return { calls: sum(this.calls), retries: sum(this.retries) };
  }

  private advance(): void {
    const now = this.now();
    let steps = Math.floor((now - this.bucketStart) / this.bucketMs);
    if (steps <= 0) return;
    this.bucketStart += steps * this.bucketMs;
    steps = Math.min(steps, BUCKETS);
    for (let i = 0; i < steps; i++) {
      this.head = (this.head + 1) % BUCKETS;
      this.calls[this.head] = 0;
      this.retries[this.head] = 0;
    }
  }
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
