import http from 'node:http';
import type { AddressInfo } from 'node:net';

export { freePort, sleep, waitFor } from '../support/wait';

/** One sample of the exposition: metric name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition (what prom-client writes: no timestamps, escaped quotes). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the sample `name` whose labels include `labels` (summed over the others); 0 if none. */
export function valueOf(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/**
 * Distinct label sets per metric family (histogram buckets folded: `le` ignored, and the
 * `_bucket`/`_sum`/`_count` series counted under the family name).
 */
export function labelSets(samples: Sample[], prefix = 'mpp_'): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of samples) {
    if (!s.name.startsWith(prefix)) continue;
    const family = s.name.replace(/_(bucket|sum|count)$/, '');
    const key = JSON.stringify(
      Object.entries(s.labels)
        .filter(([k]) => k !== 'le')
        .sort(),
    );
    let set = out.get(family);
    if (!set) out.set(family, (set = new Set()));
    set.add(key);
  }
  return out;
}

export async function scrape(url: string): Promise<{ text: string; samples: Sample[] }> {
  const res = await fetch(`${url}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  return { text, samples: parseMetrics(text) };
}

/**
 * A transparent HTTP proxy in front of a mock agency that records each request's headers:
 * proves what the gateway sends to agencies without touching the mocks.
 */
export async function recordingProxy(target: string): Promise<{
  url: string;
  requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}> {
  const requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }> = [];
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Structurally valid NIKs of Kota Langsa (11.73.xx + birth date + serial) mostly unknown to the mocks. */
export function syntheticNiks(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const district = String(1 + (i % 5)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    const serial = String(9000 + Math.floor(i / 336)).padStart(4, '0');
    out.push(`1173${district}${day}${month}85${serial}`);
  }
  return out;
}

/** Every 10+ digit run in `text` (what the log mask hides), for "no identifier leaked" checks. */
export function digitRuns(text: string): string[] {
  return text.match(/\d{10,}/g) ?? [];
}
