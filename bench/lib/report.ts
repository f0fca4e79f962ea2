import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadHistory, markdownHistory } from './history';
import type { LoadResult } from './load';

/** One measured load run. */
export interface Row {
  /** Short stable id, e.g. "s1-cold-c16". */
  id: string;
  scenario: string;
  /** What answered: floor, ceiling, peer, gateway (memory), gateway (redis)... */
  target: string;
  connections: number;
  result: LoadResult;
  /** Peak RSS (MB) of the measured server process during the run, when sampled. */
  rssPeakMb?: number;
  /** Upstream calls per answered query, by "agency/endpoint" (gateway rows). */
  callsPerQuery?: Record<string, number>;
  /**
   * Scenario 6: the least this query can take with the agencies' added latency (dependent
   * round trips x latency + the floor's p50), in ms.
   */
  dependencyMinimumMs?: number;
  note?: string;
}

/** Scenario 8 (issue 18): one gateway process of the 1-MPP vs many-MPP comparison. */
export interface TenancyRun {
  /** Id of its measured row (req/s, p50, p99). */
  rowId: string;
  /** MPPs (tenants) it serves: 1 without a deployment file. */
  tenants: number;
  /** Regional agency instances (one pipeline and connector runtime each). */
  instances: number;
  /** Process start until `/readyz` answered 200 (ms; polled every 100 ms). */
  startupMs: number;
  /** Gateway RSS once ready, before any load (MB). */
  rssReadyMb?: number;
  /** Gateway RSS right after the measured run (MB). */
  rssAfterMb?: number;
}

export interface Verdict {
  target: string;
  /** The measured figure(s) and the ratio, in words. */
  measured: string;
  pass: boolean;
}

export interface Machine {
  cpuModel: string;
  cpus: number;
  memoryGb: number;
  node: string;
  platform: string;
  /**
   * 1-minute load average when the run started and ended: the servers and the load generator
   * share these CPUs, so anything else running skews the figures (compare with the CPU count).
   */
  loadAverage: { start: number; end?: number };
}

export interface Report {
  date: string;
  machine: Machine;
  settings: { durationS: number; warmupS: number; connections: number; quick: boolean };
  commit?: string;
  notes: string[];
  rows: Row[];
  verdicts: Verdict[];
  memoryRuns?: number[];
  peerError?: string;
  /** Scenario 8: the 1-MPP gateway first, then the many-MPP one. */
  tenancy?: TenancyRun[];
  /** Set by `--only`: the scenarios this run was limited to. */
  only?: string[];
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: { start: Number(os.loadavg()[0]!.toFixed(2)) },
  };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function errorText(r: LoadResult): string {
  const parts: string[] = [];
  if (r.non2xx) parts.push(`${r.non2xx} non-2xx`);
  if (r.connectionErrors) parts.push(`${r.connectionErrors} conn`);
  for (const [label, n] of Object.entries(r.errorsByLabel)) parts.push(`${n} ${label}`);
  return parts.length ? parts.join(', ') : '0';
}

function callsText(calls: Record<string, number> | undefined): string {
  if (!calls) return '';
  const entries = Object.entries(calls).filter(([, n]) => n > 0);
  if (entries.length === 0) return '0';
  return entries.map(([k, n]) => `${k} ${fmt(n, 2)}`).join('; ');
}

/** The results table as Markdown (also what the console shows). */
export function markdownTable(rows: Row[]): string {
  const head =
    '| id | scenario | target | c | req/s | p50 ms | p99 ms | errors | RSS peak MB | upstream calls / query |\n' +
    '| --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |';
  const lines = rows.map(
    (r) =>
      `| ${r.id} | ${r.scenario} | ${r.target} | ${r.connections} | ${fmt(r.result.rps, 0)} | ` +
      `${fmt(r.result.p50, 2)} | ${fmt(r.result.p99, 2)} | ${errorText(r.result)} | ` +
      `${r.rssPeakMb === undefined ? '' : fmt(r.rssPeakMb, 0)} | ${callsText(r.callsPerQuery)} |`,
  );
  return [head, ...lines].join('\n');
}

/** Scenario 8's gateways side by side, with the many-MPP / 1-MPP ratios. */
export function markdownTenancy(runs: TenancyRun[], rows: Row[]): string {
  const measured = runs.map((t) => ({ t, r: rows.find((row) => row.id === t.rowId)?.result }));
  const lines = measured.map(
    ({ t, r }) =>
      `| ${t.rowId} | ${t.tenants} | ${t.instances} | ${fmt(t.startupMs, 0)} | ` +
      `${t.rssReadyMb === undefined ? '-' : fmt(t.rssReadyMb, 0)} | ` +
      `${t.rssAfterMb === undefined ? '-' : fmt(t.rssAfterMb, 0)} | ` +
      `${r ? fmt(r.rps, 0) : '-'} | ${r ? fmt(r.p50, 2) : '-'} | ${r ? fmt(r.p99, 2) : '-'} |`,
  );
  const [one, many] = measured;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}x`;
  if (one && many)
    lines.push(
      `| ratio ${many.t.tenants} / ${one.t.tenants} | | | ${ratio(many.t.startupMs, one.t.startupMs)} | ` +
        `${ratio(many.t.rssReadyMb, one.t.rssReadyMb)} | ${ratio(many.t.rssAfterMb, one.t.rssAfterMb)} | ` +
        `${ratio(many.r?.rps, one.r?.rps)} | ${ratio(many.r?.p50, one.r?.p50)} | ${ratio(many.r?.p99, one.r?.p99)} |`,
    );
  return [
    '| run | MPPs | regional instances | start-up ms | RSS ready MB | RSS after run MB | req/s | p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lines,
  ].join('\n');
}

export function markdownVerdicts(verdicts: Verdict[]): string {
  return [
    '| target | measured | verdict |',
    '| --- | --- | --- |',
    ...verdicts.map((v) => `| ${v.target} | ${v.measured} | **${v.pass ? 'PASS' : 'MISS'}** |`),
  ].join('\n');
}

export function markdownReport(report: Report, history = ''): string {
  const m = report.machine;
  return [
    `# Benchmark run ${report.date}`,
    '',
    `Machine: ${m.cpuModel}, ${m.cpus} CPUs, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; ` +
      `1-min load average ${m.loadAverage.start} at start, ${m.loadAverage.end ?? '?'} at end.`,
    `Settings: ${report.settings.durationS} s per run after ${report.settings.warmupS} s warm-up, ` +
      `${report.settings.connections} connections (and 1 for the low-concurrency rows)` +
      `${report.settings.quick ? ', --quick' : ''}` +
      `${report.only ? `, only ${report.only.join(', ')}` : ''}.` +
      (report.commit ? ` Commit ${report.commit}.` : ''),
    '',
    ...report.notes.map((n) => `- ${n}`),
    '',
    markdownTable(report.rows),
    '',
    ...(report.tenancy?.length
      ? ['## Scenario 8: one MPP vs many', '', markdownTenancy(report.tenancy, report.rows), '']
      : []),
    '## Targets',
    '',
    markdownVerdicts(report.verdicts),
    '',
    report.memoryRuns
      ? `Gateway RSS peaks of three consecutive identical runs (MB): ${report.memoryRuns.map((n) => fmt(n, 0)).join(', ')}.`
      : '',
    report.peerError ? `Peer not measured: ${report.peerError}` : '',
    '',
    ...(history
      ? ['## History (every committed results file; ratios within each run)', '', history, '']
      : []),
  ].join('\n');
}

/** Writes `<stamp>.json`, `<stamp>.md`, `latest.json` and `latest.md` under `dir`. */
export function writeReport(dir: string, report: Report): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const json = JSON.stringify(report, null, 2) + '\n';
  // The run's own JSON first, so the history table ends with this run.
  writeFileSync(path.join(dir, `${stamp}.json`), json);
  const md = markdownReport(report, markdownHistory(loadHistory(dir)));
  const files = [
    [path.join(dir, `${stamp}.json`), json],
    [path.join(dir, `${stamp}.md`), md],
    [path.join(dir, 'latest.json'), json],
    [path.join(dir, 'latest.md'), md],
  ] as const;
  for (const [file, text] of files) writeFileSync(file, text);
  return files.map(([file]) => file);
}
