import { version } from '../../package.json';
import type { RedisGuard } from '../cache/redis-guard';
import type { OpsHistory } from '../observability/history';
import type { AuditMetricsSource } from '../observability/metrics';
import { operatorStatus, servicesView } from '../observability/operator-status';
import { evaluateReadiness, type Readiness } from '../observability/readiness';
import type { ServiceEvents } from '../observability/service-events';
import type { GatewayCache } from './cache-wiring';
import type { GraphqlServing } from './graphql-handler';
import type { LifecycleMachine } from './lifecycle';
import type { Upstreams } from './upstreams';

/** What readiness and the operator status are computed from (all process-wide). */
export interface StatusDeps {
  lifecycle: LifecycleMachine;
  /** Only Redis can be "not ready": the in-memory store is ready as long as the process is. */
  cacheKind: 'redis' | 'memory' | 'none';
  cache: GatewayCache | undefined;
  redisGuard: RedisGuard | undefined;
  upstreams: Upstreams;
  history: OpsHistory;
  events: ServiceEvents;
  rateLimit: { enabled: boolean; redis: boolean };
  /** The security layer and its spool once started. */
  serving(): GraphqlServing | undefined;
}

/**
 * The gateway's health model, in one place: what /readyz answers, what /status and
 * /status.json show, and the audit spool's figures for /metrics.
 */
export function createStatusModel(deps: StatusDeps) {
  const { lifecycle, cacheKind, cache, redisGuard, upstreams, history, events } = deps;

  function readiness(): Readiness {
    const guard = redisGuard?.health();
    return evaluateReadiness(
      lifecycle.current,
      {
        kind: cacheKind,
        health: () => {
          // The shared breaker speaks for Redis even when the cache was injected (tests).
          if (guard && !guard.ok) return { ready: false, reason: `breaker open: ${guard.reason}` };
          return cache?.health() ?? { ready: true };
        },
      },
      // An agency's breaker open degrades its fields only: reported, never unready.
      [...upstreams.byKey.values()]
        .filter((u) => u.breaker.rejecting)
        .map((u) => `${u.connector}: circuit ${u.breaker.state}`),
      deps.serving()?.security.auditLog,
    );
  }

  function status(tenant?: string) {
    const r = readiness();
    const page = operatorStatus({
      tenant,
      readiness: r,
      version,
      ops: upstreams.ops,
      history,
      services: servicesView(r, cacheKind, events, deps.rateLimit),
    });
    // The spool's own figures (backlog, oldest unshipped record) beside the counts since start.
    return { ...page, auditSpool: deps.serving()?.security.auditLog?.state() ?? null };
  }

  /** The audit spool's figures for metrics (undefined before start or without the spool). */
  function auditMetrics(): AuditMetricsSource | undefined {
    const state = deps.serving()?.security.auditLog?.state();
    if (!state) return undefined;
    return {
      writable: state.ready,
      backlogRecords: state.shipping?.backlogRecords ?? 0,
      backlogBytes: state.shipping?.backlogBytes ?? 0,
      oldestUnshippedAgeMs: state.shipping?.oldestUnshippedAgeMs ?? 0,
      shipFailures: state.shipping?.failures ?? 0,
    };
  }

  return { readiness, status, auditMetrics };
}
