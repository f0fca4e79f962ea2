/**
 * An in-process test double of the AGENCY side (the bank switch), implementing the port with
 * the biller rules of the facts sheet (BJB v1.7 RCs) and scriptable faults. It counts every
 * message so tests can assert what reached the bank.
 */
import {
  BankNoAnswerError,
  BankUnavailableError,
  type BillProfile,
  type BillRef,
  type CallOptions,
  type InquiryAnswer,
  type MessageRef,
  type PaymentAnswer,
  type PaymentRequest,
  type ReversalAnswer,
  type SettlementRow,
  type SettlementSource,
  type TaxPaymentBank,
} from '../../src/payments/bank-port';
import { dayRange } from '../../src/payments/reconcile';

/** What the next call of a method does (default: answer by the biller rules). */
export type Behaviour =
  | { kind: 'answer' }
  /** Answer this RC without committing anything. */
  | { kind: 'rc'; rc: string }
  /** The answer is lost: BankNoAnswerError, after committing (`commit`) or not. */
  | { kind: 'no-answer'; commit: boolean }
  /** Link down: BankUnavailableError, nothing reached the bank. */
  | { kind: 'unavailable' }
  /** Never answers until `releaseHung()`; commits first when `commit`. */
  | { kind: 'hang'; commit: boolean };

type Method = 'inquire' | 'pay' | 'reverse';

interface BankPayment {
  nop: string;
  year: number;
  amount: number;
  ntp: string;
  ntb: string;
  channel: string;
  at: Date;
  reversed: boolean;
}

interface Bill {
  principal: number;
  penalty: number;
}

export class FakeBank implements TaxPaymentBank, SettlementSource {
  readonly bills = new Map<string, Bill>();
  readonly payments: BankPayment[] = [];
  readonly calls = { inquire: 0, pay: 0, reverse: 0 };
  /** `repeat` flag of every reversal received, in order. */
  readonly reversals: boolean[] = [];
  private readonly scripts: Record<Method, Behaviour[]> = { inquire: [], pay: [], reverse: [] };
  private readonly inquired = new Set<string>();
  private readonly hung: (() => void)[] = [];
  private ntpSeq = 0;
  /** Edits the settlement list before it is returned (to inject mismatches). */
  tamper: ((rows: SettlementRow[]) => SettlementRow[]) | undefined;

  addBill(nop: string, year: number, principal: number, penalty = 0): void {
    this.bills.set(`${nop}/${year}`, { principal, penalty });
  }

  /** Queues behaviours for the next calls of `method`. */
  script(method: Method, ...behaviours: Behaviour[]): void {
    this.scripts[method].push(...behaviours);
  }

  releaseHung(): void {
    for (const release of this.hung.splice(0)) release();
  }

  /** Committed, not reversed payments of a bill: more than one means paid twice. */
  paidCount(nop: string, year: number): number {
    return this.payments.filter((p) => p.nop === nop && p.year === year && !p.reversed).length;
  }

  private latest(nop: string, year: number): BankPayment | undefined {
    return this.payments.filter((p) => p.nop === nop && p.year === year).at(-1);
  }

  private async faults<T>(
    method: Method,
    options: CallOptions,
    commit: () => T,
    answer: () => T,
  ): Promise<T> {
    const b = this.scripts[method].shift() ?? { kind: 'answer' };
    await Promise.resolve();
    if (options.signal?.aborted) throw new BankUnavailableError('aborted');
    switch (b.kind) {
      case 'answer':
        return commit();
      case 'rc':
        return answer();
      case 'unavailable':
        throw new BankUnavailableError();
      case 'no-answer':
        if (b.commit) commit();
        throw new BankNoAnswerError();
      case 'hang':
        if (b.commit) commit();
        await new Promise<void>((resolve) => this.hung.push(resolve));
        return b.commit ? answer() : commit();
    }
  }

  inquire(bill: BillRef, _ref: MessageRef, options: CallOptions): Promise<InquiryAnswer> {
    this.calls.inquire++;
    const key = `${bill.nop}/${bill.year}`;
    const scripted = this.scripts.inquire[0];
    const rc = scripted?.kind === 'rc' ? scripted.rc : undefined;
    return this.faults<InquiryAnswer>(
      'inquire',
      options,
      () => this.answerInquiry(bill, key),
      () => ({
        rc: rc ?? '76',
      }),
    );
  }

  private answerInquiry(bill: BillRef, key: string): InquiryAnswer {
    const b = this.bills.get(key);
    if (!b) return { rc: '55' };
    const last = this.latest(bill.nop, bill.year);
    if (last && !last.reversed) return { rc: '54', earlierNtp: last.ntp };
    this.inquired.add(key);
    return { rc: '00', total: b.principal + b.penalty, profile: profile(bill, b) };
  }

  pay(
    bill: BillRef,
    payment: PaymentRequest,
    _ref: MessageRef,
    options: CallOptions,
  ): Promise<PaymentAnswer> {
    this.calls.pay++;
    const scripted = this.scripts.pay[0];
    const rc = scripted?.kind === 'rc' ? scripted.rc : '76';
    let committed: PaymentAnswer | undefined;
    return this.faults<PaymentAnswer>(
      'pay',
      options,
      () => (committed = this.commitPayment(bill, payment)),
      () => committed ?? { rc },
    );
  }

  private commitPayment(bill: BillRef, payment: PaymentRequest): PaymentAnswer {
    const key = `${bill.nop}/${bill.year}`;
    const b = this.bills.get(key);
    if (!b) return { rc: '55' };
    const last = this.latest(bill.nop, bill.year);
    if (last && !last.reversed) return { rc: '54' };
    if (payment.amount !== b.principal + b.penalty) return { rc: '51' };
    if (!this.inquired.has(key)) return { rc: '76' };
    const ntp = `12345678${String(++this.ntpSeq).padStart(8, '0')}`;
    this.payments.push({
      nop: bill.nop,
      year: bill.year,
      amount: payment.amount,
      ntp,
      ntb: payment.ntb,
      channel: payment.channel,
      at: new Date(),
      reversed: false,
    });
    return { rc: '00', ntp, amount: payment.amount };
  }

  reverse(
    bill: BillRef,
    _original: { ref: MessageRef; payment: PaymentRequest },
    _ref: MessageRef,
    repeat: boolean,
    options: CallOptions,
  ): Promise<ReversalAnswer> {
    this.calls.reverse++;
    this.reversals.push(repeat);
    const scripted = this.scripts.reverse[0];
    const rc = scripted?.kind === 'rc' ? scripted.rc : '76';
    let committed: ReversalAnswer | undefined;
    return this.faults<ReversalAnswer>(
      'reverse',
      options,
      () => (committed = this.commitReversal(bill)),
      () => committed ?? { rc },
    );
  }

  private commitReversal(bill: BillRef): ReversalAnswer {
    const last = this.latest(bill.nop, bill.year);
    if (!last) return { rc: '55' };
    if (last.reversed) return { rc: '54' };
    last.reversed = true;
    return { rc: '00' };
  }

  async settlement(date: string): Promise<SettlementRow[]> {
    const { from, to } = dayRange(date, 420);
    const rows = this.payments
      .filter((p) => !p.reversed && p.at.getTime() >= from && p.at.getTime() < to)
      .map((p) => ({
        nop: p.nop,
        year: p.year,
        amount: p.amount,
        ntp: p.ntp,
        ntb: p.ntb,
        channel: p.channel,
        paidAt: p.at,
      }));
    return this.tamper ? this.tamper(rows) : rows;
  }
}

function profile(bill: BillRef, b: Bill): BillProfile {
  return {
    taxpayerName: 'WAJIB PAJAK UJI',
    objectLocation: 'JL. UJI',
    villageName: 'GAMPONG UJI',
    districtName: 'LANGSA KOTA',
    landArea: 100,
    buildingArea: 50,
    dueDate: `${bill.year}-08-31`,
    principal: b.principal,
    penalty: b.penalty,
    total: b.principal + b.penalty,
  };
}
