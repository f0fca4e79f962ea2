import { percentile } from './util';

export interface Sample {
  /** ms since the run started. */
  at: number;
  ms: number;
  status: number | 'error';
  ok: boolean;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  /** The GraphQL request body of the i-th request. */
  body(i: number): unknown;
  /** Whether an answer counts as served. */
  served(status: number, body: unknown): boolean;
  concurrency: number;
  durationMs: number;
  /** Hard bound on the request count. */
  maxRequests: number;
  /** Pace per worker (ms between requests); 0 = closed loop. */
  pauseMs?: number;
}

export interface LoadResult {
  requests: number;
  served: number;
  failed: number;
  byStatus: Record<string, number>;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  samples: Sample[];
}

/** A bounded closed-loop fetch load on loopback: `concurrency` workers until time or count runs out. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const samples: Sample[] = [];
  let next = 0;
  const worker = async () => {
    while (performance.now() - started < options.durationMs && next < options.maxRequests) {
      const i = next++;
      const t0 = performance.now();
      let status: number | 'error' = 'error';
      let ok = false;
      try {
        const res = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify(options.body(i)),
          signal: AbortSignal.timeout(20_000),
        });
        status = res.status;
        const text = await res.text();
        let parsed: unknown = undefined;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON: not served */
        }
        ok = options.served(res.status, parsed);
      } catch {
        status = 'error';
      }
      samples.push({ at: t0 - started, ms: performance.now() - t0, status, ok });
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return summarize(samples, performance.now() - started);
}

export function summarize(samples: Sample[], elapsedMs: number): LoadResult {
  const byStatus: Record<string, number> = {};
  for (const s of samples) byStatus[String(s.status)] = (byStatus[String(s.status)] ?? 0) + 1;
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const served = samples.filter((s) => s.ok).length;
  return {
    requests: samples.length,
    served,
    failed: samples.length - served,
    byStatus,
    rps: Math.round((samples.length / elapsedMs) * 1000),
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
    samples,
  };
}

/** The samples whose start falls in [fromMs, toMs). */
export function window(result: LoadResult, fromMs: number, toMs: number): LoadResult {
  const picked = result.samples.filter((s) => s.at >= fromMs && s.at < toMs);
  return summarize(picked, toMs - fromMs);
}
