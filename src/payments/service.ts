/**
 * The payment service: pays one or more tax years of a tax object exactly once.
 *
 * Every step is written to the ledger BEFORE the message goes out and updated on each answer;
 * the idempotency key is claimed with a database constraint; a lost answer is resolved by
 * reversal (0400, then 0401 repeats), inline first and then by `recoverPending`, at start-up and
 * on an interval. See docs/payments.md.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PersistentSequence, type WriteLedger, type WriteOperation } from '../ledger';
import {
  BankNoAnswerError,
  BankUnavailableError,
  type BillRef,
  type TaxPaymentBank,
} from './bank-port';
import {
  FINAL_ITEM_STATES,
  PBB_PAYMENT_KIND,
  type ItemState,
  type PaymentError,
  type PaymentEvent,
  type PaymentItemView,
  type PaymentSummary,
  type PaymentView,
  type PayPropertyTaxInput,
  type PayPropertyTaxResult,
} from './domain';
import { isSettled, outcomeOf } from './outcome';
import { MessageRefs } from './refs';
import { requestHash, validatePaymentInput, type ValidatedInput } from './request';
import { parseStoredResult } from './result-schema';
import { PaymentStore, type PaymentItem } from './store';

const PC_INQUIRY = '341019';
const PC_PAYMENT = '541019';

/** pino-compatible; nothing personal is ever passed (no NOP, no names). */
export interface PaymentLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PaymentServiceOptions {
  bank: TaxPaymentBank;
  ledger: WriteLedger;
  /** Message-number source. Default: the ledger's `message` counter, blocks of 50. */
  sequence?: PersistentSequence;
  /** Names this instance in item leases. Default a random UUID. */
  instanceId?: string;
  /** Wait for an inquiry answer, ms. Default 15000. */
  inquiryTimeoutMs?: number;
  /** Wait for a payment answer before the outcome is unknown, ms. Default 30000. */
  paymentTimeoutMs?: number;
  /** Wait for a reversal answer, ms. Default 30000. */
  reversalTimeoutMs?: number;
  /** Reversal messages tried before `payPropertyTax` returns PAYMENT_PENDING. Default 2. */
  inlineReversalAttempts?: number;
  /** Pause before reversal attempt n (1-based) that got no answer. Default 2 s doubling, at most 60 s. */
  reversalBackoffMs?: (attempt: number) => number;
  /** Added to a call's timeout for the lease that keeps other instances off an item, ms. Default 15000. */
  leaseMarginMs?: number;
  /** A pending operation with no progress for this long is taken as abandoned, ms. Default 120000. */
  staleAfterMs?: number;
  /** How long a duplicate request waits for the first one's outcome, ms. Default 30000. */
  duplicateWaitMs?: number;
  /** Poll interval of that wait, ms. Default 100. */
  duplicatePollMs?: number;
  logger?: PaymentLogger;
}

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

const defaultBackoff = (attempt: number): number =>
  Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt - 1));
const silent: PaymentLogger = { warn: () => undefined, error: () => undefined };

export class PaymentService {
  private readonly bank: TaxPaymentBank;
  private readonly ledger: WriteLedger;
  private readonly store: PaymentStore;
  private readonly refs: MessageRefs;
  private readonly instanceId: string;
  private readonly inquiryTimeoutMs: number;
  private readonly paymentTimeoutMs: number;
  private readonly reversalTimeoutMs: number;
  private readonly inlineReversalAttempts: number;
  private readonly backoff: (attempt: number) => number;
  private readonly leaseMarginMs: number;
  private readonly staleAfterMs: number;
  private readonly duplicateWaitMs: number;
  private readonly duplicatePollMs: number;
  private readonly logger: PaymentLogger;
  /** Same-key requests inside this instance share one run (the ledger covers other instances). */
  private readonly running = new Map<
    string,
    { hash: string; promise: Promise<PayPropertyTaxResult> }
  >();
  private timer: NodeJS.Timeout | undefined;
  private recovering: Promise<RecoveryReport> | undefined;

  constructor(options: PaymentServiceOptions) {
    this.bank = options.bank;
    this.ledger = options.ledger;
    this.store = new PaymentStore(options.ledger);
    this.refs = new MessageRefs(
      options.sequence ?? new PersistentSequence(options.ledger.db),
      options.ledger.now,
    );
    this.instanceId = options.instanceId ?? randomUUID();
    this.inquiryTimeoutMs = options.inquiryTimeoutMs ?? 15_000;
    this.paymentTimeoutMs = options.paymentTimeoutMs ?? 30_000;
    this.reversalTimeoutMs = options.reversalTimeoutMs ?? 30_000;
    this.inlineReversalAttempts = Math.max(0, options.inlineReversalAttempts ?? 2);
    this.backoff = options.reversalBackoffMs ?? defaultBackoff;
    this.leaseMarginMs = options.leaseMarginMs ?? 15_000;
    this.staleAfterMs = options.staleAfterMs ?? 120_000;
    this.duplicateWaitMs = options.duplicateWaitMs ?? 30_000;
    this.duplicatePollMs = options.duplicatePollMs ?? 100;
    this.logger = options.logger ?? silent;
  }

  /**
   * Pays the years of one tax object. Domain outcomes (including every refusal) are returned,
   * never thrown; a ledger failure throws (nothing is sent without a ledger record).
   */
  async payPropertyTax(input: PayPropertyTaxInput): Promise<PayPropertyTaxResult> {
    const validated = validatePaymentInput(input, new Date(this.ledger.now()).getUTCFullYear());
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

  private async claimAndRun(input: ValidatedInput, hash: string): Promise<PayPropertyTaxResult> {
    const claim = await this.ledger.claim(
      {
        kind: PBB_PAYMENT_KIND,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        tenant: input.tenant,
      },
      (trx, id, now) => this.store.insert(trx, id, input, now),
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
    const deadline = performance.now() + this.duplicateWaitMs;
    let op: WriteOperation | undefined = first;
    for (;;) {
      if (op && op.state !== 'pending' && op.result !== null) return parseStoredResult(op.result);
      if (performance.now() >= deadline) {
        return { ok: false, error: { code: 'IDEMPOTENCY_IN_PROGRESS', paymentId: first.id } };
      }
      await sleep(this.duplicatePollMs);
      op = await this.ledger.get(first.id);
    }
  }

  private async execute(paymentId: string, input: ValidatedInput): Promise<PayPropertyTaxResult> {
    const inquired: PaymentItem[] = [];
    for (const item of await this.store.items(paymentId)) {
      const step = await this.inquire(item);
      if ('error' in step) return this.fail(paymentId, step.error);
      inquired.push(step.item);
    }
    const actualTotal = inquired.reduce((sum, i) => sum + (i.total ?? 0), 0);
    if (actualTotal !== input.expectedTotal) {
      return this.fail(paymentId, {
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
    await this.store.cancelUnsent(paymentId, null);
    return this.finish(paymentId);
  }

  private async inquire(
    item: PaymentItem,
  ): Promise<{ item: PaymentItem } | { error: PaymentError }> {
    const bill: BillRef = { nop: item.nop, year: item.year };
    const ref = await this.refs.next();
    const msg = { mti: '0200', processing_code: PC_INQUIRY, stan: ref.stan, rrn: ref.rrn };
    await this.store.message(item, { ...msg, direction: 'out', rc: null, detail: null });
    const base = { paymentId: item.paymentId, paid: [], year: item.year };
    let answer;
    try {
      answer = await this.bank.inquire(bill, ref, { timeoutMs: this.inquiryTimeoutMs });
    } catch (err) {
      await this.store.message(item, {
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
      if (!(await this.store.transition(item, ['created'], 'inquired', patch, [answerEvent]))) {
        return { error: { ...base, code: 'PAYMENT_UNAVAILABLE', reason: 'INTERRUPTED' } };
      }
      return { item: { ...item, ...patch, state: 'inquired' } };
    }
    await this.store.message(item, answerEvent);
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
    const ref = await this.refs.next();
    const total = item.total ?? 0;
    const request = { amount: total, ntb: ref.rrn, channel: input.channel };
    const msg = { mti: '0200', processing_code: PC_PAYMENT, stan: ref.stan, rrn: ref.rrn };
    const sentAt = ref.transmittedAt.getTime();
    const sent = await this.store.transition(
      item,
      ['inquired'],
      'sent',
      {
        stan: ref.stan,
        rrn: ref.rrn,
        ntb: request.ntb,
        sent_at: sentAt,
        lease_owner: this.instanceId,
        lease_until: this.ledger.now() + this.paymentTimeoutMs + this.leaseMarginMs,
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
      answer = await this.bank.pay({ nop: item.nop, year: item.year }, request, ref, {
        timeoutMs: this.paymentTimeoutMs,
      });
    } catch (err) {
      const inEvent = { ...msg, mti: null, direction: 'in', rc: null, detail: failureDetail(err) };
      if (err instanceof BankUnavailableError) {
        // Certainly not sent: nothing moved.
        await this.store.transition(
          current,
          ['sent'],
          'cancelled',
          { ...release, error_code: 'BANK_UNAVAILABLE' },
          [inEvent],
        );
        return false;
      }
      if (await this.store.transition(current, ['sent'], 'unknown', release, [inEvent])) {
        await this.resolveInline(current.id);
      }
      return false;
    }
    const inEvent = { ...msg, mti: '0210', direction: 'in', rc: answer.rc, detail: null };
    if (answer.rc === '00' && typeof answer.ntp === 'string' && answer.ntp !== '') {
      const paid = await this.store.transition(
        current,
        ['sent'],
        'paid',
        { ...release, rc: '00', ntp: answer.ntp, paid_at: this.ledger.now() },
        [inEvent],
      );
      if (!paid)
        this.logger.warn(
          { paymentId: item.paymentId },
          'payment answer came after recovery took the item',
        );
      return paid;
    }
    if (answer.rc === '00') {
      // Approved without a receipt number: no receipt can be given, so undo it.
      if (
        await this.store.transition(current, ['sent'], 'unknown', { ...release, rc: '00' }, [
          { ...inEvent, detail: 'no-ntp' },
        ])
      ) {
        await this.resolveInline(current.id);
      }
      return false;
    }
    const errorCode =
      answer.rc === '54'
        ? 'ALREADY_PAID'
        : answer.rc === '55'
          ? 'BILL_NOT_FOUND'
          : 'PAYMENT_DECLINED';
    await this.store.transition(
      current,
      ['sent'],
      'declined',
      { ...release, rc: answer.rc, error_code: errorCode },
      [inEvent],
    );
    return false;
  }

  private async resolveInline(itemId: string): Promise<void> {
    for (let attempt = 1; attempt <= this.inlineReversalAttempts; attempt++) {
      const state = await this.reverseOnce(itemId, true);
      if (state === undefined || FINAL_ITEM_STATES.includes(state)) return;
      if (attempt < this.inlineReversalAttempts) await sleep(this.backoff(attempt));
    }
  }

  /**
   * One reversal attempt for an item whose payment outcome is unknown: 0400 the first time, 0401
   * after any attempt that may have reached the bank. Returns the item's state afterwards, or
   * undefined when another instance holds it.
   */
  private async reverseOnce(
    itemId: string,
    ignoreSchedule: boolean,
  ): Promise<ItemState | undefined> {
    const item = await this.store.item(itemId);
    if (!item) return undefined;
    if (FINAL_ITEM_STATES.includes(item.state)) return item.state;
    const now = this.ledger.now();
    if (!ignoreSchedule && item.nextAttemptAt !== null && item.nextAttemptAt > now)
      return item.state;
    const payment = await this.store.payment(item.paymentId);
    if (
      !payment ||
      item.stan === null ||
      item.rrn === null ||
      item.ntb === null ||
      item.sentAt === null
    ) {
      this.logger.error(
        { paymentId: item.paymentId },
        'payment item in flight without its message record',
      );
      return undefined;
    }
    const repeat = item.reversalAttempts > 0;
    const ref = await this.refs.next();
    const mti = repeat ? '0401' : '0400';
    const msg = { mti, processing_code: PC_PAYMENT, stan: ref.stan, rrn: ref.rrn };
    const claimed = await this.store.transition(
      item,
      ['sent', 'unknown', 'reversing'],
      'reversing',
      {
        lease_owner: this.instanceId,
        lease_until: now + this.reversalTimeoutMs + this.leaseMarginMs,
      },
      [{ ...msg, direction: 'out', rc: null, detail: null }],
      { onlyIfLeaseFree: true, progress: false },
    );
    if (!claimed) return undefined;
    const current: PaymentItem = { ...item, state: 'reversing' };
    const original = {
      ref: { stan: item.stan, rrn: item.rrn, transmittedAt: new Date(item.sentAt) },
      payment: { amount: item.total ?? 0, ntb: item.ntb, channel: payment.channel },
    };
    const release = { lease_owner: null, lease_until: null };
    let rc: string;
    try {
      ({ rc } = await this.bank.reverse({ nop: item.nop, year: item.year }, original, ref, repeat, {
        timeoutMs: this.reversalTimeoutMs,
      }));
    } catch (err) {
      // Unavailable: this reversal was certainly not sent, so the next one is not a repeat.
      const attempts =
        err instanceof BankUnavailableError ? item.reversalAttempts : item.reversalAttempts + 1;
      await this.store.transition(
        current,
        ['reversing'],
        'reversing',
        {
          ...release,
          reversal_attempts: attempts,
          next_attempt_at: now + this.backoff(attempts + 1),
        },
        [{ ...msg, mti: null, direction: 'in', rc: null, detail: failureDetail(err) }],
        { progress: false },
      );
      return 'reversing';
    }
    const inEvent = { ...msg, mti: repeat ? '0411' : '0410', direction: 'in', rc };
    // 00: reversed. 54 (bill not paid) / 55 (no payment of ours): our payment never took effect.
    if (rc === '00' || rc === '54' || rc === '55') {
      const ok = await this.store.transition(
        current,
        ['reversing'],
        'reversed',
        {
          ...release,
          rc,
          error_code: 'PAYMENT_REVERSED',
          reversal_attempts: item.reversalAttempts + 1,
          next_attempt_at: null,
        },
        [{ ...inEvent, detail: rc === '00' ? null : 'not-paid' }],
        { progress: false },
      );
      return ok ? 'reversed' : undefined;
    }
    await this.store.transition(
      current,
      ['reversing'],
      'reversing',
      {
        ...release,
        rc,
        reversal_attempts: item.reversalAttempts + 1,
        next_attempt_at: now + this.backoff(item.reversalAttempts + 2),
      },
      [{ ...inEvent, detail: 'refused' }],
      { progress: false },
    );
    return 'reversing';
  }

  private async fail(paymentId: string, error: PaymentError): Promise<PayPropertyTaxResult> {
    await this.store.cancelUnsent(paymentId, error.code);
    const result: PayPropertyTaxResult = { ok: false, error };
    if (await this.ledger.settle(paymentId, 'done', JSON.stringify(result), ['pending']))
      return result;
    return this.finish(paymentId);
  }

  /** Writes (or reads back) the outcome derived from the items. */
  private async finish(paymentId: string): Promise<PayPropertyTaxResult> {
    const [payment, items] = await Promise.all([
      this.store.payment(paymentId),
      this.store.items(paymentId),
    ]);
    if (!payment) throw new Error('ledger: payment vanished');
    const result = outcomeOf(payment, items);
    const settled = isSettled(items);
    const written = await this.ledger.settle(
      paymentId,
      settled ? 'done' : 'resolving',
      JSON.stringify(result),
      settled ? ['pending', 'resolving'] : ['pending'],
    );
    if (written) return result;
    const op = await this.ledger.get(paymentId);
    return op?.result ? parseStoredResult(op.result) : result;
  }

  /**
   * Resolves every payment left unknown: items in `unknown`, or `sent` / `reversing` whose
   * holder's lease ran out (it crashed), get their next reversal attempt when due; abandoned
   * operations get their unsent years cancelled; settled operations get their final outcome.
   */
  async recoverPending(): Promise<RecoveryReport> {
    const report: RecoveryReport = { attempted: 0, reversed: 0, unresolved: 0, finalized: 0 };
    const touched = new Set<string>();
    // Operations with an item still `sent` after its lease ran out: the owner never recorded
    // the answer nor gave up on it, so it died (or, if alive, reads back what we write). Their
    // outcome is written as soon as every year is final, not `staleAfterMs` later.
    const ownerGone = new Set<string>();
    for (const item of await this.store.dueForResolution(this.ledger.now())) {
      report.attempted++;
      touched.add(item.paymentId);
      if (item.state === 'sent') ownerGone.add(item.paymentId);
      const state = await this.reverseOnce(item.id, false);
      if (state === 'reversed') report.reversed++;
      else report.unresolved++;
    }
    for (const op of await this.ledger.listStale(
      PBB_PAYMENT_KIND,
      this.ledger.now() - this.staleAfterMs,
    )) {
      const items = await this.store.items(op.id);
      if (items.some((i) => i.state === 'sent' || i.state === 'unknown' || i.state === 'reversing'))
        continue;
      await this.store.cancelUnsent(op.id, null, false);
      touched.add(op.id);
    }
    for (const op of await this.ledger.listInState(PBB_PAYMENT_KIND, 'resolving'))
      touched.add(op.id);
    const staleBefore = this.ledger.now() - this.staleAfterMs;
    for (const id of touched) {
      const op = await this.ledger.get(id);
      // A live owner (pending, recent progress) writes the outcome itself.
      const ownerMayWrite =
        op?.state === 'pending' && op.updatedAt >= staleBefore && !ownerGone.has(id);
      if (!op || op.state === 'done' || ownerMayWrite) continue;
      if (isSettled(await this.store.items(id))) {
        await this.finish(id);
        report.finalized++;
      }
    }
    return report;
  }

  /** Runs `recoverPending` now and then every `intervalMs` (default 15000), one pass at a time. */
  start(intervalMs = 15_000): void {
    if (this.timer) return;
    const pass = () => {
      if (this.recovering) return;
      this.recovering = this.recoverPending()
        .catch((err: unknown) => {
          this.logger.error({ err: errorName(err) }, 'payment recovery pass failed');
          return { attempted: 0, reversed: 0, unresolved: 0, finalized: 0 };
        })
        .finally(() => {
          this.recovering = undefined;
        });
    };
    pass();
    this.timer = setInterval(pass, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.recovering;
  }

  /** A payment with its years, outcome and message history; undefined when unknown. */
  async payment(id: string): Promise<PaymentView | undefined> {
    const [summary, events] = await Promise.all([this.summary(id), this.ledger.events(id)]);
    if (!summary) return undefined;
    const years = new Map((await this.store.items(id)).map((i) => [i.id, i.year]));
    const history: PaymentEvent[] = events.map((e) => ({
      type: e.type === 'message' ? 'message' : 'transition',
      year: e.item_id ? (years.get(e.item_id) ?? null) : null,
      fromState: e.from_state,
      toState: e.to_state,
      direction: e.direction === 'out' || e.direction === 'in' ? e.direction : null,
      mti: e.mti,
      processingCode: e.processing_code,
      rc: e.rc,
      stan: e.stan,
      rrn: e.rrn,
      detail: e.detail,
      at: new Date(Number(e.at)).toISOString(),
    }));
    return { ...summary, history };
  }

  /** Payments of one tax object, newest first (without message history). */
  async paymentsOfTaxObject(nop: string): Promise<PaymentSummary[]> {
    const summaries: PaymentSummary[] = [];
    for (const p of await this.store.paymentsOfNop(nop)) {
      const summary = await this.summary(p.id);
      if (summary) summaries.push(summary);
    }
    return summaries;
  }

  private async summary(id: string): Promise<PaymentSummary | undefined> {
    const payment = await this.store.payment(id);
    if (!payment) return undefined;
    const [items, op] = await Promise.all([this.store.items(id), this.ledger.get(id)]);
    return {
      id,
      nop: payment.nop,
      channel: payment.channel,
      officer: payment.officer,
      expectedTotal: payment.expectedTotal,
      state: payment.state,
      items: items.map(itemView),
      result: op?.result && op.state !== 'pending' ? parseStoredResult(op.result) : null,
      createdAt: new Date(payment.createdAt).toISOString(),
      updatedAt: new Date(payment.updatedAt).toISOString(),
    };
  }

  /** Items whose outcome is not final yet (for the status page). */
  inFlight(): Promise<number> {
    return this.store.countInFlight();
  }
}

function itemView(i: PaymentItem): PaymentItemView {
  return {
    year: i.year,
    state: i.state,
    principal: i.principal,
    penalty: i.penalty,
    total: i.total,
    ntp: i.ntp,
    ntb: i.ntb,
    stan: i.stan,
    rrn: i.rrn,
    rc: i.rc,
    errorCode: i.errorCode,
    paidAt: i.paidAt === null ? null : new Date(i.paidAt).toISOString(),
  };
}

function failureDetail(err: unknown): string {
  if (err instanceof BankUnavailableError) return 'unavailable';
  if (err instanceof BankNoAnswerError) return 'no-answer';
  return 'error';
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'unknown';
}
