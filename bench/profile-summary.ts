/**
 * Summarizes a V8 .cpuprofile (`node --cpu-prof`) by self time: the functions, and the
 * packages or source folders, where the process spent its own CPU time.
 *
 *   npx tsx bench/profile-summary.ts bench/results/profiles/s2-warm.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  ms: number;
  /** Share of the busy time (idle excluded). */
  share: number;
}

export interface ProfileSummary {
  file: string;
  /** Wall time the profile covers (ms). */
  totalMs: number;
  /** Time not idle (ms). */
  busyMs: number;
  functions: SelfTime[];
  /** Self time grouped by npm package, source folder or Node internals. */
  groups: SelfTime[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** The bucket a script belongs to: an npm package, a folder of ours, or node internals. */
export function groupOf(url: string, functionName: string): string {
  if (SPECIAL.has(functionName)) return functionName;
  if (!url) return '(native / builtins)';
  if (url.startsWith('node:')) return 'node: ' + url.slice(5).split('/')[0];
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const dist = /\/dist\/(src|mocks)\/(.*)$/.exec(url);
  if (dist) return `${dist[1]}/${path.dirname(dist[2]!)}`;
  return url;
}

function shortLocation(frame: CallFrame): string {
  const url = frame.url;
  const modules = url.lastIndexOf('node_modules/');
  const file =
    modules >= 0
      ? url.slice(modules + 'node_modules/'.length)
      : url.replace(/^file:\/\//, '').replace(/^.*\/dist\//, 'dist/');
  return file ? `${file}:${frame.lineNumber + 1}` : '';
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the gap before sample i; it is charged to the sample's node.
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });

  const functions = new Map<string, { name: string; where: string; us: number }>();
  const groups = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const frame = node.callFrame;
    const name = frame.functionName || '(anonymous)';
    if (name === '(idle)') {
      idleUs += us;
      continue;
    }
    const where = shortLocation(frame);
    const key = `${name}@${where}`;
    const entry = functions.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const group = groupOf(frame.url, name);
    groups.set(group, (groups.get(group) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const toRows = (entries: Array<{ name: string; where: string; us: number }>) =>
    entries
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({
        name: e.name,
        where: e.where,
        ms: e.us / 1000,
        share: busyUs ? e.us / busyUs : 0,
      }));
  return {
    file,
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    functions: toRows([...functions.values()]),
    groups: toRows([...groups].map(([name, us]) => ({ name, where: '', us }))),
  };
}

export function renderSummary(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `Profile ${path.basename(s.file)}: ${(s.totalMs / 1000).toFixed(1)} s covered, ${(s.busyMs / 1000).toFixed(1)} s busy (not idle).`,
    '',
    'Self time by package / folder:',
    '',
    '| group | self ms | share of busy |',
    '| --- | ---: | ---: |',
    ...s.groups.map((g) => `| ${g.name} | ${g.ms.toFixed(0)} | ${pct(g.share)} |`),
    '',
    'Top functions by self time:',
    '',
    '| function | location | self ms | share of busy |',
    '| --- | --- | ---: | ---: |',
    ...s.functions.map((f) => `| ${f.name} | ${f.where} | ${f.ms.toFixed(0)} | ${pct(f.share)} |`),
  ].join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  const count = top === undefined ? 25 : Number(top);
  if (!file || !Number.isInteger(count) || count <= 0) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(renderSummary(summarizeProfile(file, count)));
}
