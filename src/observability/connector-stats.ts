/**
 * Rolling statistics per connector for the `connectors` GraphQL view and the status page:
 * the last `windowSize` calls (success, latency) and the last error (code and time only;
 * no personal data ever reaches here).
 */
export interface ConnectorSnapshot {
  calls: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  lastError: { code: string; at: string } | null;
  cacheHits: number;
  cacheMisses: number;
}

class Ring {
  private readonly ok: boolean[] = [];
  private readonly ms: number[] = [];
  private next = 0;
  constructor(private readonly size: number) {}
  push(ok: boolean, ms: number) {
    this.ok[this.next] = ok;
    this.ms[this.next] = ms;
    this.next = (this.next + 1) % this.size;
  }
  snapshot() {
    const n = this.ok.length;
    if (n === 0) return { calls: 0, successRate: null, p50Ms: null, p95Ms: null };
    const sorted = [...this.ms].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(n - 1, Math.floor(q * n))]! * 10) / 10;
    return {
      calls: n,
      successRate: this.ok.filter(Boolean).length / n,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
    };
  }
}

export class ConnectorStats {
  private readonly rings = new Map<string, Ring>();
  private readonly lastErrors = new Map<string, { code: string; at: string }>();
  private readonly cache = new Map<string, { hits: number; misses: number }>();

  constructor(private readonly windowSize = 200) {}

  call(connector: string, ok: boolean, ms: number, errorCode?: string): void {
    let ring = this.rings.get(connector);
    if (!ring) this.rings.set(connector, (ring = new Ring(this.windowSize)));
    ring.push(ok, ms);
    if (!ok && errorCode)
      this.lastErrors.set(connector, { code: errorCode, at: new Date().toISOString() });
  }

  /** Errors that never reached the agency (open breaker, full bulkhead) still show as last error. */
  error(connector: string, code: string): void {
    this.lastErrors.set(connector, { code, at: new Date().toISOString() });
  }

  cacheLookup(connector: string, hit: boolean): void {
    let c = this.cache.get(connector);
    if (!c) this.cache.set(connector, (c = { hits: 0, misses: 0 }));
    if (hit) c.hits++;
    else c.misses++;
  }

  snapshot(connector: string): ConnectorSnapshot {
    const ring = this.rings.get(connector)?.snapshot() ?? {
      calls: 0,
      successRate: null,
      p50Ms: null,
      p95Ms: null,
    };
    const cache = this.cache.get(connector) ?? { hits: 0, misses: 0 };
    return {
      ...ring,
      lastError: this.lastErrors.get(connector) ?? null,
      cacheHits: cache.hits,
      cacheMisses: cache.misses,
    };
  }
}
