import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report, Row } from './report';

/** The headline ratios of one committed results file: one line of the history table. */
export interface HistoryEntry {
  date: string;
  file: string;
  commit?: string;
  quick: boolean;
  connections: number;
  /** Scenario 2 req/s / ceiling req/s (c = connections). */
  warmVsCeiling?: number;
  /** Scenario 1 req/s / ceiling req/s. */
  coldVsCeiling?: number;
  /** Scenario 1 req/s / peer req/s. */
  coldVsPeerRps?: number;
  /** Scenario 1 p99 / peer p99. */
  coldVsPeerP99?: number;
  /** Scenario 1 p50 at c=1 minus the floor's p50 at c=1 (ms). */
  coldP50OverFloorMs?: number;
  /** Scenario 6 (20 ms agency latency) p50 at c=1 / the dependency minimum. */
  latencyVsMinimum?: number;
  /** Scenario 8: warm req/s of the many-MPP gateway / the 1-MPP one. */
  tenantsWarmRps?: number;
  /** Highest gateway RSS peak of the run (MB). */
  rssPeakMb?: number;
  /** The three identical scenario 3 cold runs' RSS peaks (MB). */
  memoryRuns?: number[];
}

/** Reduces one report to its headline ratios (a ratio is absent when a row is missing). */
export function headline(report: Report, file: string): HistoryEntry {
  const c = report.settings.connections;
  const row = (id: string): Row | undefined => report.rows.find((r) => r.id === id);
  const div = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? undefined : a / b;
  const ceiling = row(`ceiling-c${c}`)?.result;
  const warm = row(`s2-warm-c${c}`)?.result;
  const cold = row(`s1-cold-c${c}`)?.result;
  const peer = row(`peer-c${c}`)?.result;
  const coldLow = row('s1-cold-c1')?.result;
  const floorLow = row('floor-c1')?.result;
  const latency = row('s6-latency-c1');
  const [oneMpp, manyMpp] = report.tenancy ?? [];
  const peaks = report.rows
    .filter((r) => r.target.startsWith('gateway') && r.rssPeakMb !== undefined)
    .map((r) => r.rssPeakMb!);
  return {
    date: report.date,
    file,
    commit: report.commit,
    quick: report.settings.quick,
    connections: c,
    warmVsCeiling: div(warm?.rps, ceiling?.rps),
    coldVsCeiling: div(cold?.rps, ceiling?.rps),
    coldVsPeerRps: div(cold?.rps, peer?.rps),
    coldVsPeerP99: div(cold?.p99, peer?.p99),
    coldP50OverFloorMs: coldLow && floorLow ? coldLow.p50 - floorLow.p50 : undefined,
    latencyVsMinimum: div(latency?.result.p50, latency?.dependencyMinimumMs),
    tenantsWarmRps: div(
      manyMpp && row(manyMpp.rowId)?.result.rps,
      oneMpp && row(oneMpp.rowId)?.result.rps,
    ),
    rssPeakMb: peaks.length ? Math.max(...peaks) : undefined,
    memoryRuns: report.memoryRuns,
  };
}

/** Every `<stamp>.json` under `dir` (not `latest.json`), oldest first. */
export function loadHistory(dir: string): HistoryEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'latest.json')
    .map((f) => headline(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Report, f))
    .sort((a, b) => a.date.localeCompare(b.date));
}

const pct = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(0)}%`);
const times = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(2)}x`);

/** The history as one Markdown table; targets in the header, so a regression reads at a glance. */
export function markdownHistory(entries: HistoryEntry[]): string {
  const head =
    '| run (UTC) | commit | warm / ceiling (≥ 85%) | cold / ceiling (≥ 60%) | cold / peer req/s (≥ 2x) | ' +
    'cold / peer p99 (≤ 0.5x) | cold p50 c=1 − floor (≤ 1 ms) | 20 ms latency p50 / minimum (≤ 1.15x) | ' +
    '272 / 1 MPP warm req/s (≥ 0.9x) | RSS peak MB (< 250) | 3 identical runs MB |\n' +
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |';
  const lines = entries.map(
    (e) =>
      `| ${e.date.slice(0, 16).replace('T', ' ')}${e.quick ? ' (quick)' : ''} | ${e.commit?.replace(/ \(\+ uncommitted.*\)$/, '+') ?? '-'} | ` +
      `${pct(e.warmVsCeiling)} | ${pct(e.coldVsCeiling)} | ${times(e.coldVsPeerRps)} | ` +
      `${times(e.coldVsPeerP99)} | ` +
      `${e.coldP50OverFloorMs === undefined ? '-' : `+${e.coldP50OverFloorMs.toFixed(2)} ms`} | ` +
      `${times(e.latencyVsMinimum)} | ${times(e.tenantsWarmRps)} | ` +
      `${e.rssPeakMb === undefined ? '-' : e.rssPeakMb.toFixed(0)} | ` +
      `${e.memoryRuns?.map((n) => n.toFixed(0)).join(', ') ?? '-'} |`,
  );
  return [head, ...lines].join('\n');
}

const START = '<!-- bench-history:start -->';
const END = '<!-- bench-history:end -->';

/**
 * Replaces the text between the history markers of a Markdown file (docs/benchmark.md) with
 * the table. Returns false when the file has no markers (nothing written).
 */
export function writeHistoryInto(file: string, table: string): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) return false;
  writeFileSync(file, `${text.slice(0, from + START.length)}\n\n${table}\n\n${text.slice(to)}`);
  return true;
}
