import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CentralAuditSink } from './central';
import { readShippedCursor } from './shipper';
import { INSTANCE_FILE } from './spool';
import {
  checkpointValid,
  GENESIS,
  macValid,
  parseSpoolRecord,
  spoolHash,
  type SpoolRecord,
  type VerifyKeys,
} from './spool-record';

/** The verdict on one instance's chain (from one source, or both compared). */
export type ChainReport =
  | {
      instance: string;
      ok: true;
      count: number;
      /** First sequence held (after retention, > 1). */
      firstSeq: number;
      head: { seq: number; hash: string };
      /** The newest checkpoint: the record it pins and its own sequence. */
      checkpoint: { pinnedSeq: number; recordSeq: number } | null;
      /** Records after the newest checkpoint: only the MAC (when checked) protects them. */
      unpinned: number;
      /** Documented torn-tail repairs found in the chain. */
      repairs: Array<{ seq: number; cutBytes: number }>;
      /** seq -> hash, for comparing two sources. */
      hashes: Map<number, string>;
    }
  | { instance: string; ok: false; at: number; problem: string };

type Item = SpoolRecord | { invalid: string };

/**
 * Walks one instance's records in order and checks every link: consecutive seq, `prev` equal
 * to the previous hash, the hash recomputed, the MAC (with MAC keys), each checkpoint's
 * signature (public keys) and that it pins exactly the hash before it. A chain may start after
 * seq 1 only where a `retention` record names the deleted end and its hash. A rewrite with
 * recomputed hashes fails the MAC at the rewritten record, or (public keys only) the next
 * checkpoint, which names the range since the previous one.
 */
export async function verifyInstanceChain(
  instance: string,
  records: AsyncIterable<Item> | Iterable<Item>,
  keys: VerifyKeys,
): Promise<ChainReport> {
  let prev: { seq: number; hash: string } | undefined;
  let start: { seq: number; prev: string } | undefined;
  let justified = false;
  let checkpoint: { pinnedSeq: number; recordSeq: number } | null = null;
  const repairs: Array<{ seq: number; cutBytes: number }> = [];
  const hashes = new Map<number, string>();
  let count = 0;
  const bad = (at: number, problem: string): ChainReport => ({ instance, ok: false, at, problem });
  for await (const r of records) {
    const expected = (prev?.seq ?? 0) + 1;
    if ('invalid' in r) return bad(expected, `record ${expected} is unreadable: ${r.invalid}`);
    if (r.instance !== instance)
      return bad(r.seq, `record ${r.seq} belongs to instance ${r.instance}`);
    if (!prev) {
      if (r.seq !== 1) start = { seq: r.seq, prev: r.prev };
      else if (r.prev !== GENESIS) return bad(1, 'record 1 does not start the chain');
    } else {
      if (r.seq !== expected)
        return bad(expected, `record ${expected} is missing or out of place (found ${r.seq})`);
      if (r.prev !== prev.hash)
        return bad(r.seq, `record ${r.seq} does not link to record ${prev.seq}`);
    }
    if (spoolHash(r) !== r.hash) return bad(r.seq, `record ${r.seq} was altered (hash mismatch)`);
    if (keys.macKeys && !macValid(r, keys.macKeys))
      return bad(r.seq, `record ${r.seq} fails its MAC (rewritten, hashes recomputed)`);
    if (r.kind === 'checkpoint') {
      const c = r.checkpoint;
      const since = (checkpoint?.pinnedSeq ?? (start ? start.seq - 1 : 0)) + 1;
      if (!c || !checkpointValid(c, keys.publicKeys))
        return bad(since, `checkpoint ${r.seq} has no valid signature (unknown key or forged)`);
      if (c.instance !== instance || c.seq !== r.seq - 1 || c.chainHash !== r.prev)
        return bad(
          since,
          `checkpoint ${r.seq} pins another chain: a record in ${since}..${r.seq - 1} was rewritten`,
        );
      checkpoint = { pinnedSeq: c.seq, recordSeq: r.seq };
    }
    if (r.kind === 'retention' && r.retention && start) {
      if (r.retention.deletedThrough === start.seq - 1 && r.retention.hash === start.prev)
        justified = true;
    }
    if (r.kind === 'repair' && r.repair) repairs.push({ seq: r.seq, cutBytes: r.repair.cutBytes });
    hashes.set(r.seq, r.hash);
    prev = { seq: r.seq, hash: r.hash };
    count++;
  }
  if (start && !justified)
    return bad(
      start.seq - 1,
      `records up to ${start.seq - 1} are missing (no retention record covers them)`,
    );
  return {
    instance,
    ok: true,
    count,
    firstSeq: start?.seq ?? 1,
    head: prev ?? { seq: 0, hash: GENESIS },
    checkpoint,
    unpinned: (prev?.seq ?? 0) - (checkpoint?.recordSeq ?? 0),
    repairs,
    hashes,
  };
}

/** The records of a spool folder, oldest first, read-only (a torn tail shows as unreadable). */
export async function* spoolRecords(dir: string): AsyncIterable<Item> {
  const names = (await readdir(dir)).filter((n) => /^\d{12}\.jsonl$/.test(n)).sort();
  for (const name of names) {
    const lines = createInterface({
      input: createReadStream(path.join(dir, name), 'utf8'),
      crlfDelay: Infinity,
    });
    for await (const line of lines) if (line.trim() !== '') yield parseSpoolRecord(line);
  }
}

export async function spoolInstance(dir: string): Promise<string> {
  return (await readFile(path.join(dir, INSTANCE_FILE), 'utf8')).trim();
}

export async function verifySpool(dir: string, keys: VerifyKeys): Promise<ChainReport> {
  return verifyInstanceChain(await spoolInstance(dir), spoolRecords(dir), keys);
}

/** Every instance's chain in the central sink, checked alone (and against its head key). */
export async function verifyCentral(
  central: CentralAuditSink,
  keys: VerifyKeys,
): Promise<ChainReport[]> {
  const byInstance = new Map<string, Item[]>();
  const unreadable: Item[] = [];
  for await (const r of central.records()) {
    if ('invalid' in r) unreadable.push(r);
    else {
      const list = byInstance.get(r.instance) ?? [];
      list.push(r);
      byInstance.set(r.instance, list);
    }
  }
  for (const i of await central.instances()) if (!byInstance.has(i)) byInstance.set(i, []);
  const reports: ChainReport[] = [];
  for (const [instance, list] of [...byInstance].sort(([a], [b]) => a.localeCompare(b))) {
    const report = await verifyInstanceChain(instance, list, keys);
    if (!report.ok) {
      reports.push(report);
      continue;
    }
    const head = await central.head(instance);
    if (head.seq > report.head.seq)
      reports.push({
        instance,
        ok: false,
        at: report.head.seq + 1,
        problem: `the head key names record ${head.seq}, the stream ends at ${report.head.seq}: records were removed`,
      });
    else reports.push(report);
  }
  if (unreadable.length > 0)
    reports.push({
      instance: '?',
      ok: false,
      at: 0,
      problem: 'the stream holds unreadable entries',
    });
  return reports;
}

/**
 * One instance checked on both sides: each chain alone, then against each other: the same
 * hash at every sequence both hold; the spool not shorter than the central side (a cut spool
 * tail); the central side not shorter than what it once acknowledged (the shipper's
 * high-water mark: a wiped or cut stream, head reset or not).
 */
export async function verifyTogether(
  dir: string,
  central: ChainReport | undefined,
  keys: VerifyKeys,
): Promise<ChainReport> {
  const instance = await spoolInstance(dir);
  const bad = (at: number, problem: string): ChainReport => ({ instance, ok: false, at, problem });
  // First the copies side by side: the first sequence they disagree on is the exact record,
  // even where one chain alone can only name the range since its previous checkpoint.
  if (central?.ok)
    for await (const r of spoolRecords(dir)) {
      if ('invalid' in r) break;
      const other = central.hashes.get(r.seq);
      if (other !== undefined && other !== r.hash)
        return bad(r.seq, `record ${r.seq} differs between the spool and the central sink`);
    }
  const spool = await verifySpool(dir, keys);
  if (!spool.ok) return { ...spool, problem: `spool: ${spool.problem}` };
  if (central && !central.ok) return { ...central, problem: `central: ${central.problem}` };
  const cursor = await readShippedCursor(dir);
  const centralHead = central?.head.seq ?? 0;
  if (central) {
    const from = Math.max(spool.firstSeq, central.firstSeq);
    const to = Math.min(spool.head.seq, central.head.seq);
    for (let seq = from; seq <= to; seq++)
      if (spool.hashes.get(seq) !== central.hashes.get(seq))
        return bad(seq, `record ${seq} differs between the spool and the central sink`);
    if (spool.head.seq < central.head.seq)
      return bad(
        spool.head.seq + 1,
        `the spool ends at ${spool.head.seq} but the central sink holds up to ${central.head.seq}: the spool's tail was cut`,
      );
  }
  if (centralHead < cursor.highWater)
    return bad(
      centralHead + 1,
      `the central sink acknowledged up to ${cursor.highWater} but holds ${centralHead === 0 ? 'nothing' : `up to ${centralHead}`}: it lost records (restart without persistence, or deletion)`,
    );
  return spool;
}
