/**
 * `npx tsx bench/heap-summary.ts <a.heapsnapshot> [b.heapsnapshot] [top]`: what a V8 heap
 * snapshot holds, by constructor / type (self size and count), and for the largest groups what
 * retains them (the owner of the first strong edge into each object, by name). With two
 * snapshots, the growth from a to b per group: what a leak would show as.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface Group {
  key: string;
  count: number;
  bytes: number;
  retainers: Map<string, number>;
}

export function summarizeHeap(file: string): Map<string, Group> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const nf = s.snapshot.meta.node_fields;
  const ef = s.snapshot.meta.edge_fields;
  const N = nf.length;
  const E = ef.length;
  const [nodeTypes] = s.snapshot.meta.node_types;
  const [edgeTypes] = s.snapshot.meta.edge_types;
  const iType = nf.indexOf('type');
  const iName = nf.indexOf('name');
  const iSize = nf.indexOf('self_size');
  const iEdges = nf.indexOf('edge_count');
  const eType = ef.indexOf('type');
  const eTo = ef.indexOf('to_node');
  const keyOf = (n: number) => {
    const type = nodeTypes[s.nodes[n + iType]!]!;
    const name = s.strings[s.nodes[n + iName]!]!;
    if (type === 'object' || type === 'closure') return `${type === 'closure' ? 'fn ' : ''}${name}`;
    return `(${type})`;
  };
  // The first strong retainer of each node (by node offset).
  const retainer = new Map<number, number>();
  let edge = 0;
  for (let n = 0; n < s.nodes.length; n += N) {
    const count = s.nodes[n + iEdges]!;
    for (let k = 0; k < count; k++, edge += E) {
      const et = edgeTypes[s.edges[edge + eType]!];
      if (et === 'weak' || et === 'shortcut') continue;
      const to = s.edges[edge + eTo]!;
      if (!retainer.has(to)) retainer.set(to, n);
    }
  }
  const groups = new Map<string, Group>();
  for (let n = 0; n < s.nodes.length; n += N) {
    const key = keyOf(n);
    const g = groups.get(key) ?? { key, count: 0, bytes: 0, retainers: new Map<string, number>() };
    g.count++;
    g.bytes += s.nodes[n + iSize]!;
    const r = retainer.get(n);
    if (r !== undefined) {
      const rk = keyOf(r);
      g.retainers.set(rk, (g.retainers.get(rk) ?? 0) + s.nodes[n + iSize]!);
    }
    groups.set(key, g);
  }
  return groups;
}

const mb = (b: number) => (b / 1024 / 1024).toFixed(2);

function topRetainers(g: Group): string {
  return [...g.retainers.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, v]) => `${k.slice(0, 40)} ${mb(v)}`)
    .join('; ');
}

function main(): void {
  const [a, b, topArg] = process.argv.slice(2);
  if (!a) throw new Error('usage: heap-summary.ts <a.heapsnapshot> [b.heapsnapshot] [top]');
  const second = b && b.endsWith('.heapsnapshot') ? b : undefined;
  const top = Number((second ? topArg : b) ?? 20);
  const ga = summarizeHeap(a);
  const total = [...ga.values()].reduce((x, g) => x + g.bytes, 0);
  console.log(
    `${a}: ${mb(total)} MB self size in ${[...ga.values()].reduce((x, g) => x + g.count, 0)} objects`,
  );
  console.log('| group | count | MB | retained by (MB) |\n| --- | ---: | ---: | --- |');
  for (const g of [...ga.values()].sort((x, y) => y.bytes - x.bytes).slice(0, top))
    console.log(`| ${g.key.slice(0, 50)} | ${g.count} | ${mb(g.bytes)} | ${topRetainers(g)} |`);
  if (!second) return;
  const gb = summarizeHeap(second);
  const totalB = [...gb.values()].reduce((x, g) => x + g.bytes, 0);
  console.log(`\n${second}: ${mb(totalB)} MB (${mb(totalB - total)} MB growth)`);
  console.log(
    '| group | count a → b | MB a → b | retained by in b (MB) |\n| --- | --- | --- | --- |',
  );
  const grown = [...gb.values()]
    .map((g) => ({ g, before: ga.get(g.key) }))
    .sort((x, y) => y.g.bytes - (y.before?.bytes ?? 0) - (x.g.bytes - (x.before?.bytes ?? 0)))
    .slice(0, top);
  for (const { g, before } of grown)
    console.log(
      `| ${g.key.slice(0, 50)} | ${before?.count ?? 0} → ${g.count} | ${mb(before?.bytes ?? 0)} → ${mb(g.bytes)} | ${topRetainers(g)} |`,
    );
}

if (require.main === module) main();
