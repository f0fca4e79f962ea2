import { circuitOpen, ErrorCode } from '../../errors';
import { timedAttempt, type AttemptDeps } from './attempt';
import type { Bulkhead } from './bulkhead';
import type { ConnectorBreaker } from './breaker';
import { withRetry } from './retry';

/** Options of `ConnectorUpstream.call`. */
export interface TransportCallOptions {
  /** False for writes: never retried. True: retried like a read on retryable UpstreamErrors. */
  idempotent: boolean;
  /** Deadline of the call (ms). Default: the connector policy's `timeoutMs`. */
  timeoutMs?: number;
  /** The caller's abort signal (request gone, service stopping). */
  signal?: AbortSignal;
}

/** What a transport call shares with the rest of its connector's pipeline (upstream.ts builds it). */
export interface TransportCallDeps extends Pick<AttemptDeps, 'connector' | 'policy' | 'observer'> {
  breaker: ConnectorBreaker;
  bulkhead: Bulkhead;
}

/**
 * One call of any transport (a TCP message, ...) through the same guards as a load:
 * open breaker → refused at once; bulkhead; breaker; a deadline of `timeoutMs` (default the
 * policy's) whose signal `run` must honour; metrics. A refusal (open breaker, full bulkhead)
 * means `run` was never called. With `idempotent: false` (writes) nothing is ever retried:
 * the caller resolves an unknown outcome itself (e.g. by reversal). No cache, no
 * coalescing and no retry budget: those serve batch reads (read-pipeline.ts).
 */
export async function transportCall<R>(
  deps: TransportCallDeps,
  op: string,
  run: (signal: AbortSignal) => Promise<R>,
  options: TransportCallOptions,
): Promise<R> {
  const { connector, observer, breaker, bulkhead, policy } = deps;
  if (breaker.rejecting) {
    observer.refused(connector, ErrorCode.CircuitOpen);
    throw circuitOpen(connector);
  }
  const timeoutMs = options.timeoutMs ?? policy.timeoutMs;
  const deadline = Date.now() + timeoutMs;
  const once = () => breaker.fire(() => timedAttempt(deps, op, run, timeoutMs, options.signal));
  const signal = options.signal ?? new AbortController().signal;
  return bulkhead.run(signal, () =>
    options.idempotent
      ? withRetry(
          policy.retry,
          {
            remainingMs: () => deadline - Date.now(),
            breakerRejecting: () => breaker.rejecting,
            onRetry: () => observer.retry(connector),
          },
          once,
        )
      : once(),
  );
}
