import type { FailureClass, FailureKind } from '../connectors/core/failure-class';

/** The last error of a connector: code, class and time only (never a message, URL or id). */
export interface LastError {
  code: string;
  /** What kind of failure (HTTP status, timeout, reset, bad payload...); "other" when unknown. */
  kind: FailureKind;
  /** The agency's HTTP status when `kind` is "http-status". */
  httpStatus: number | null;
  at: string;
}

/**
 * Rolling statistics per connector for the `connectors` GraphQL view and the status page:
 * calls (success, latency) and cache lookups of the last `windowMs`, at most `maxSamples`
 * of each, and the last error (code and time only; no personal data ever reaches here).
 * Time-bounded on purpose: an agency that failed an hour ago and has been quiet since must
 * not still show a 100 % error rate.
 */
export interface ConnectorSnapshot {
  /** Upstream calls in the window. */
  calls: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  lastError: LastError | null;
  /** The last health probe of an idle connector (code is null when it succeeded). */
  lastProbe: { ok: boolean; code: string | null; at: string } | null;
  /** Shared-cache lookups in the window. */
  cacheHits: number;
  cacheMisses: number;
}

/** Options of {@link ConnectorStats}. */
export interface ConnectorStatsOptions {
  /** How far back the rolling figures look (ms). Default 300000 (5 minutes). */
  windowMs?: number;
  /** Most samples kept per connector and kind (bounds memory under heavy traffic). Default 1000. */
  maxSamples?: number;
  /** Clock (ms since epoch). Default `Date.now`. */
  now?: () => number;
}

/** A fixed-capacity ring of timestamped samples; old entries fall out by age or by capacity. */
class TimedRing<T> {
  private readonly items: Array<{ at: number; value: T }> = [];
  private next = 0;
  constructor(private readonly capacity: number) {}

  push(at: number, value: T): void {
    if (this.items.length < this.capacity) this.items.push({ at, value });
    else this.items[this.next] = { at, value };
    this.next = (this.next + 1) % this.capacity;
  }

  since(cutoff: number): T[] {
    return this.items.filter((i) => i.at >= cutoff).map((i) => i.value);
  }
}

interface Sample {
  ok: boolean;
  ms: number;
}

export class ConnectorStats {
  private readonly calls = new Map<string, TimedRing<Sample>>();
  private readonly lookups = new Map<string, TimedRing<boolean>>();
  private readonly lastErrors = new Map<string, LastError>();
  private readonly lastProbes = new Map<string, { ok: boolean; code: string | null; at: string }>();
  /** How far back the rolling figures look (ms). */
  readonly windowMs: number;
  private readonly maxSamples: number;
  private readonly now: () => number;

  constructor(options: ConnectorStatsOptions = {}) {
    this.windowMs = options.windowMs ?? 300_000;
    this.maxSamples = options.maxSamples ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  call(
    connector: string,
    ok: boolean,
    ms: number,
    errorCode?: string,
    failure?: FailureClass,
  ): void {
    ringOf(this.calls, connector, this.maxSamples).push(this.now(), { ok, ms });
    if (!ok && errorCode) this.error(connector, errorCode, failure);
  }

  /** Errors that never reached the agency (open breaker, full bulkhead) still show as last error. */
  error(connector: string, code: string, failure?: FailureClass): void {
    this.lastErrors.set(connector, {
      code,
      kind: failure?.kind ?? 'other',
      httpStatus: failure?.httpStatus ?? null,
      at: new Date(this.now()).toISOString(),
    });
  }

  /** A health probe's outcome: kept apart from calls, so probes never dilute the error rate. */
  probe(connector: string, ok: boolean, code?: string): void {
    this.lastProbes.set(connector, {
      ok,
      code: ok ? null : (code ?? 'UNKNOWN'),
      at: new Date(this.now()).toISOString(),
    });
  }

  /** Whether the connector made an upstream call within the last `ms`. */
  calledWithin(connector: string, ms: number): boolean {
    return (this.calls.get(connector)?.since(this.now() - ms).length ?? 0) > 0;
  }

  cacheLookup(connector: string, hit: boolean): void {
    ringOf(this.lookups, connector, this.maxSamples).push(this.now(), hit);
  }

  snapshot(connector: string): ConnectorSnapshot {
    const cutoff = this.now() - this.windowMs;
    const samples = this.calls.get(connector)?.since(cutoff) ?? [];
    const lookups = this.lookups.get(connector)?.since(cutoff) ?? [];
    const hits = lookups.filter(Boolean).length;
    return {
      ...summarise(samples),
      lastError: this.lastErrors.get(connector) ?? null,
      lastProbe: this.lastProbes.get(connector) ?? null,
      cacheHits: hits,
      cacheMisses: lookups.length - hits,
    };
  }
}

function ringOf<T>(map: Map<string, TimedRing<T>>, key: string, capacity: number): TimedRing<T> {
  let ring = map.get(key);
  if (!ring) map.set(key, (ring = new TimedRing<T>(capacity)));
  return ring;
}

function summarise(
  samples: Sample[],
): Pick<ConnectorSnapshot, 'calls' | 'successRate' | 'p50Ms' | 'p95Ms'> {
  const n = samples.length;
  if (n === 0) return { calls: 0, successRate: null, p50Ms: null, p95Ms: null };
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  // Nearest-rank percentile: the smallest sample with at least q of the samples at or below it.
  const at = (q: number) => Math.round(sorted[Math.max(0, Math.ceil(q * n) - 1)]! * 10) / 10;
  return {
    calls: n,
    successRate: samples.filter((s) => s.ok).length / n,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
  };
}
