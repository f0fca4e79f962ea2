import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../connectors/core/breaker';
import { ErrorCode } from '../errors';

const BREAKER_STATES: BreakerState[] = [
  'closed',
  'open',
  'half-open',
  'forced-open',
  'forced-closed',
  'disabled',
];
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** A name carrying a run of 10+ digits may embed an identifier (a NIK as `Citizen_1173...`). */
const IDENTIFIER_LIKE = /\d{10}/;
const ERROR_CODES = new Set<string>(Object.values(ErrorCode));

/** Operation label values that no client-chosen GraphQL name can collide with. */
export const OPERATION_LABEL = {
  anonymous: '(anonymous)',
  other: '(other)',
  rejected: '(rejected)',
} as const;

const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Options of {@link GatewayMetrics}. */
export interface GatewayMetricsOptions {
  /** Distinct operation names that get their own label; later ones count as "(other)". Default 100. */
  maxOperationNames?: number;
  /** Package version for `mpp_build_info`. Default "unknown". */
  version?: string;
  /** Read at each scrape for `mpp_ready` and `mpp_http_in_flight_requests`. */
  probe?: () => { ready: boolean; inFlight: number };
  /** Read at each scrape for the `mpp_audit_*` gauges; undefined until the audit spool runs. */
  audit?: () => AuditMetricsSource | undefined;
}

/** What the audit spool reports for metrics (numbers only, never a record). */
export interface AuditMetricsSource {
  writable: boolean;
  backlogRecords: number;
  backlogBytes: number;
  oldestUnshippedAgeMs: number;
  shipFailures: number;
}

/**
 * Prometheus metrics of the gateway, in a registry of its own (one per gateway, so tests
 * and several gateways in a process never collide). Labels are closed sets: connector keys,
 * outcomes, error codes, route names; operation names are the client's, so only the first
 * `maxOperationNames` well-formed names without digit runs get their own label.
 * Never variables, never identifiers.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly maxOperationNames: number;

  readonly httpDuration = new Histogram({
    name: 'mpp_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status class (status "aborted" when the client left first)',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: 'mpp_graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name and outcome (ok, partial, error, rejected)',
    labelNames: ['operation', 'outcome'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: 'mpp_upstream_call_duration_seconds',
    help: 'Calls to agency backends (each attempt, retries included) by connector and outcome (ok, error)',
    labelNames: ['connector', 'outcome'] as const,
    buckets: SECONDS_BUCKETS.slice(0, -1),
    registers: [this.registry],
  });
  readonly upstreamErrors = new Counter({
    name: 'mpp_upstream_errors_total',
    help: 'Failed calls to agency backends by connector and error code',
    labelNames: ['connector', 'code'] as const,
    registers: [this.registry],
  });
  readonly breakerState = new Gauge({
    name: 'mpp_breaker_state',
    help: 'Circuit breaker state per connector (1 for the current state, 0 for the others)',
    labelNames: ['connector', 'state'] as const,
    registers: [this.registry],
  });
  readonly breakerTransitions = new Counter({
    name: 'mpp_breaker_transitions_total',
    help: 'Circuit breaker state changes per connector, by the state entered',
    labelNames: ['connector', 'to'] as const,
    registers: [this.registry],
  });
  readonly breakerRejections = new Counter({
    name: 'mpp_breaker_rejections_total',
    help: 'Calls refused without reaching the agency because its breaker was open',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  /** Labels bounded by configuration: only the deployment's tenant ids are ever used. */
  readonly tenantRequests = new Counter({
    name: 'mpp_tenant_requests_total',
    help: 'GraphQL requests per MPP (tenant) they were served for',
    labelNames: ['tenant'] as const,
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
    help: 'Calls refused because a connector had too many in flight and queued',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly cacheEvents = new Counter({
    name: 'mpp_cache_events_total',
    help: 'Shared cache lookups per connector and entity: hit, miss, revalidate (served, refreshed in background), stale (served because the agency failed)',
    labelNames: ['connector', 'entity', 'event'] as const,
    registers: [this.registry],
  });
  readonly cacheErrors = new Counter({
    name: 'mpp_cache_errors_total',
    help: 'Shared cache failures turned into misses or no-ops (source: connector or store)',
    labelNames: ['source', 'op', 'reason'] as const,
    registers: [this.registry],
  });
  readonly cacheStoreDuration = new Histogram({
    name: 'mpp_cache_store_duration_seconds',
    help: 'Duration of one shared cache store operation (one round trip for mget/mset/del)',
    labelNames: ['op'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [this.registry],
  });
  readonly cacheStoreUp = new Gauge({
    name: 'mpp_cache_store_up',
    help: '1 while the shared cache store (Redis) is reachable',
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'mpp_dataloader_batch_size',
    help: 'Distinct keys per DataLoader batch reaching the upstream pipeline',
    labelNames: ['connector', 'entity'] as const,
    buckets: [1, 2, 3, 5, 8, 13, 21, 50, 100],
    registers: [this.registry],
  });

  readonly authRefusals = new Counter({
    name: 'mpp_auth_refusals_total',
    help: 'Requests refused with 401 by reason (missing, ambiguous, unknown_key, malformed, not_accepted, expired, invalid_token)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'mpp_rate_limited_requests_total',
    help: 'Requests refused with 429 because the client had spent its request budget',
    registers: [this.registry],
  });
  readonly auditWrites = new Counter({
    name: 'mpp_audit_writes_total',
    help: 'Audit log appends of personal-data reads by outcome (ok, failed: the data was withheld)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: GatewayMetricsOptions) {
    this.maxOperationNames = options.maxOperationNames ?? 100;
    collectDefaultMetrics({ register: this.registry, prefix: 'mpp_' });
    this.cacheStoreUp.set(1);
    // Zero series from the start: a rate() over a counter that appears late misses its first step.
    this.rateLimited.inc(0);
    for (const outcome of ['ok', 'failed']) this.auditWrites.inc({ outcome }, 0);
    new Gauge({
      name: 'mpp_build_info',
      help: 'Always 1; the gateway version as a label',
      labelNames: ['version'] as const,
      registers: [this.registry],
    }).set({ version: options.version ?? 'unknown' }, 1);
    const probe = options.probe;
    new Gauge({
      name: 'mpp_ready',
      help: '1 while /readyz answers 200 (started, cache ready, not shutting down)',
      registers: [this.registry],
      collect() {
        if (probe) this.set(probe().ready ? 1 : 0);
      },
    });
    const audit = options.audit;
    const auditGauge = (name: string, help: string, pick: (a: AuditMetricsSource) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const state = audit?.();
          if (state) this.set(pick(state));
        },
      });
    auditGauge(
      'mpp_audit_spool_writable',
      '1 while the local audit spool can be written (else personal data is withheld)',
      (a) => (a.writable ? 1 : 0),
    );
    auditGauge(
      'mpp_audit_backlog_records',
      'Audit records in the spool not yet shipped to the central sink',
      (a) => a.backlogRecords,
    );
    auditGauge(
      'mpp_audit_backlog_bytes',
      'Bytes of audit records not yet shipped to the central sink',
      (a) => a.backlogBytes,
    );
    auditGauge(
      'mpp_audit_oldest_unshipped_seconds',
      'Age of the oldest audit record not yet shipped (0 when none)',
      (a) => a.oldestUnshippedAgeMs / 1000,
    );
    auditGauge(
      'mpp_audit_ship_failures',
      'Failed attempts to ship audit records since start',
      (a) => a.shipFailures,
    );
    new Gauge({
      name: 'mpp_http_in_flight_requests',
      help: 'GraphQL requests being served now (what a shutdown drain waits for)',
      registers: [this.registry],
      collect() {
        if (probe) this.set(probe().inFlight);
      },
    });
  }

  setBreakerState(connector: string, state: BreakerState): void {
    for (const s of BREAKER_STATES)
      this.breakerState.set({ connector, state: s }, s === state ? 1 : 0);
  }

  upstreamError(connector: string, code: string | undefined): void {
    this.upstreamErrors.inc({
      connector,
      code: code && ERROR_CODES.has(code) ? code : ErrorCode.InternalServerError,
    });
  }

  /** The label for a client's operation name: bounded in number and never identifier-like. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return OPERATION_LABEL.anonymous;
    if (!OPERATION_NAME.test(name) || IDENTIFIER_LIKE.test(name)) return OPERATION_LABEL.other;
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= this.maxOperationNames) return OPERATION_LABEL.other;
    this.operationNames.add(name);
    return name;
  }
}
