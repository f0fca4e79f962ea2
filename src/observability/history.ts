/**
 * The last hour of traffic, per connector and gateway-wide, in one-minute buckets held in a
 * fixed ring (bounded memory: `minutes` buckets per series, at most `samplesPerMinute`
 * latencies per bucket, kept by reservoir sampling). Feeds the status page's sparklines.
 * Counts and durations only: nothing here can hold personal data.
 */

/** Options of {@link OpsHistory}. */
export interface OpsHistoryOptions {
  /** Buckets kept (one per minute). Default 60. */
  minutes?: number;
  /** Latency samples kept per bucket for its percentiles. Default 200. */
  samplesPerMinute?: number;
  /** Clock (ms since epoch). Default `Date.now`. */
  now?: () => number;
  /** Random source of the reservoir sampling. Default `Math.random`. */
  random?: () => number;
}

/** One minute of one series; rates and percentiles are null when nothing happened. */
export interface MinutePoint {
  /** ISO start of the minute. */
  t: string;
  calls: number;
  errors: number;
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  cacheHitRatio: number | null;
  /** Answers served from a stale cache entry because the agency failed. */
  stale: number;
}

class Bucket {
  calls = 0;
  errors = 0;
  latencies: number[] = [];
  cacheHits = 0;
  cacheLookups = 0;
  stale = 0;
  constructor(readonly minute: number) {}
}

const MINUTE = 60_000;

/** A ring of minute buckets: a slot is reused once its minute has fallen out of the window. */
class MinuteRing {
  private readonly slots: Array<Bucket | undefined>;
  constructor(private readonly size: number) {
    this.slots = new Array<Bucket | undefined>(size);
  }

  current(minute: number): Bucket {
    const i = minute % this.size;
    let b = this.slots[i];
    if (!b || b.minute !== minute) this.slots[i] = b = new Bucket(minute);
    return b;
  }

  /** The last `size` minutes up to `minute`, oldest first (gaps as undefined). */
  window(minute: number): Array<{ minute: number; bucket: Bucket | undefined }> {
    const out: Array<{ minute: number; bucket: Bucket | undefined }> = [];
    for (let m = minute - this.size + 1; m <= minute; m++) {
      const b = this.slots[((m % this.size) + this.size) % this.size];
      out.push({ minute: m, bucket: b && b.minute === m ? b : undefined });
    }
    return out;
  }
}

/** The gateway-wide series key (connector keys never contain parentheses). */
export const GATEWAY_SERIES = '(gateway)';

export class OpsHistory {
  private readonly series = new Map<string, MinuteRing>();
  private readonly minutes: number;
  private readonly samplesPerMinute: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(options: OpsHistoryOptions = {}) {
    this.minutes = options.minutes ?? 60;
    this.samplesPerMinute = options.samplesPerMinute ?? 200;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** One upstream attempt of `connector` (or, with GATEWAY_SERIES, one GraphQL request). */
  call(key: string, ok: boolean, ms: number): void {
    const b = this.bucket(key);
    b.calls++;
    if (!ok) b.errors++;
    // Reservoir sampling: every call of the minute has the same chance to be kept.
    if (b.latencies.length < this.samplesPerMinute) b.latencies.push(ms);
    else {
      const j = Math.floor(this.random() * b.calls);
      if (j < this.samplesPerMinute) b.latencies[j] = ms;
    }
  }

  cacheLookup(connector: string, hit: boolean): void {
    const b = this.bucket(connector);
    b.cacheLookups++;
    if (hit) b.cacheHits++;
  }

  stale(connector: string): void {
    this.bucket(connector).stale++;
  }

  /** The last `minutes` minutes of `key`, oldest first. */
  points(key: string): MinutePoint[] {
    const ring = this.series.get(key) ?? new MinuteRing(this.minutes);
    return ring.window(this.minuteNow()).map(({ minute, bucket: b }) => {
      const sorted = b ? [...b.latencies].sort((x, y) => x - y) : [];
      return {
        t: new Date(minute * MINUTE).toISOString(),
        calls: b?.calls ?? 0,
        errors: b?.errors ?? 0,
        errorRate: b && b.calls > 0 ? b.errors / b.calls : null,
        p50Ms: percentile(sorted, 0.5),
        p95Ms: percentile(sorted, 0.95),
        cacheHitRatio: b && b.cacheLookups > 0 ? b.cacheHits / b.cacheLookups : null,
        stale: b?.stale ?? 0,
      };
    });
  }

  /** Stale serves of `connector` in the last `ms` (whole minutes, the current one included). */
  staleWithin(connector: string, ms: number): number {
    const ring = this.series.get(connector);
    if (!ring) return 0;
    const first = this.minuteNow() - Math.max(0, Math.ceil(ms / MINUTE) - 1);
    return ring
      .window(this.minuteNow())
      .filter((w) => w.minute >= first)
      .reduce((n, w) => n + (w.bucket?.stale ?? 0), 0);
  }

  private minuteNow(): number {
    return Math.floor(this.now() / MINUTE);
  }

  private bucket(key: string): Bucket {
    let ring = this.series.get(key);
    if (!ring) this.series.set(key, (ring = new MinuteRing(this.minutes)));
    return ring.current(this.minuteNow());
  }
}

/** Nearest-rank percentile, one decimal; null for no samples. */
function percentile(sorted: number[], q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return Math.round(sorted[Math.max(0, Math.ceil(q * n) - 1)]! * 10) / 10;
}
