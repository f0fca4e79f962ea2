/**
 * `npx tsx bench/history.ts`: the history table of every committed results file
 * (bench/results/<stamp>.json), printed and written between the markers of docs/benchmark.md.
 * `npm run bench` does the same after each run.
 */
import path from 'node:path';
import { loadHistory, markdownHistory, writeHistoryInto } from './lib/history';

const ROOT = path.resolve(__dirname, '..');
const table = markdownHistory(loadHistory(path.join(ROOT, 'bench/results')));
console.log(table);
if (!writeHistoryInto(path.join(ROOT, 'docs/benchmark.md'), table))
  console.warn('docs/benchmark.md has no bench-history markers: not written');
