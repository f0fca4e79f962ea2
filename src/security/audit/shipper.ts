import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CentralAuditSink } from './central';
import type { AuditSpool, SpoolPosition } from './spool';
import type { SpoolRecord } from './spool-record';

/** Options of `AuditShipper`. */
export interface AuditShipperOptions {
  /** Records per shipped batch. Default: 500. */
  batchSize?: number;
  /** Pause when there is nothing to ship. Default: 100 ms. */
  idleMs?: number;
  /** First and longest pause after a failed ship (doubling in between). Default: 100 / 5000 ms. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Told of each failed ship (log it, rate-limited by the backoff); must not throw. */
  onError?: (err: unknown) => void;
  /** Clock. Default: `Date.now`. */
  now?: () => number;
}

/** Metrics-ready counters of the shipper (all numbers; no personal data). */
export interface ShipperState {
  /** Highest sequence the central side acknowledged. */
  shippedSeq: number;
  backlogRecords: number;
  backlogBytes: number;
  /** Age of the oldest record not yet shipped (0 when none). */
  oldestUnshippedAgeMs: number;
  /** Failed ship attempts since start. */
  failures: number;
  lastError: string | null;
  /** Set while the central side misses records the spool no longer has (operator action needed). */
  stalled: boolean;
}

/** The shipper's cursor file in the spool folder (see `readShippedCursor`). */
export const CURSOR_FILE = 'shipped.json';

/** What the shipper persisted: where it is, and the highest it ever got (never goes down). */
export interface ShippedCursor {
  shipped: number;
  highWater: number;
}

export async function readShippedCursor(dir: string): Promise<ShippedCursor> {
  try {
    const parsed = JSON.parse(
      await readFile(path.join(dir, CURSOR_FILE), 'utf8'),
    ) as Partial<ShippedCursor>;
    const shipped = Number(parsed.shipped) || 0;
    return { shipped, highWater: Math.max(shipped, Number(parsed.highWater) || 0) };
  } catch {
    return { shipped: 0, highWater: 0 };
  }
}

/**
 * Forwards spool records to the central sink asynchronously, in order, at least once (the
 * central side skips duplicates by (instance, seq)). Nothing on a request path waits for it:
 * when the central side is down or hung the backlog grows on local disk and shows in
 * `state()`. When the central side lost records (a Redis restart without persistence), it
 * ships them again from the spool while the spool still has them; otherwise it stalls and
 * says so, and `audit:verify` names the missing sequence.
 */
export class AuditShipper {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private shipped: number;
  private highWater: number;
  private position: SpoolPosition | undefined;
  private batch: Array<{ record: SpoolRecord; end: SpoolPosition }> = [];
  private failures = 0;
  private lastError: string | null = null;
  private stalled = false;
  private readonly now: () => number;

  constructor(
    private readonly spool: AuditSpool,
    private readonly central: CentralAuditSink,
    cursor: ShippedCursor,
    private readonly options: AuditShipperOptions = {},
  ) {
    this.shipped = Math.min(cursor.shipped, spool.durableSeq);
    this.highWater = cursor.highWater;
    this.now = options.now ?? Date.now;
  }

  /** A shipper resuming from the cursor persisted in the spool folder. */
  static async resume(
    spool: AuditSpool,
    central: CentralAuditSink,
    options: AuditShipperOptions = {},
  ): Promise<AuditShipper> {
    return new AuditShipper(spool, central, await readShippedCursor(spool.dir), options);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the batch in flight (bounded by the central sink's timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Resolves once everything durable when called is shipped, or after `timeoutMs` (false). */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    const target = this.spool.durableSeq;
    const until = this.now() + timeoutMs;
    while (this.shipped < target) {
      if (this.now() > until) return false;
      await sleep(20);
    }
    return true;
  }

  state(): ShipperState {
    const backlogRecords = Math.max(0, this.spool.durableSeq - this.shipped);
    const first = this.batch[0]?.record;
    return {
      shippedSeq: this.shipped,
      backlogRecords,
      backlogBytes: backlogRecords === 0 ? 0 : this.spool.bytesAfter(this.position),
      oldestUnshippedAgeMs:
        backlogRecords > 0 && first ? Math.max(0, this.now() - Date.parse(first.time)) : 0,
      failures: this.failures,
      lastError: this.lastError,
      stalled: this.stalled,
    };
  }

  private async run(): Promise<void> {
    let pause = this.options.retryMinMs ?? 100;
    const maxPause = this.options.retryMaxMs ?? 5000;
    while (this.running) {
      try {
        if (this.batch.length === 0)
          this.batch = await this.spool.readAfter(this.shipped, this.options.batchSize ?? 500);
        if (this.batch.length === 0) {
          if (this.shipped < this.spool.durableSeq) {
            // The central side needs records retention already deleted here.
            this.stalled = true;
            this.lastError = `central audit misses seq ${this.shipped + 1}, which the spool no longer holds`;
            await this.pause(maxPause);
            continue;
          }
          await this.pause(this.options.idleMs ?? 100);
          continue;
        }
        const result = await this.central.ship(
          this.spool.instance,
          this.batch.map((b) => b.record),
        );
        const acked = this.batch.filter((b) => b.record.seq <= result.head);
        if (acked.length > 0) this.advance(acked[acked.length - 1]!);
        this.batch = this.batch.filter((b) => b.record.seq > result.head);
        if (!result.ok) this.rewind(result.head);
        else {
          this.lastError = null;
          this.stalled = false;
        }
        pause = this.options.retryMinMs ?? 100;
        if (!result.ok && this.stalled) await this.pause(maxPause);
      } catch (err) {
        this.failures++;
        this.lastError = err instanceof Error ? err.message : String(err);
        try {
          this.options.onError?.(err);
        } catch {
          /* an observer must not stop the shipper */
        }
        await this.pause(pause);
        pause = Math.min(pause * 2, maxPause);
      }
    }
    await this.persist();
  }

  private advance(last: { record: SpoolRecord; end: SpoolPosition }): void {
    this.shipped = last.record.seq;
    this.position = last.end;
    if (this.shipped > this.highWater) this.highWater = this.shipped;
    void this.persist();
  }

  /** The central head is behind what it acknowledged before: ship again from there if we can. */
  private rewind(centralHead: number): void {
    this.batch = [];
    if (centralHead >= this.shipped) {
      // Not a loss: a fork (the same seq with another hash). Nothing automatic is safe.
      this.stalled = true;
      this.lastError = `central audit holds a different record at seq ${centralHead + 1}`;
      return;
    }
    this.lastError = `central audit lost records after seq ${centralHead}: shipping them again from the spool`;
    this.shipped = centralHead;
    this.position = undefined;
    // readAfter throws nothing for a missing range: an empty read means retention deleted it.
    this.stalled = false;
  }

  private persisting = false;
  private async persist(): Promise<void> {
    if (this.persisting) return;
    this.persisting = true;
    try {
      const file = path.join(this.spool.dir, CURSOR_FILE);
      const cursor: ShippedCursor = { shipped: this.shipped, highWater: this.highWater };
      await writeFile(`${file}.tmp`, JSON.stringify(cursor), { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    } catch {
      /* the cursor only saves re-shipping: a stale one costs duplicates, which are skipped */
    } finally {
      this.persisting = false;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
