/**
 * The payment service: pays one or more tax years of a tax object exactly once.
 *
 * Every step is written to the ledger BEFORE the message goes out and updated on each answer;
 * the idempotency key is claimed with a database constraint; a lost answer is resolved by
 * reversal (0400, then 0401 repeats), inline first and then by `recoverPending`, at start-up and
 * on an interval. This file holds the public class and the pay flow (claim, inquiry, payment
 * per year); reversal, recovery, outcome writing and the read views live beside it, sharing a
 * `PaymentContext`. See docs/payments.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { WriteOperation } from '../ledger';
import { BankUnavailableError, type BillRef } from './bank-port';
import { createPaymentContext, type PaymentContext, type PaymentServiceOptions } from './context';
import {
  PBB_PAYMENT_KIND,
  type PaymentError,
  type PaymentSummary,
  type PaymentView,
  type PayPropertyTaxInput,
  type PayPropertyTaxResult,
} from './domain';
import { failureDetail, PC_INQUIRY, PC_PAYMENT } from './messages';
import { recoverPending, RecoveryLoop, type RecoveryReport } from './recovery';
import { requestHash, validatePaymentInput, type ValidatedInput } from './request';
import { parseStoredResult } from './result-schema';
import { resolveInline } from './reversal';
import { failPayment, finishPayment } from './settle';
import type { PaymentItem } from './store';
import { paymentsOfTaxObject, paymentView } from './views';

export type { PaymentLogger, PaymentServiceOptions } from './context';
export type { RecoveryReport } from './recovery';

export class PaymentService {
  private readonly ctx: PaymentContext;
  /** Same-key requests inside this instance share one run (the ledger covers other instances). */
  private readonly running = new Map<
    string,
    { hash: string; promise: Promise<PayPropertyTaxResult> }
  >();
  private readonly recovery: RecoveryLoop;

  constructor(options: PaymentServiceOptions) {
    this.ctx = createPaymentContext(options);
    this.recovery = new RecoveryLoop(() => this.recoverPending(), this.ctx.logger);
  }

  /**
   * Pays the years of one tax object. Domain outcomes (including every refusal) are returned,
   * never thrown; a ledger failure throws (nothing is sent without a ledger record).
   */
  async payPropertyTax(input: PayPropertyTaxInput): Promise<PayPropertyTaxResult> {
    const validated = validatePaymentInput(input, new Date(this.ctx.ledger.now()).getUTCFullYear());
    if (!validated.ok)
      return { ok: false, error: { code: 'INVALID_REQUEST', message: validated.message } };
    const value = validated.value;
    const hash = requestHash(value);
    const same = this.running.get(value.idempotencyKey);
    if (same && same.hash === hash) return same.promise;
    const promise = this.claimAndRun(value, hash);
    if (!same) {
      this.running.set(value.idempotencyKey, { hash, promise });
      void promise.then(
        () => this.running.delete(value.idempotencyKey),
        () => this.running.delete(value.idempotencyKey),
      );
    }
    return promise;
  }

  /**
   * Resolves every payment left unknown: items in `unknown`, or `sent` / `reversing` whose
   * holder's lease ran out (it crashed), get their next reversal attempt when due; abandoned
   * operations get their unsent years cancelled; settled operations get their final outcome.
   */
  recoverPending(): Promise<RecoveryReport> {
    return recoverPending(this.ctx);
  }

  /** Runs `recoverPending` now and then every `intervalMs` (default 15000), one pass at a time. */
  start(intervalMs = 15_000): void {
    this.recovery.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.recovery.stop();
  }

  /** A payment with its years, outcome and message history; undefined when unknown. */
  payment(id: string): Promise<PaymentView | undefined> {
    return paymentView(this.ctx, id);
  }

  /** Payments of one tax object, newest first (without message history). */
  paymentsOfTaxObject(nop: string): Promise<PaymentSummary[]> {
    return paymentsOfTaxObject(this.ctx, nop);
  }

  /** Items whose outcome is not final yet (for the status page). */
  inFlight(): Promise<number> {
    return this.ctx.store.countInFlight();
  }

  private async claimAndRun(input: ValidatedInput, hash: string): Promise<PayPropertyTaxResult> {
    const claim = await this.ctx.ledger.claim(
      {
        kind: PBB_PAYMENT_KIND,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        tenant: input.tenant,
      },
      (trx, id, now) => this.ctx.store.insert(trx, id, input, now),
    );
    if (claim.status === 'existing') {
      if (claim.operation.requestHash !== hash) {
        return {
          ok: false,
          error: {
            code: 'IDEMPOTENCY_KEY_REUSED',
            message: 'this idempotency key was used for a different request',
          },
        };
      }
      return this.awaitOutcome(claim.operation);
    }
    return this.execute(claim.operation.id, input);
  }

  /** A duplicate: the first request's outcome, waiting for it within a bound. */
  private async awaitOutcome(first: WriteOperation): Promise<PayPropertyTaxResult> {
    const deadline = performance.now() + this.ctx.duplicateWaitMs;
    let op: WriteOperation | undefined = first;
    for (;;) {
      if (op && op.state !== 'pending' && op.result !== null) return parseStoredResult(op.result);
      if (performance.now() >= deadline) {
        return { ok: false, error: { code: 'IDEMPOTENCY_IN_PROGRESS', paymentId: first.id } };
      }
      await sleep(this.ctx.duplicatePollMs);
      op = await this.ctx.ledger.get(first.id);
    }
  }

  private async execute(paymentId: string, input: ValidatedInput): Promise<PayPropertyTaxResult> {
    const inquired: PaymentItem[] = [];
    for (const item of await this.ctx.store.items(paymentId)) {
      const step = await this.inquire(item);
      if ('error' in step) return failPayment(this.ctx, paymentId, step.error);
      inquired.push(step.item);
    }
    const actualTotal = inquired.reduce((sum, i) => sum + (i.total ?? 0), 0);
    if (actualTotal !== input.expectedTotal) {
      return failPayment(this.ctx, paymentId, {
        code: 'AMOUNT_MISMATCH',
        paymentId,
        paid: [],
        expectedTotal: input.expectedTotal,
        actualTotal,
        years: inquired.map((i) => ({ year: i.year, total: i.total ?? 0 })),
      });
    }
    for (const item of inquired) {
      if (!(await this.pay(item, input))) break;
    }
    await this.ctx.store.cancelUnsent(paymentId, null);
    return finishPayment(this.ctx, paymentId);
  }

  private async inquire(
    item: PaymentItem,
  ): Promise<{ item: PaymentItem } | { error: PaymentError }> {
    const { store } = this.ctx;
    const bill: BillRef = { nop: item.nop, year: item.year };
    const ref = await this.ctx.refs.next();
    const msg = { mti: '0200', processing_code: PC_INQUIRY, stan: ref.stan, rrn: ref.rrn };
    await store.message(item, { ...msg, direction: 'out', rc: null, detail: null });
    const base = { paymentId: item.paymentId, paid: [], year: item.year };
    let answer;
    try {
      answer = await this.ctx.bank.inquire(bill, ref, { timeoutMs: this.ctx.inquiryTimeoutMs });
    } catch (err) {
      await store.message(item, {
        ...msg,
        mti: null,
        direction: 'in',
        rc: null,
        detail: failureDetail(err),
      });
      return { error: { ...base, code: 'PAYMENT_UNAVAILABLE', reason: 'BANK_UNAVAILABLE' } };
    }
    const answerEvent = { ...msg, mti: '0210', direction: 'in', rc: answer.rc, detail: null };
    if ('profile' in answer && answer.rc === '00') {
      const patch = {
        principal: answer.profile.principal,
        penalty: answer.profile.penalty,
        total: answer.total,
      };
      if (!(await store.transition(item, ['created'], 'inquired', patch, [answerEvent]))) {
        return { error: { ...base, code: 'PAYMENT_UNAVAILABLE', reason: 'INTERRUPTED' } };
      }
      return { item: { ...item, ...patch, state: 'inquired' } };
    }
    await store.message(item, answerEvent);
    if (answer.rc === '54') {
      const earlierNtp =
        'earlierNtp' in answer && typeof answer.earlierNtp === 'string' ? answer.earlierNtp : null;
      return { error: { ...base, code: 'ALREADY_PAID', earlierNtp } };
    }
    if (answer.rc === '55' || answer.rc === '33')
      return { error: { ...base, code: 'BILL_NOT_FOUND' } };
    return { error: { ...base, code: 'PAYMENT_UNAVAILABLE', reason: 'BANK_ERROR' } };
  }

  /** Sends one year's payment; true when it ended paid and the next year may follow. */
  private async pay(item: PaymentItem, input: ValidatedInput): Promise<boolean> {
    const { store, ledger } = this.ctx;
    const ref = await this.ctx.refs.next();
    const total = item.total ?? 0;
    const request = { amount: total, ntb: ref.rrn, channel: input.channel };
    const msg = { mti: '0200', processing_code: PC_PAYMENT, stan: ref.stan, rrn: ref.rrn };
    const sentAt = ref.transmittedAt.getTime();
    const sent = await store.transition(
      item,
      ['inquired'],
      'sent',
      {
        stan: ref.stan,
        rrn: ref.rrn,
        ntb: request.ntb,
        sent_at: sentAt,
        lease_owner: this.ctx.instanceId,
        lease_until: ledger.now() + this.ctx.paymentTimeoutMs + this.ctx.leaseMarginMs,
      },
      [{ ...msg, direction: 'out', rc: null, detail: null }],
    );
    if (!sent) return false;
    const current: PaymentItem = {
      ...item,
      state: 'sent',
      stan: ref.stan,
      rrn: ref.rrn,
      ntb: request.ntb,
      sentAt,
    };
    const release = { lease_owner: null, lease_until: null };
    let answer;
    try {
      answer = await this.ctx.bank.pay({ nop: item.nop, year: item.year }, request, ref, {
        timeoutMs: this.ctx.paymentTimeoutMs,
      });
    } catch (err) {
      const inEvent = { ...msg, mti: null, direction: 'in', rc: null, detail: failureDetail(err) };
      if (err instanceof BankUnavailableError) {
        // Certainly not sent: nothing moved.
        await store.transition(
          current,
          ['sent'],
          'cancelled',
          { ...release, error_code: 'BANK_UNAVAILABLE' },
          [inEvent],
        );
        return false;
      }
      if (await store.transition(current, ['sent'], 'unknown', release, [inEvent])) {
        await resolveInline(this.ctx, current.id);
      }
      return false;
    }
    const inEvent = { ...msg, mti: '0210', direction: 'in', rc: answer.rc, detail: null };
    if (answer.rc === '00' && typeof answer.ntp === 'string' && answer.ntp !== '') {
      const paid = await store.transition(
        current,
        ['sent'],
        'paid',
        { ...release, rc: '00', ntp: answer.ntp, paid_at: ledger.now() },
        [inEvent],
      );
      if (!paid)
        this.ctx.logger.warn(
          { paymentId: item.paymentId },
          'payment answer came after recovery took the item',
        );
      return paid;
    }
    if (answer.rc === '00') {
      // Approved without a receipt number: no receipt can be given, so undo it.
      if (
        await store.transition(current, ['sent'], 'unknown', { ...release, rc: '00' }, [
          { ...inEvent, detail: 'no-ntp' },
        ])
      ) {
        await resolveInline(this.ctx, current.id);
      }
      return false;
    }
    const errorCode =
      answer.rc === '54'
        ? 'ALREADY_PAID'
        : answer.rc === '55'
          ? 'BILL_NOT_FOUND'
          : 'PAYMENT_DECLINED';
    await store.transition(
      current,
      ['sent'],
      'declined',
      { ...release, rc: answer.rc, error_code: errorCode },
      [inEvent],
    );
    return false;
  }
}
