/**
 * Resilience and cache policy of one connector. Every field can be overridden per connector
 * from the environment (`<PREFIX>_<FIELD>`, see README "Configuration").
 */
export interface ConnectorPolicy {
  /** Longest one upstream call may take (ms); the request deadline may shorten it. Default 2000. */
  timeoutMs: number;
  breaker: {
    /** Whether calls go through the circuit breaker at all (off only for benchmarks). Default true. */
    enabled: boolean;
    /** Failure share (%) in the rolling window that opens the breaker. Default 50. */
    errorThresholdPercentage: number;
    /** Calls in the window before the breaker may open. Default 10. */
    volumeThreshold: number;
    /** Rolling statistics window (ms). Default 10000. */
    rollingCountTimeoutMs: number;
    /** Time open before a half-open probe (ms). Default 5000. */
    resetTimeoutMs: number;
  };
  retry: {
    /** Extra attempts for idempotent reads on retryable failures. Default 2. */
    retries: number;
    /** Full-jitter exponential backoff base and cap (ms). Defaults 50 and 400. */
    baseDelayMs: number;
    maxDelayMs: number;
    /**
     * Retry budget of the connector: retries at most `budgetPercent` % of the logical calls
     * in a rolling `budgetWindowMs`, plus `budgetMinPerSecond` per second. Defaults 20, 3, 10000.
     */
    budgetPercent: number;
    budgetMinPerSecond: number;
    budgetWindowMs: number;
  };
  bulkhead: {
    /** Concurrent calls to the agency. Default 32. */
    maxConcurrent: number;
    /** Calls waiting for a slot; beyond it, fail fast with UPSTREAM_UNAVAILABLE. Default 64. */
    maxQueue: number;
  };
  cache: {
    /** Overrides every entity's fresh TTL (s) when set. */
    freshSeconds?: number;
    /** After fresh: served at once and refreshed in the background (s). Default 30. */
    staleWhileRevalidateSeconds: number;
    /** After that: served only when the agency fails or its breaker is open (s). Default 3600. */
    staleIfErrorSeconds: number;
    /** "Not found" answers are remembered this long (s). Default 60. */
    negativeSeconds: number;
  };
}

export const DEFAULT_CONNECTOR_POLICY: ConnectorPolicy = {
  timeoutMs: 2_000,
  breaker: {
    enabled: true,
    errorThresholdPercentage: 50,
    volumeThreshold: 10,
    rollingCountTimeoutMs: 10_000,
    resetTimeoutMs: 5_000,
  },
  retry: {
    retries: 2,
    baseDelayMs: 50,
    maxDelayMs: 400,
    budgetPercent: 20,
    budgetMinPerSecond: 3,
    budgetWindowMs: 10_000,
  },
  bulkhead: { maxConcurrent: 32, maxQueue: 64 },
  cache: { staleWhileRevalidateSeconds: 30, staleIfErrorSeconds: 3_600, negativeSeconds: 60 },
};

/** Environment names of the overridable policy fields, relative to the connector's prefix. */
export const POLICY_ENV: Array<[string, (p: ConnectorPolicy, v: number) => void, 'int' | 'bool']> =
  [
    ['TIMEOUT_MS', (p, v) => (p.timeoutMs = v), 'int'],
    ['BREAKER_ENABLED', (p, v) => (p.breaker.enabled = v === 1), 'bool'],
    ['BREAKER_ERROR_PERCENT', (p, v) => (p.breaker.errorThresholdPercentage = v), 'int'],
    ['BREAKER_VOLUME', (p, v) => (p.breaker.volumeThreshold = v), 'int'],
    ['BREAKER_WINDOW_MS', (p, v) => (p.breaker.rollingCountTimeoutMs = v), 'int'],
    ['BREAKER_RESET_MS', (p, v) => (p.breaker.resetTimeoutMs = v), 'int'],
    ['RETRIES', (p, v) => (p.retry.retries = v), 'int'],
    ['RETRY_BASE_MS', (p, v) => (p.retry.baseDelayMs = v), 'int'],
    ['RETRY_MAX_MS', (p, v) => (p.retry.maxDelayMs = v), 'int'],
    ['RETRY_BUDGET_PERCENT', (p, v) => (p.retry.budgetPercent = v), 'int'],
    ['RETRY_BUDGET_MIN_PER_SECOND', (p, v) => (p.retry.budgetMinPerSecond = v), 'int'],
    ['RETRY_BUDGET_WINDOW_MS', (p, v) => (p.retry.budgetWindowMs = v), 'int'],
    ['MAX_CONCURRENT', (p, v) => (p.bulkhead.maxConcurrent = v), 'int'],
    ['MAX_QUEUE', (p, v) => (p.bulkhead.maxQueue = v), 'int'],
    ['CACHE_FRESH_S', (p, v) => (p.cache.freshSeconds = v), 'int'],
    ['CACHE_SWR_S', (p, v) => (p.cache.staleWhileRevalidateSeconds = v), 'int'],
    ['CACHE_STALE_IF_ERROR_S', (p, v) => (p.cache.staleIfErrorSeconds = v), 'int'],
    ['CACHE_NEGATIVE_S', (p, v) => (p.cache.negativeSeconds = v), 'int'],
  ];
