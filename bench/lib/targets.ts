import type { Row, TenancyRun, Verdict } from './report';
import type { Agency } from './stack';
import { familyCallBound, type FamilyCase } from './workload';

/** Everything the targets are judged on: the rows of one run and what the harness recorded. */
export interface EvaluationInput {
  /** The connections of the high-concurrency rows (their ids end in `c<connections>`). */
  connections: number;
  rows: Row[];
  peerError?: string;
  /** Gateway RSS peaks of the three identical scenario 3 cold runs (MB). */
  memoryRuns?: number[];
  /** Raw upstream calls of the first scenario 3 cold run, by "agency/endpoint". */
  familyCalls?: Record<string, number>;
  /** The families that run sent, in order (for the call bounds). */
  familyUsed?: FamilyCase[];
  /** Scenario 8's gateways: the 1-MPP one first, then the many-MPP one. */
  tenancy?: TenancyRun[];
  /**
   * A run limited to some scenarios (`--only`): a comparison whose rows were not selected is
   * left out instead of reported as not measured. Default false.
   */
  partial?: boolean;
}

/** The targets of issue 8 as PASS/MISS with the figures and ratios behind each. */
export function evaluate(input: EvaluationInput): Verdict[] {
  const c = input.connections;
  const row = (id: string) => input.rows.find((r) => r.id === id);
  const verdicts: Verdict[] = [];
  const ratio = (a: number, b: number) => (b === 0 ? Infinity : a / b);
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

  const ceiling = row(`ceiling-c${c}`);
  const s2 = row(`s2-warm-c${c}`);
  const s1 = row(`s1-cold-c${c}`);
  const s1low = row('s1-cold-c1');
  const floorLow = row('floor-c1');
  const peer = row(`peer-c${c}`);

  if (ceiling && s2) {
    const r = ratio(s2.result.rps, ceiling.result.rps);
    verdicts.push({
      target: 'scenario 2 (warm) req/s ≥ 85% of ceiling',
      measured: `${s2.result.rps.toFixed(0)} / ${ceiling.result.rps.toFixed(0)} = ${pct(r)}`,
      pass: r >= 0.85,
    });
  }
  if (ceiling && s1) {
    const r = ratio(s1.result.rps, ceiling.result.rps);
    verdicts.push({
      target: 'scenario 1 (cold) req/s ≥ 60% of ceiling',
      measured: `${s1.result.rps.toFixed(0)} / ${ceiling.result.rps.toFixed(0)} = ${pct(r)}`,
      pass: r >= 0.6,
    });
  }
  if (s1low && floorLow) {
    const over = s1low.result.p50 - floorLow.result.p50;
    verdicts.push({
      target: 'scenario 1 (cold) p50 at c=1 ≤ floor p50 + 1 ms',
      measured: `${s1low.result.p50.toFixed(2)} ms vs floor ${floorLow.result.p50.toFixed(2)} ms (+${over.toFixed(2)} ms)`,
      pass: over <= 1,
    });
  }
  if (peer && s1) {
    const r = ratio(s1.result.rps, peer.result.rps);
    const q = ratio(s1.result.p99, peer.result.p99);
    verdicts.push({
      target: 'vs peer, like for like (scenario 1 cold: both call PDAM per query): ≥ 2x req/s',
      measured: `${s1.result.rps.toFixed(0)} / ${peer.result.rps.toFixed(0)} = ${r.toFixed(2)}x`,
      pass: r >= 2,
    });
    verdicts.push({
      target: 'vs peer, like for like (scenario 1 cold): p99 ≤ half of peer p99',
      measured: `${s1.result.p99.toFixed(2)} / ${peer.result.p99.toFixed(2)} ms = ${q.toFixed(2)}`,
      pass: q <= 0.5,
    });
  }
  if (peer && s2) {
    const r = ratio(s2.result.rps, peer.result.rps);
    const q = ratio(s2.result.p99, peer.result.p99);
    verdicts.push({
      target: 'vs peer, with our cache (scenario 2 warm): ≥ 2x req/s and p99 ≤ half',
      measured: `${r.toFixed(2)}x req/s, p99 ratio ${q.toFixed(2)}`,
      pass: r >= 2 && q <= 0.5,
    });
  }
  if (!peer && !input.partial) {
    verdicts.push({
      target: 'vs peer: ≥ 2x req/s and ≤ half its p99',
      measured: `not measured: ${input.peerError ?? 'unknown'}`,
      pass: false,
    });
  }

  if (input.familyCalls && input.familyUsed) {
    const sent = input.familyUsed;
    const over: string[] = [];
    const agencyOf = (key: string) => key.split('/')[0] as Agency;
    for (const [key, n] of Object.entries(input.familyCalls)) {
      const endpoint = key.slice(agencyOf(key).length + 1);
      const bounds = sent.map((f) => familyCallBound(agencyOf(key), endpoint, f));
      if (bounds.some((b) => b === undefined)) continue;
      const bound = bounds.reduce<number>((a, b) => a + (b ?? 0), 0);
      if (n > bound) over.push(`${key} ${n} > bound ${bound}`);
    }
    const per = row(`s3-cold-c${c}-run1`)?.callsPerQuery ?? {};
    const members = sent.reduce((a, f) => a + f.members, 0) / Math.max(1, sent.length);
    verdicts.push({
      target: 'scenario 3 cold: ≤ 1 call per batch endpoint, ≤ 1 per member / account otherwise',
      measured:
        (over.length ? `over: ${over.join('; ')}` : `within bounds over ${sent.length} queries`) +
        ` (avg ${members.toFixed(1)} members; per query: ${Object.entries(per)
          .filter(([, v]) => v > 0)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')})`,
      pass: over.length === 0,
    });
  }
  const s3warm = row(`s3-warm-c${c}`);
  if (s3warm?.callsPerQuery) {
    const total = Object.values(s3warm.callsPerQuery).reduce((a, b) => a + b, 0);
    verdicts.push({
      target: 'scenario 3 warm: zero upstream calls',
      measured:
        `${(total * s3warm.result.sent).toFixed(0)} calls over ${s3warm.result.sent} queries` +
        (total > 0
          ? ` (${Object.entries(s3warm.callsPerQuery)
              .filter(([, v]) => v > 0)
              .map(([k, v]) => `${k} ${v.toFixed(2)}`)
              .join(', ')})`
          : ''),
      pass: total === 0,
    });
  }
  const latencyLow = row('s6-latency-c1');
  if (latencyLow?.dependencyMinimumMs) {
    const min = latencyLow.dependencyMinimumMs;
    const r = ratio(latencyLow.result.p50, min);
    const high = row(`s6-latency-c${c}`);
    verdicts.push({
      target:
        'scenario 6 (20 ms per agency call, cold full view): p50 at c=1 ≤ 1.15x the dependency minimum',
      measured:
        `p50 ${latencyLow.result.p50.toFixed(1)} ms vs minimum ${min.toFixed(1)} ms = ${r.toFixed(2)}x` +
        (high
          ? `; c=${c}: p50 ${high.result.p50.toFixed(1)} ms = ${ratio(high.result.p50, min).toFixed(2)}x, ${high.result.rps.toFixed(0)} req/s`
          : ''),
      pass: r <= 1.15,
    });
  }
  const on = row('s4-hung-breaker-on');
  const off = row('s4-hung-breaker-off');
  if (on && off) {
    const r = ratio(on.result.p99, off.result.p99);
    verdicts.push({
      target: 'scenario 4: breaker-on p99 ≤ 5% of breaker-off p99',
      measured: `on p50 ${on.result.p50.toFixed(1)} / p99 ${on.result.p99.toFixed(1)} ms; off p50 ${off.result.p50.toFixed(0)} / p99 ${off.result.p99.toFixed(0)} ms; ratio ${pct(r)}`,
      pass: r <= 0.05,
    });
  }
  const [oneMpp, manyMpp] = input.tenancy ?? [];
  const one = oneMpp && row(oneMpp.rowId);
  const many = manyMpp && row(manyMpp.rowId);
  if (oneMpp && manyMpp && one && many) {
    const r = ratio(many.result.rps, one.result.rps);
    const q = ratio(many.result.p99, one.result.p99);
    const mb = (n: number | undefined) => (n === undefined ? '?' : n.toFixed(0));
    verdicts.push({
      target: `scenario 8 (warm water account): ${manyMpp.tenants} MPPs req/s ≥ 0.9x and p99 ≤ 1.2x of 1 MPP`,
      measured:
        `${many.result.rps.toFixed(0)} / ${one.result.rps.toFixed(0)} req/s = ${r.toFixed(2)}x; ` +
        `p99 ${many.result.p99.toFixed(2)} / ${one.result.p99.toFixed(2)} ms = ${q.toFixed(2)}x; ` +
        `RSS after run ${mb(manyMpp.rssAfterMb)} vs ${mb(oneMpp.rssAfterMb)} MB; ` +
        `start-up ${manyMpp.startupMs.toFixed(0)} vs ${oneMpp.startupMs.toFixed(0)} ms`,
      pass: r >= 0.9 && q <= 1.2,
    });
  }
  const gatewayPeaks = input.rows
    .filter((r) => r.target.startsWith('gateway') && r.rssPeakMb !== undefined)
    .map((r) => r.rssPeakMb!);
  if (gatewayPeaks.length) {
    const peak = Math.max(...gatewayPeaks);
    verdicts.push({
      target: 'memory: gateway RSS < 250 MB under load (all gateway runs)',
      measured: `peak ${peak.toFixed(0)} MB`,
      pass: peak < 250,
    });
  }
  if (input.memoryRuns?.length === 3) {
    const [a, b, c3] = input.memoryRuns as [number, number, number];
    // Tolerance: 5% of the first run (GC timing moves a sampled peak by a few MB).
    const growth = c3 - a;
    verdicts.push({
      target: 'memory: no growth across three consecutive identical runs (run 3 ≤ run 1 + 5%)',
      measured: `${a.toFixed(0)}, ${b.toFixed(0)}, ${c3.toFixed(0)} MB (run 3 − run 1 = ${growth.toFixed(0)} MB)`,
      pass: c3 <= a * 1.05 && b <= a * 1.05,
    });
  }
  return verdicts;
}
