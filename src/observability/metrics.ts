import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../connectors/core/breaker';

const BREAKER_STATES: BreakerState[] = [
  'closed',
  'open',
  'half-open',
  'forced-open',
  'forced-closed',
  'disabled',
];
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Prometheus metrics of the gateway. Labels are bounded: connector keys and outcomes are
 * closed sets; operation names are the client's, so only the first `maxOperationNames`
 * well-formed names get their own label and the rest count as "other". Never variables.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  readonly httpDuration = new Histogram({
    name: 'mpp_http_request_duration_seconds',
    help: 'HTTP requests by route and status class',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: 'mpp_graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name and outcome (ok, partial, error)',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: 'mpp_upstream_call_duration_seconds',
    help: 'Calls to agency backends by connector and outcome',
    labelNames: ['connector', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly breakerState = new Gauge({
    name: 'mpp_breaker_state',
    help: 'Circuit breaker state per connector (1 for the current state)',
    labelNames: ['connector', 'state'] as const,
    registers: [this.registry],
  });
  readonly breakerTransitions = new Counter({
    name: 'mpp_breaker_transitions_total',
    help: 'Circuit breaker state changes per connector',
    labelNames: ['connector', 'to'] as const,
    registers: [this.registry],
  });
  readonly retries = new Counter({
    name: 'mpp_upstream_retries_total',
    help: 'Retried upstream calls per connector',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly bulkheadRejections = new Counter({
    name: 'mpp_bulkhead_rejections_total',
    help: 'Calls refused because a connector had too many in flight',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly cacheEvents = new Counter({
    name: 'mpp_cache_events_total',
    help: 'Shared cache lookups per connector and entity: hit, miss, revalidate, stale (served on error), error',
    labelNames: ['connector', 'entity', 'event'] as const,
    registers: [this.registry],
  });
  readonly cacheErrors = new Counter({
    name: 'mpp_cache_errors_total',
    help: 'Shared cache failures turned into misses or no-ops (source: connector or store)',
    labelNames: ['source', 'op', 'reason'] as const,
    registers: [this.registry],
  });
  readonly cacheStoreUp = new Gauge({
    name: 'mpp_cache_store_up',
    help: '1 while the shared cache store (Redis) is reachable',
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'mpp_dataloader_batch_size',
    help: 'Keys per DataLoader batch reaching the upstream pipeline',
    labelNames: ['connector', 'entity'] as const,
    buckets: [1, 2, 3, 5, 8, 13, 21, 50, 100],
    registers: [this.registry],
  });

  constructor(
    connectors: readonly string[],
    private readonly maxOperationNames = 100,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'mpp_' });
    for (const c of connectors) this.setBreakerState(c, 'closed');
    this.cacheStoreUp.set(1);
  }

  setBreakerState(connector: string, state: BreakerState): void {
    for (const s of BREAKER_STATES)
      this.breakerState.set({ connector, state: s }, s === state ? 1 : 0);
  }

  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= this.maxOperationNames) return 'other';
    this.operationNames.add(name);
    return name;
  }
}
