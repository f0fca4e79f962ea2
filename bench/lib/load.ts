import autocannon from 'autocannon';

/** What to send, how hard and for how long. */
export interface LoadSpec {
  /** Base URL of the target, e.g. http://127.0.0.1:4000. */
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Path of request number `i` (0-based, in sending order). */
  path: (i: number) => string;
  /** Body of request number `i`; none when absent. */
  body?: (i: number) => string;
  /** Concurrent connections (each has one request in flight at a time). */
  connections: number;
  durationS: number;
  /**
   * Classifies a 2xx answer: undefined when it is a good answer, otherwise an error label
   * (e.g. a GraphQL `extensions.code`). Called on every answer, so keep it cheap: look for a
   * marker with `includes` and parse only when it is there.
   */
  classify: (body: string) => string | undefined;
  /**
   * Deep check of a sample of good answers (every `sampleEvery`-th): throws when the body is not
   * the record expected, so a benchmark of empty or wrong answers cannot pass unnoticed.
   */
  verify: (body: string) => void;
  sampleEvery?: number;
  /** Socket timeout (s) of one request. Default 15, longer than the gateway's request deadline. */
  timeoutS?: number;
}

export interface LoadResult {
  /** Requests answered (any status). */
  requests: number;
  /** Requests sent, answered or not (in flight when the run stopped). */
  sent: number;
  durationS: number;
  rps: number;
  /** Latency percentiles in ms, from autocannon's per-response timings (sub-ms resolution). */
  p50: number;
  p99: number;
  max: number;
  /** Answers with a non-2xx status. */
  non2xx: number;
  /** Connection errors and timeouts (no answer at all). */
  connectionErrors: number;
  /** 2xx answers that `classify` flagged, by label. */
  errorsByLabel: Record<string, number>;
  /** All failed requests: non-2xx + connection errors + flagged 2xx answers. */
  errors: number;
  /** Sampled bodies that passed `verify`. */
  verified: number;
}

/** Drives `spec` with autocannon and measures every answer. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorsByLabel: Record<string, number> = {};
  const sampleEvery = spec.sampleEvery ?? 50;
  let verified = 0;
  let answered = 0;
  let verifyFailure: Error | undefined;
  let sent = 0;

  const request: autocannon.Request = {
    method: spec.method,
    headers: spec.headers,
    setupRequest: (req) => {
      const i = sent++;
      const next: autocannon.Request = { ...req, path: spec.path(i) };
      if (spec.body) next.body = spec.body(i);
      return next;
    },
    onResponse: (status, body) => {
      if (status < 200 || status >= 300) return;
      const label = spec.classify(body);
      if (label) {
        errorsByLabel[label] = (errorsByLabel[label] ?? 0) + 1;
        return;
      }
      if (answered++ % sampleEvery !== 0) return;
      try {
        spec.verify(body);
        verified++;
      } catch (err) {
        verifyFailure ??= err instanceof Error ? err : new Error(String(err));
      }
    },
  };

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationS,
        timeout: spec.timeoutS ?? 15,
        requests: [request],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
  });
  if (verifyFailure) throw new Error(`wrong answer from ${spec.url}: ${verifyFailure.message}`);

  latencies.sort((a, b) => a - b);
  const flagged = Object.values(errorsByLabel).reduce((a, b) => a + b, 0);
  const durationS = result.duration;
  return {
    requests: latencies.length,
    sent,
    durationS,
    rps: latencies.length / durationS,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? 0,
    non2xx: result.non2xx,
    connectionErrors: result.errors,
    errorsByLabel,
    errors: result.non2xx + result.errors + flagged,
    verified,
  };
}

/** Nearest-rank percentile of an ascending array; 0 when empty. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * Classifier for GraphQL answers: the first error's `extensions.code` (or "GRAPHQL_ERROR"),
 * parsed only when the body has an `errors` member.
 */
export function graphqlErrorLabel(body: string): string | undefined {
  if (!body.includes('"errors"')) return undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: string } }> };
    if (!parsed.errors?.length) return undefined;
    return parsed.errors[0]?.extensions?.code ?? 'GRAPHQL_ERROR';
  } catch {
    return 'UNPARSABLE_BODY';
  }
}
