import type { ConnectorStats, LastError } from './connector-stats';
import type { ConnectorUpstream } from '../connectors/core/upstream';
import type { BreakerState } from '../connectors/core/breaker';

/** One connector's health: what the GraphQL `connectors` field and the status page show. */
export interface ConnectorStatusView {
  /** The pipeline's name: the connector key, or the agency instance key (`pdam@lhokseumawe`). */
  name: string;
  /** The MPP of a regional agency instance; null for a national (shared) agency. */
  tenant: string | null;
  title: string;
  breakerState: BreakerState;
  /** ISO time the breaker entered its current state. */
  since: string;
  /** Upstream calls in the rolling window. */
  recentCalls: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Code, failure class and time only: never a message, URL or identifier. */
  lastError: LastError | null;
  /** The last health probe (sent only while the connector is idle). */
  lastProbe: { ok: boolean; code: string | null; at: string } | null;
  cacheHitRatio: number | null;
  inFlight: number;
}

/** One read model of connector health, shared by the GraphQL `connectors` field and /status. */
export class OpsView {
  constructor(
    private readonly connectors: ReadonlyArray<{
      key: string;
      title: string;
      /** The tenant of a regional agency instance. */
      tenant?: string;
      upstream: ConnectorUpstream;
    }>,
    private readonly stats: ConnectorStats,
  ) {}

  /** Length of the rolling window behind the rates and percentiles, in seconds. */
  get windowSeconds(): number {
    return Math.round(this.stats.windowMs / 1000);
  }

  list(): ConnectorStatusView[] {
    return this.connectors.map(({ key, title, tenant, upstream }) => {
      const s = this.stats.snapshot(key);
      const lookups = s.cacheHits + s.cacheMisses;
      return {
        name: key,
        tenant: tenant ?? null,
        title,
        breakerState: upstream.breaker.state,
        since: new Date(upstream.breaker.since).toISOString(),
        recentCalls: s.calls,
        successRate: s.successRate,
        p50Ms: s.p50Ms,
        p95Ms: s.p95Ms,
        lastError: s.lastError,
        lastProbe: s.lastProbe,
        cacheHitRatio: lookups === 0 ? null : s.cacheHits / lookups,
        inFlight: upstream.bulkhead.inUse,
      };
    });
  }
}
