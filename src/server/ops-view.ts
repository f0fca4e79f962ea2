import type { ConnectorStats } from '../observability/connector-stats';
import type { ConnectorUpstream } from '../connectors/core/upstream';

export interface ConnectorStatusView {
  name: string;
  title: string;
  breakerState: string;
  since: string;
  recentCalls: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  lastError: { code: string; at: string } | null;
  cacheHitRatio: number | null;
  inFlight: number;
}

/** One read model of connector health, shared by the GraphQL `connectors` field and /status. */
export class OpsView {
  constructor(
    private readonly connectors: ReadonlyArray<{
      key: string;
      title: string;
      upstream: ConnectorUpstream;
    }>,
    private readonly stats: ConnectorStats,
  ) {}

  list(): ConnectorStatusView[] {
    return this.connectors.map(({ key, title, upstream }) => {
      const s = this.stats.snapshot(key);
      const lookups = s.cacheHits + s.cacheMisses;
      return {
        name: key,
        title,
        breakerState: upstream.breaker.state,
        since: new Date(upstream.breaker.since).toISOString(),
        recentCalls: s.calls,
        successRate: s.successRate,
        p50Ms: s.p50Ms,
        p95Ms: s.p95Ms,
        lastError: s.lastError,
        cacheHitRatio: lookups === 0 ? null : s.cacheHits / lookups,
        inFlight: upstream.bulkhead.inUse,
      };
    });
  }
}
