/**
 * Recovery of payments left unresolved by a lost answer, a crash or an expired lease: one pass
 * (`recoverPending`) and the background loop that runs it. Safe with several instances at once:
 * every step goes through the item lease or the operation's compare-and-set.
 */
import type { PaymentContext, PaymentLogger } from './context';
import { PBB_PAYMENT_KIND } from './domain';
import { isSettled } from './outcome';
import { reverseOnce } from './reversal';
import { finishPayment } from './settle';

export interface RecoveryReport {
  /** Items a reversal was attempted for. */
  attempted: number;
  /** Items now reversed. */
  reversed: number;
  /** Items still unresolved after this pass. */
  unresolved: number;
  /** Operations whose final outcome was written. */
  finalized: number;
}

/**
 * Resolves every payment left unknown: items in `unknown`, or `sent` / `reversing` whose
 * holder's lease ran out (it crashed), get their next reversal attempt when due; abandoned
 * operations get their unsent years cancelled; settled operations get their final outcome.
 */
export async function recoverPending(ctx: PaymentContext): Promise<RecoveryReport> {
  const { ledger, store } = ctx;
  const report: RecoveryReport = { attempted: 0, reversed: 0, unresolved: 0, finalized: 0 };
  const touched = new Set<string>();
  // Operations with an item still `sent` after its lease ran out: the owner never recorded
  // the answer nor gave up on it, so it died (or, if alive, reads back what we write). Their
  // outcome is written as soon as every year is final, not `staleAfterMs` later.
  const ownerGone = new Set<string>();
  for (const item of await store.dueForResolution(ledger.now())) {
    report.attempted++;
    touched.add(item.paymentId);
    if (item.state === 'sent') ownerGone.add(item.paymentId);
    const state = await reverseOnce(ctx, item.id, false);
    if (state === 'reversed') report.reversed++;
    else report.unresolved++;
  }
  for (const op of await ledger.listStale(PBB_PAYMENT_KIND, ledger.now() - ctx.staleAfterMs)) {
    const items = await store.items(op.id);
    if (items.some((i) => i.state === 'sent' || i.state === 'unknown' || i.state === 'reversing'))
      continue;
    await store.cancelUnsent(op.id, null, false);
    touched.add(op.id);
  }
  for (const op of await ledger.listInState(PBB_PAYMENT_KIND, 'resolving')) touched.add(op.id);
  const staleBefore = ledger.now() - ctx.staleAfterMs;
  for (const id of touched) {
    const op = await ledger.get(id);
    // A live owner (pending, recent progress) writes the outcome itself.
    const ownerMayWrite =
      op?.state === 'pending' && op.updatedAt >= staleBefore && !ownerGone.has(id);
    if (!op || op.state === 'done' || ownerMayWrite) continue;
    if (isSettled(await store.items(id))) {
      await finishPayment(ctx, id);
      report.finalized++;
    }
  }
  return report;
}

/**
 * Runs a recovery pass now and then on an interval, one pass at a time: a slow pass is not
 * overlapped by the next tick, and a failed pass is logged and retried at the next tick.
 */
export class RecoveryLoop {
  private timer: NodeJS.Timeout | undefined;
  private recovering: Promise<RecoveryReport> | undefined;

  constructor(
    private readonly pass: () => Promise<RecoveryReport>,
    private readonly logger: PaymentLogger,
  ) {}

  start(intervalMs: number): void {
    if (this.timer) return;
    const tick = () => {
      if (this.recovering) return;
      this.recovering = this.pass()
        .catch((err: unknown) => {
          this.logger.error({ err: errorName(err) }, 'payment recovery pass failed');
          return { attempted: 0, reversed: 0, unresolved: 0, finalized: 0 };
        })
        .finally(() => {
          this.recovering = undefined;
        });
    };
    tick();
    // unref: the loop alone must not keep the process alive on shutdown.
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  /** Stops the interval and waits for a pass in progress, so its ledger writes finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.recovering;
  }
}

/** Only the error's class name is logged: messages may carry bank or ledger details. */
function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'unknown';
}
