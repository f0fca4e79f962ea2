import { createReadStream } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  chain,
  GENESIS,
  parseRecord,
  type AuditEntry,
  type AuditRecord,
  type AuditSink,
} from './record';

/** Options of `FileAuditSink`. */
export interface FileAuditSinkOptions {
  /** fsync after every record, so an acknowledged record survives a crash. Default: true. */
  fsync?: boolean;
}

/**
 * A local JSON-lines file, one record per line, opened in append mode. One gateway process
 * writes one file (appends are serialised in this process; two processes on one file would
 * fork the chain: give each instance its own file, or use the Redis sink).
 */
export class FileAuditSink implements AuditSink {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private head: { seq: number; hash: string },
    private readonly fsync: boolean,
  ) {}

  /** Opens (creating the folder and file when needed) and reads the current head of the chain. */
  static async open(file: string, options: FileAuditSinkOptions = {}): Promise<FileAuditSink> {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'a', 0o600);
    const head = await lastRecord(file);
    return new FileAuditSink(file, handle, head, options.fsync ?? true);
  }

  append(entry: AuditEntry): Promise<AuditRecord> {
    const run = this.tail.then(async () => {
      const record = chain(entry, this.head.seq, this.head.hash);
      await this.handle.appendFile(`${JSON.stringify(record)}\n`, 'utf8');
      if (this.fsync) await this.handle.datasync();
      this.head = { seq: record.seq, hash: record.hash };
      return record;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  async *records(): AsyncIterable<AuditRecord | { invalid: string }> {
    yield* readRecords(this.file);
  }

  async bySubject(subject: string): Promise<AuditRecord[]> {
    // A linear scan: fine for a local file; deployments with many records use the Redis
    // sink, which keeps an index per subject.
    const out: AuditRecord[] = [];
    for await (const r of readRecords(this.file)) {
      if (!('invalid' in r) && r.subjects.includes(subject)) out.push(r);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.tail;
    await this.handle.close();
  }
}

/** Every line of an audit file, parsed, oldest first. */
export async function* readRecords(file: string): AsyncIterable<AuditRecord | { invalid: string }> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== '') yield parseRecord(line);
  }
}

async function lastRecord(file: string): Promise<{ seq: number; hash: string }> {
  const size = (await stat(file)).size;
  if (size === 0) return { seq: 0, hash: GENESIS };
  // Records are small; the last one lies within the final 64 KiB.
  const handle = await open(file, 'r');
  try {
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const last = parseRecord(lines[lines.length - 1] ?? '');
    if ('invalid' in last)
      throw new Error(`audit log ${file} ends with a damaged record: run npm run audit:verify`);
    return { seq: last.seq, hash: last.hash };
  } finally {
    await handle.close();
  }
}
