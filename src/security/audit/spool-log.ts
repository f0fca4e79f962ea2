import type { CentralAuditSink } from './central';
import type { AuditEntry, AuditSink } from './record';
import { AuditShipper, type AuditShipperOptions, type ShipperState } from './shipper';
import { AuditSpool, type AuditSpoolOptions, type SpoolExtra, type SpoolState } from './spool';
import type { SpoolRecord } from './spool-record';
import { spoolRecords } from './verify';

/** Options of `SpoolAuditLog.open`. */
export interface SpoolAuditLogOptions {
  spool: AuditSpoolOptions;
  /** Where records are shipped; absent: the spool alone (development). */
  central?: CentralAuditSink;
  shipper?: AuditShipperOptions;
  /**
   * Segments older than this, shipped and pinned by a shipped checkpoint, are deleted.
   * Default: 30 days. 0 keeps everything.
   */
  retentionMs?: number;
  /** How often retention runs. Default: 10 minutes. */
  retentionIntervalMs?: number;
  /** Told of failures outside a request (retention, central reads); must not throw. */
  onError?: (err: unknown) => void;
}

/** Metrics-ready state of the audit: spool, shipping, readiness. */
export interface AuditLogState {
  /** False when the spool cannot be written: personal data is withheld (503); not ready. */
  ready: boolean;
  spool: SpoolState;
  /** Null without a central sink. */
  shipping: ShipperState | null;
}

/**
 * The audit as the gateway uses it: records go to the local spool (durable before data is
 * released) and a shipper forwards them to the central sink in the background. Requests
 * wait only for the local disk; Redis being dead, hung or failing over shows in `state()`,
 * never in a response. Implements `AuditSink`, so the plugin and trails take it as is.
 */
export class SpoolAuditLog implements AuditSink {
  private retentionTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly spool: AuditSpool,
    readonly central: CentralAuditSink | undefined,
    readonly shipper: AuditShipper | undefined,
    private readonly options: SpoolAuditLogOptions,
  ) {}

  static async open(options: SpoolAuditLogOptions): Promise<SpoolAuditLog> {
    const spool = await AuditSpool.open(options.spool);
    const shipper = options.central
      ? await AuditShipper.resume(spool, options.central, options.shipper)
      : undefined;
    shipper?.start();
    const log = new SpoolAuditLog(spool, options.central, shipper, options);
    const retentionMs = options.retentionMs ?? 30 * 86_400_000;
    if (retentionMs > 0) {
      log.retentionTimer = setInterval(() => {
        log.retainNow().catch((err: unknown) => log.report(err));
      }, options.retentionIntervalMs ?? 600_000);
      log.retentionTimer.unref();
    }
    return log;
  }

  append(entry: AuditEntry, extra?: SpoolExtra): Promise<SpoolRecord> {
    return this.spool.append(entry, extra);
  }

  /** Runs retention once (see `AuditSpool.retain`); returns the segments deleted. */
  retainNow(): Promise<number> {
    // Without a central sink nothing is ever shipped, so nothing is ever deleted.
    if (!this.shipper) return Promise.resolve(0);
    return this.spool.retain(
      this.options.retentionMs ?? 30 * 86_400_000,
      this.shipper.state().shippedSeq,
    );
  }

  ready(): boolean {
    return this.spool.state().writable;
  }

  state(): AuditLogState {
    const spool = this.spool.state();
    return { ready: spool.writable, spool, shipping: this.shipper?.state() ?? null };
  }

  async *records(): AsyncIterable<SpoolRecord | { invalid: string }> {
    yield* spoolRecords(this.spool.dir);
  }

  /**
   * Records naming a subject: the central sink's (every instance) and this spool's (what is
   * not shipped yet), each once. If the central sink cannot be read, the local ones only.
   */
  async bySubject(subject: string): Promise<SpoolRecord[]> {
    const out = new Map<string, SpoolRecord>();
    if (this.central) {
      try {
        for (const r of await this.central.bySubject(subject)) out.set(`${r.instance}:${r.seq}`, r);
      } catch (err) {
        this.report(err);
      }
    }
    for await (const r of this.records()) {
      if ('invalid' in r) continue;
      if (r.subjects.includes(subject) || r.links?.some((l) => l.includes(subject)))
        out.set(`${r.instance}:${r.seq}`, r);
    }
    return [...out.values()].sort((a, b) =>
      a.time === b.time ? a.seq - b.seq : a.time < b.time ? -1 : 1,
    );
  }

  private report(err: unknown): void {
    try {
      this.options.onError?.(err);
    } catch {
      /* an observer must not throw into the audit */
    }
  }

  /** Pins the tail with a checkpoint, ships what it can within a second, stops. */
  async close(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.spool.close();
    if (this.shipper) {
      await this.shipper.drain(1000);
      await this.shipper.stop();
    }
  }
}
