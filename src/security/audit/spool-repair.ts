import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { parseSpoolRecord, type SpoolRecord } from './spool-record';

/** The most start-up cuts on its own. */
const MAX_CUT_BYTES = 8 * 1024 * 1024;

/** What start-up found at the end of one segment. */
export interface TailRepair {
  /** Bytes left in the segment. */
  size: number;
  last: SpoolRecord | undefined;
  /** The newest checkpoint in the segment. */
  lastCheckpoint: { pinnedSeq: number; recordSeq: number } | null;
  /** What was cut: a torn tail (no final newline, or unparsable last lines). */
  cut?: { segment: string; offset: number; cutBytes: number; cutSha256: string };
}

/**
 * Cuts a segment's torn tail back to the end of its last complete record. A crash during a
 * write (or a full disk) can leave part of a batch: bytes after the last newline, or final
 * lines that do not parse. Those records were never acknowledged (their fsync never
 * returned), so no data was released on them. Only the tail is cut; a bad line followed by
 * good ones is damage, left for the verifier to report. The cut bytes are not kept (they may
 * hold personal-data metadata); their length and SHA-256 go into the `repair` record.
 */
export async function repairTail(file: string): Promise<TailRepair> {
  const handle = await open(file, 'r+');
  try {
    const text = await handle.readFile();
    let end = text.length;
    let last: SpoolRecord | undefined;
    // Walk back over the tail: the part after the last newline, then unparsable lines.
    let cursor = text.lastIndexOf(10) + 1;
    end = cursor;
    while (cursor > 0) {
      const start = text.lastIndexOf(10, cursor - 2) + 1;
      const parsed = parseSpoolRecord(text.subarray(start, cursor - 1).toString('utf8'));
      if (!('invalid' in parsed)) {
        last = parsed;
        break;
      }
      if (
        text
          .subarray(start, cursor - 1)
          .toString('utf8')
          .trim() !== ''
      )
        end = start;
      cursor = start;
    }
    let lastCheckpoint: TailRepair['lastCheckpoint'] = null;
    for (const line of text.subarray(0, end).toString('utf8').split('\n')) {
      if (!line.includes('"checkpoint"')) continue;
      const r = parseSpoolRecord(line);
      if (!('invalid' in r) && r.kind === 'checkpoint' && r.checkpoint)
        lastCheckpoint = { pinnedSeq: r.checkpoint.seq, recordSeq: r.seq };
    }
    if (end === text.length) return { size: end, last, lastCheckpoint };
    // A torn write is at most one batch; more than this is damage, not a crash: refuse.
    if (text.length - end > MAX_CUT_BYTES)
      throw new Error(
        `audit spool ${file}: the last ${text.length - end} bytes are unreadable, more than a torn write; run npm run audit:verify and repair by hand`,
      );
    const cutBytes = text.length - end;
    const cutSha256 = createHash('sha256').update(text.subarray(end)).digest('hex');
    await handle.truncate(end);
    await handle.sync();
    return {
      size: end,
      last,
      lastCheckpoint,
      cut: { segment: path.basename(file), offset: end, cutBytes, cutSha256 },
    };
  } finally {
    await handle.close();
  }
}
