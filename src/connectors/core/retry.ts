import { UpstreamError } from '../../errors';
import type { ConnectorPolicy } from '../../config';

export interface RetryHooks {
  /** Remaining ms before the request deadline. */
  remainingMs(): number;
  /** True when the breaker would refuse the call now: never retry into an open breaker. */
  breakerRejecting(): boolean;
  /**
   * Takes one retry from the connector's retry budget; false = budget spent, give the caller
   * the error now. Default: always allowed.
   */
  takeRetry?(): boolean;
  onRetry(attempt: number, err: UpstreamError): void;
}

/**
 * Retries idempotent reads on retryable failures (connect errors, 502/503/504, timeouts)
 * with exponential backoff and full jitter, never past the deadline, and only while the
 * connector's retry budget (`retry-budget.ts`) has room.
 */
export async function withRetry<T>(
  policy: ConnectorPolicy['retry'],
  hooks: RetryHooks,
  attempt: () => Promise<T>,
  random: () => number = Math.random,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof UpstreamError) || !err.retryable || n >= policy.retries) throw err;
      if (hooks.breakerRejecting()) throw err;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
      const delay = Math.floor(random() * ceiling);
      // A retry needs time to wait and then to run; without it, give the caller the error now.
      if (hooks.remainingMs() <= delay + 20) throw err;
      // Last check: a failing agency must not see its load multiplied by the retries.
      if (hooks.takeRetry && !hooks.takeRetry()) throw err;
      hooks.onRetry(n + 1, err);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
