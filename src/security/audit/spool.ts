import { randomBytes } from 'node:crypto';
import {
  mkdir,
  open,
  readdir,
  readFile,
  stat,
  unlink,
  writeFile,
  type FileHandle,
} from 'node:fs/promises';
import path from 'node:path';
import type { AuditEntry } from './record';
import { repairTail } from './spool-repair';
import {
  GENESIS,
  parseSpoolRecord,
  seal,
  signCheckpoint,
  systemEntry,
  type AuditKeys,
  type SpoolBody,
  type SpoolKind,
  type SpoolRecord,
} from './spool-record';

/** Options of `AuditSpool.open`. */
export interface AuditSpoolOptions {
  /** Folder of this instance's spool (segments, instance id). Created 0700 when missing. */
  dir: string;
  keys: AuditKeys;
  /** This instance's chain id. Default: the one persisted in `dir`, or a new random one. */
  instanceId?: string;
  /** Write a signed checkpoint after this many records. Default: 1000. */
  checkpointEvery?: number;
  /** ...and at least this often while records come in, in seconds. Default: 60. */
  checkpointSeconds?: number;
  /** Start a new segment file once the current one is this big. Default: 16 MiB. */
  segmentBytes?: number;
  /** fsync every batch, so an acknowledged record survives a crash. Default: true. */
  fsync?: boolean;
  /** Clock. Default: `new Date()`. */
  now?: () => Date;
}

/** Extra fields of a record beyond the plugin's entry. */
export type SpoolExtra = Partial<Pick<SpoolRecord, 'admin'>> & {
  kind?: SpoolKind;
};

/** Where a record ends in the spool: the shipper's position, for backlog bytes. */
export interface SpoolPosition {
  segment: string;
  offset: number;
}

interface Segment {
  name: string;
  firstSeq: number;
  /** Durable bytes (the active segment grows after each fsync). */
  size: number;
}

interface Pending {
  record: SpoolRecord;
  resolve(record: SpoolRecord): void;
  reject(err: unknown): void;
}

/** Counters for metrics and readiness. */
export interface SpoolState {
  instance: string;
  /** False after a failed write (disk full, permissions) until a write succeeds again. */
  writable: boolean;
  lastError: string | null;
  /** Last durable record. */
  durableSeq: number;
  /** The record the last checkpoint pins, and the checkpoint record's own sequence. */
  checkpoint: { pinnedSeq: number; recordSeq: number } | null;
  segments: number;
  bytes: number;
  /** What start-up cut off a torn tail, if anything (also a `repair` record in the chain). */
  repaired: { cutBytes: number; segment: string } | null;
}

const SEGMENT = /^(\d{12})\.jsonl$/;
const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(12, '0')}.jsonl`;
export const INSTANCE_FILE = 'instance-id';

/**
 * The local write-ahead audit spool of one gateway instance: append-only JSON-lines segments
 * on the gateway's own disk, one chain (`instance`, seq 1, 2, 3...). A record is durable
 * (written and fsynced, group-committed as in FileAuditSink) before `append` resolves, so
 * data is released only after its record is on disk; the shipper forwards it later.
 * Checkpoints (signed) go into the same chain. Start-up cuts a torn tail back to the last
 * complete record and chains a `repair` record saying what was cut.
 */
export class AuditSpool {
  private pending: Pending[] = [];
  private flushing = false;
  private flushed: Promise<void> = Promise.resolve();
  private head: { seq: number; hash: string };
  private durable: { seq: number; hash: string };
  private sinceCheckpoint = 0;
  private timer: NodeJS.Timeout | undefined;
  private writable = true;
  private lastError: string | null = null;
  private checkpointAt: SpoolState['checkpoint'] = null;
  private repaired: SpoolState['repaired'] = null;
  private readCache: { seq: number; pos: SpoolPosition } | undefined;
  private readonly now: () => Date;
  private readonly checkpointEvery: number;
  private readonly segmentBytes: number;
  private readonly fsync: boolean;

  private constructor(
    readonly dir: string,
    readonly instance: string,
    private readonly keys: AuditKeys,
    private readonly segments: Segment[],
    private handle: FileHandle | undefined,
    head: { seq: number; hash: string },
    options: AuditSpoolOptions,
  ) {
    this.head = head;
    this.durable = head;
    this.now = options.now ?? (() => new Date());
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.segmentBytes = options.segmentBytes ?? 16 * 1024 * 1024;
    this.fsync = options.fsync ?? true;
    const seconds = options.checkpointSeconds ?? 60;
    this.timer = setInterval(() => {
      if (this.sinceCheckpoint > 0) this.checkpoint().catch(() => undefined);
    }, seconds * 1000);
    this.timer.unref();
  }

  /** Opens (creating when needed) the spool, repairing a torn tail and pinning the head. */
  static async open(options: AuditSpoolOptions): Promise<AuditSpool> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const instance = await instanceIdOf(options.dir, options.instanceId);
    const names = (await readdir(options.dir)).filter((n) => SEGMENT.test(n)).sort();
    const segments: Segment[] = [];
    for (const name of names)
      segments.push({
        name,
        firstSeq: Number(SEGMENT.exec(name)![1]),
        size: (await stat(path.join(options.dir, name))).size,
      });
    let head = { seq: 0, hash: GENESIS };
    let repair: Awaited<ReturnType<typeof repairTail>> | undefined;
    let lastCheckpoint: SpoolState['checkpoint'] = null;
    // The newest segment holding a record gives the head; empty trailing segments (a crash
    // right after a roll) are harmless and reused.
    for (let i = segments.length - 1; i >= 0; i--) {
      const seg = segments[i]!;
      const result = await repairTail(path.join(options.dir, seg.name));
      seg.size = result.size;
      if (result.cut && !repair) repair = result;
      if (result.last) {
        head = { seq: result.last.seq, hash: result.last.hash };
        lastCheckpoint = result.lastCheckpoint;
        break;
      }
    }
    const active = segments.at(-1);
    const handle = active ? await open(path.join(options.dir, active.name), 'a', 0o600) : undefined;
    const spool = new AuditSpool(
      options.dir,
      instance,
      options.keys,
      segments,
      handle,
      head,
      options,
    );
    spool.checkpointAt = lastCheckpoint;
    if (repair?.cut) {
      spool.repaired = { cutBytes: repair.cut.cutBytes, segment: repair.cut.segment };
      await spool.appendBody({
        ...systemEntry(spool.now().toISOString(), 'repair'),
        kind: 'repair',
        repair: repair.cut,
      });
    }
    // Pin whatever survived the last run, so a later rewrite of it is detectable at once.
    if (head.seq > 0 && spool.checkpointAt?.recordSeq !== spool.head.seq) await spool.checkpoint();
    return spool;
  }

  /** Chains and durably stores one entry; resolves once it is on disk. */
  append(entry: AuditEntry, extra: SpoolExtra = {}): Promise<SpoolRecord> {
    const { kind = 'access', ...rest } = extra;
    const written = this.appendBody({ ...entry, ...rest, kind });
    if (++this.sinceCheckpoint >= this.checkpointEvery) this.checkpoint().catch(() => undefined);
    return written;
  }

  /** Chains a signed checkpoint of the current head now; resolves once it is durable. */
  checkpoint(): Promise<SpoolRecord> {
    const time = this.now().toISOString();
    this.sinceCheckpoint = 0;
    const checkpoint = signCheckpoint(
      { instance: this.instance, seq: this.head.seq, chainHash: this.head.hash, time },
      this.keys,
    );
    return this.appendBody({ ...systemEntry(time, 'checkpoint'), kind: 'checkpoint', checkpoint });
  }

  private appendBody(
    fields: AuditEntry & Partial<SpoolRecord> & { kind: SpoolKind },
  ): Promise<SpoolRecord> {
    const body: SpoolBody = {
      ...fields,
      v: 2,
      instance: this.instance,
      seq: this.head.seq + 1,
      prev: this.head.hash,
    };
    const record = seal(body, this.keys);
    this.head = { seq: record.seq, hash: record.hash };
    return new Promise<SpoolRecord>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        this.flushed = this.flush();
      }
    });
  }

  private async flush(): Promise<void> {
    for (;;) {
      // Cleared in the same synchronous step as the last look at `pending` (see FileAuditSink).
      if (this.pending.length === 0) {
        this.flushing = false;
        return;
      }
      const batch = this.pending;
      this.pending = [];
      try {
        const handle = await this.activeHandle(batch[0]!.record.seq);
        const segment = this.segments.at(-1)!;
        const text = batch.map((p) => `${JSON.stringify(p.record)}\n`).join('');
        const bytes = Buffer.byteLength(text);
        try {
          await handle.appendFile(text, 'utf8');
          if (this.fsync) await handle.datasync();
        } catch (err) {
          // Cut a partly written batch back off, so the next batch starts on a clean line.
          await handle.truncate(segment.size).catch(() => undefined);
          throw err;
        }
        segment.size += bytes;
        const last = batch[batch.length - 1]!.record;
        this.durable = { seq: last.seq, hash: last.hash };
        for (const p of batch)
          if (p.record.kind === 'checkpoint')
            this.checkpointAt = { pinnedSeq: p.record.checkpoint!.seq, recordSeq: p.record.seq };
        this.writable = true;
        this.lastError = null;
        for (const p of batch) p.resolve(p.record);
      } catch (err) {
        // Records queued behind the failed batch chain to it: they fail too, and the chain
        // goes on from the last durable record, so the spool never holds a gap.
        const failed = [...batch, ...this.pending];
        this.pending = [];
        this.head = this.durable;
        this.writable = false;
        this.lastError = err instanceof Error ? err.message : String(err);
        for (const p of failed) p.reject(err);
      }
    }
  }

  /** The handle to append to, rolling to a new segment (named by its first seq) when full. */
  private async activeHandle(firstSeq: number): Promise<FileHandle> {
    const active = this.segments.at(-1);
    if (this.handle && active && active.size < this.segmentBytes) return this.handle;
    await this.handle?.close();
    this.handle = undefined;
    const name = segmentName(firstSeq);
    const handle = await open(path.join(this.dir, name), 'a', 0o600);
    await syncDir(this.dir);
    this.segments.push({ name, firstSeq, size: 0 });
    this.handle = handle;
    return handle;
  }

  /**
   * Durable records after `afterSeq`, in order: at most `limit` records or about `maxBytes`.
   * Each comes with the position just past it. Reads only what was fsynced.
   */
  async readAfter(
    afterSeq: number,
    limit = 500,
    maxBytes = 1024 * 1024,
  ): Promise<Array<{ record: SpoolRecord; end: SpoolPosition }>> {
    if (afterSeq >= this.durable.seq) return [];
    let pos = this.readCache?.seq === afterSeq ? this.readCache.pos : await this.locate(afterSeq);
    if (!pos) return [];
    const out: Array<{ record: SpoolRecord; end: SpoolPosition }> = [];
    let bytes = 0;
    while (out.length < limit && bytes < maxBytes) {
      const index = this.segments.findIndex((s) => s.name === pos!.segment);
      const seg = this.segments[index];
      if (!seg) break;
      if (pos.offset >= seg.size) {
        const next = this.segments[index + 1];
        if (!next) break;
        pos = { segment: next.name, offset: 0 };
        continue;
      }
      const length = Math.min(seg.size - pos.offset, maxBytes);
      const chunk = await readRange(path.join(this.dir, seg.name), pos.offset, length);
      const lastNewline = chunk.lastIndexOf(10);
      if (lastNewline < 0) break; // one record longer than maxBytes: cannot happen in practice
      let start = 0;
      while (start <= lastNewline && out.length < limit) {
        const nl = chunk.indexOf(10, start);
        const line = chunk.subarray(start, nl).toString('utf8');
        const parsed = parseSpoolRecord(line);
        if ('invalid' in parsed)
          throw new Error(`spool ${seg.name} at byte ${pos.offset + start}: ${parsed.invalid}`);
        bytes += nl + 1 - start;
        start = nl + 1;
        out.push({ record: parsed, end: { segment: seg.name, offset: pos.offset + start } });
      }
      pos = { segment: seg.name, offset: pos.offset + start };
    }
    const last = out.at(-1);
    if (last) this.readCache = { seq: last.record.seq, pos: last.end };
    return out.filter((r) => r.record.seq > afterSeq);
  }

  /** The position just after record `seq` (scans its segment once). */
  private async locate(seq: number): Promise<SpoolPosition | undefined> {
    let index = -1;
    for (let i = 0; i < this.segments.length; i++)
      if (this.segments[i]!.firstSeq <= seq + 1) index = i;
    const seg = this.segments[index];
    if (!seg) return undefined;
    if (seg.firstSeq === seq + 1) return { segment: seg.name, offset: 0 };
    const text = await readRange(path.join(this.dir, seg.name), 0, seg.size);
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf(10, start);
      if (nl < 0) break;
      const r = parseSpoolRecord(text.subarray(start, nl).toString('utf8'));
      start = nl + 1;
      if (!('invalid' in r) && r.seq === seq) return { segment: seg.name, offset: start };
    }
    return undefined;
  }

  /** Durable bytes after a position (the shipper's backlog). */
  bytesAfter(pos: SpoolPosition | undefined): number {
    let total = 0;
    let counting = pos === undefined;
    for (const s of this.segments) {
      if (counting) total += s.size;
      else if (s.name === pos!.segment) {
        total += s.size - pos!.offset;
        counting = true;
      }
    }
    return total;
  }

  get durableSeq(): number {
    return this.durable.seq;
  }

  /**
   * Deletes whole segments from the oldest on while each is shipped (`shippedSeq`), pinned by
   * a checkpoint that is itself shipped, and older than `maxAgeMs`; then chains a `retention`
   * record naming the last deleted sequence and its hash, which is what lets the verifier
   * accept the chain starting later. Returns how many segments went.
   */
  async retain(maxAgeMs: number, shippedSeq: number): Promise<number> {
    const cp = this.checkpointAt;
    if (!cp || cp.recordSeq > shippedSeq) return 0;
    let deleted = 0;
    let through: { seq: number; hash: string } | undefined;
    while (this.segments.length > 1) {
      const [seg, next] = [this.segments[0]!, this.segments[1]!];
      const lastSeq = next.firstSeq - 1;
      if (lastSeq > shippedSeq || lastSeq > cp.pinnedSeq) break;
      const file = path.join(this.dir, seg.name);
      const age = this.now().getTime() - (await stat(file)).mtimeMs;
      if (age < maxAgeMs) break;
      const first = await readRange(
        path.join(this.dir, next.name),
        0,
        Math.min(next.size, 64 * 1024),
      );
      const parsed = parseSpoolRecord(first.subarray(0, first.indexOf(10)).toString('utf8'));
      if ('invalid' in parsed) break;
      await unlink(file);
      this.segments.shift();
      through = { seq: lastSeq, hash: parsed.prev };
      deleted++;
    }
    if (through) {
      await syncDir(this.dir);
      await this.appendBody({
        ...systemEntry(this.now().toISOString(), 'retention'),
        kind: 'retention',
        retention: { deletedThrough: through.seq, hash: through.hash },
      });
    }
    return deleted;
  }

  /** Segment files, oldest first (the verifier and the export read them). */
  segmentFiles(): string[] {
    return this.segments.map((s) => path.join(this.dir, s.name));
  }

  state(): SpoolState {
    return {
      instance: this.instance,
      writable: this.writable,
      lastError: this.lastError,
      durableSeq: this.durable.seq,
      checkpoint: this.checkpointAt,
      segments: this.segments.length,
      bytes: this.segments.reduce((sum, s) => sum + s.size, 0),
      repaired: this.repaired,
    };
  }

  /** Waits for pending writes, pins the tail with a checkpoint, closes the file. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushed;
    if (this.writable && this.head.seq > 0 && this.checkpointAt?.recordSeq !== this.head.seq)
      await this.checkpoint().catch(() => undefined);
    await this.flushed;
    await this.handle?.close();
    this.handle = undefined;
  }
}

/** The spool's instance id: configured, persisted in the folder, or made up once and persisted. */
async function instanceIdOf(dir: string, configured: string | undefined): Promise<string> {
  const file = path.join(dir, INSTANCE_FILE);
  const stored = await readFile(file, 'utf8').then(
    (t) => t.trim(),
    () => undefined,
  );
  if (stored && configured && stored !== configured)
    throw new Error(
      `audit spool ${dir} belongs to instance ${stored}, not ${configured} (AUDIT_INSTANCE_ID): one spool folder per instance`,
    );
  if (stored) return stored;
  const id = configured ?? `gw-${randomBytes(6).toString('hex')}`;
  await writeFile(file, `${id}\n`, { mode: 0o600, flag: 'wx' });
  await syncDir(dir);
  return id;
}

async function readRange(file: string, offset: number, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    /* some file systems refuse fsync on a folder; the file's own fsync still holds */
  } finally {
    await handle.close();
  }
}
