import { LEGACY_PENALTY_RULE, latePenalty } from '../../src/connectors/bpkd/penalty';
import type { Dataset, TaxBill, TaxObject } from '../data/dataset';
import { Random } from '../data/random';

/**
 * The biller side of the PBB-P2 host-to-host link (the regional government's daemon behind
 * the bank switch), over the shared data set: paying a bill marks THE SAME `TaxBill` object
 * paid that the BPKD mock serves, so BPKD shows the year paid at once.
 * Business rules per the facts sheet; our own choices are marked (U) and listed in README.md.
 */

export const BILLER_RC = {
  approved: '00',
  invalidInvoice: '33',
  amountMismatch: '51',
  alreadyPaid: '54',
  notAvailable: '55',
  other: '76',
} as const;

export interface BillerRequest {
  /** Bit 61. */
  invoiceId: string;
  /** Bit 32. */
  bankId: string;
  stan: string;
  rrn: string;
}

export interface InquiryResult {
  rc: string;
  bill?: BillView;
  /** Earlier NTP when this bank paid an already paid bill. */
  ntp?: string;
}

/** A bill as the answer's bits 4 and 62 show it. */
export interface BillView {
  obj: TaxObject;
  bill: TaxBill;
  principal: number;
  penalty: number;
  total: number;
}

export interface PaymentRecord {
  nop: string;
  year: number;
  /** 1 for the bill's first payment, n+1 after a reversal. */
  number: number;
  amount: number;
  principal: number;
  penalty: number;
  ntp: string;
  ntb: string;
  channel: string;
  bankId: string;
  stan: string;
  rrn: string;
  /** Payment date, YYYY-MM-DD (bit 13 in the mock's current year, WIB). */
  date: string;
  at: Date;
  reversed: boolean;
  reversedAt: Date | null;
}

interface RememberedInquiry {
  total: number;
  penalty: number;
  stan: string;
  at: Date;
}

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const wibDate = (at: Date) => new Date(at.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);

export interface BillerOptions {
  /** Bank ids (bit 32) allowed to pay; others get RC 33. Default ["116"] (Bank Aceh). */
  allowedBanks?: readonly string[];
  /** The mock's "now". Default the system clock. */
  now?: () => Date;
  /** Region code in every NTP (U). Default "1173" (Kota Langsa). */
  regionCode?: string;
  /** Seed of the NTP's random digits. Default 116. */
  seed?: number;
}

export class PbbBiller {
  private readonly allowed: ReadonlySet<string>;
  private readonly now: () => Date;
  private readonly regionCode: string;
  private readonly rnd: Random;
  private readonly inquiries = new Map<string, RememberedInquiry>();
  private readonly paymentsByBill = new Map<string, PaymentRecord[]>();
  private readonly ntps = new Set<string>();
  /** Every payment in order, reversed ones included. */
  readonly payments: PaymentRecord[] = [];

  constructor(
    private readonly dataset: Dataset,
    options: BillerOptions = {},
  ) {
    this.allowed = new Set(options.allowedBanks ?? ['116']);
    this.now = options.now ?? (() => new Date());
    this.regionCode = options.regionCode ?? '1173';
    this.rnd = new Random(options.seed ?? 116);
  }

  inquire(req: BillerRequest): InquiryResult {
    const found = this.lookup(req);
    if (typeof found === 'string') return { rc: found };
    if (found.bill.paid) {
      const latest = this.latestPayment(found.obj.nop, found.bill.year);
      const ours = latest && !latest.reversed && latest.bankId === req.bankId;
      return ours ? { rc: BILLER_RC.alreadyPaid, ntp: latest.ntp } : { rc: BILLER_RC.alreadyPaid };
    }
    const view = this.view(found.obj, found.bill);
    this.inquiries.set(this.inquiryKey(req), {
      total: view.total,
      penalty: view.penalty,
      stan: req.stan,
      at: this.now(),
    });
    return { rc: BILLER_RC.approved, bill: view };
  }

  pay(req: BillerRequest & { amount: number; ntb: string; channel: string; mmdd: string }): {
    rc: string;
    bill?: BillView;
    payment?: PaymentRecord;
  } {
    const found = this.lookup(req);
    if (typeof found === 'string') return { rc: found };
    if (found.bill.paid) return { rc: BILLER_RC.alreadyPaid };
    const view = this.view(found.obj, found.bill);
    if (req.amount !== view.total) return { rc: BILLER_RC.amountMismatch };
    const key = this.inquiryKey(req);
    if (!this.inquiries.has(key)) return { rc: BILLER_RC.other };
    this.inquiries.delete(key);

    const history = this.paymentsByBill.get(`${found.obj.nop}${found.bill.year}`) ?? [];
    const at = this.now();
    const payment: PaymentRecord = {
      nop: found.obj.nop,
      year: found.bill.year,
      number: history.length + 1,
      amount: req.amount,
      principal: view.principal,
      penalty: view.penalty,
      ntp: this.newNtp(req.bankId),
      ntb: req.ntb,
      channel: req.channel,
      bankId: req.bankId,
      stan: req.stan,
      rrn: req.rrn,
      date: `${wibDate(at).slice(0, 4)}-${req.mmdd.slice(0, 2)}-${req.mmdd.slice(2, 4)}`,
      at,
      reversed: false,
      reversedAt: null,
    };
    history.push(payment);
    this.paymentsByBill.set(`${payment.nop}${payment.year}`, history);
    this.payments.push(payment);
    found.bill.paid = true;
    found.bill.paidDate = payment.date;
    return { rc: BILLER_RC.approved, bill: view, payment };
  }

  /**
   * 0400/0401: the latest payment of the NOP + year. (U) Idempotent by NOP + year + bank,
   * not by STAN: reversing an already reversed payment answers 54 (bill not paid).
   */
  reverse(req: BillerRequest): { rc: string } {
    const found = this.lookup(req);
    if (typeof found === 'string') return { rc: found };
    const latest = this.latestPayment(found.obj.nop, found.bill.year);
    if (!latest) return { rc: BILLER_RC.notAvailable };
    if (!found.bill.paid || latest.reversed) return { rc: BILLER_RC.alreadyPaid };
    if (latest.bankId !== req.bankId) return { rc: BILLER_RC.notAvailable };
    latest.reversed = true;
    latest.reversedAt = this.now();
    found.bill.paid = false;
    found.bill.paidDate = null;
    return { rc: BILLER_RC.approved };
  }

  /** Payments in force (not reversed) dated `date` (YYYY-MM-DD). */
  settlement(date: string): PaymentRecord[] {
    return this.payments.filter((p) => p.date === date && !p.reversed);
  }

  /** The mock's current date (WIB), the default settlement day. */
  today(): string {
    return wibDate(this.now());
  }

  private lookup(req: BillerRequest): { obj: TaxObject; bill: TaxBill } | string {
    if (!/^[0-9]{22}$/.test(req.invoiceId)) return BILLER_RC.invalidInvoice;
    if (!this.allowed.has(req.bankId)) return BILLER_RC.invalidInvoice;
    const obj = this.dataset.taxObjects.get(req.invoiceId.slice(0, 18));
    const year = Number(req.invoiceId.slice(18));
    const bill = obj?.bills.find((b) => b.year === year);
    if (!obj || !bill) return BILLER_RC.notAvailable;
    return { obj, bill };
  }

  private view(obj: TaxObject, bill: TaxBill): BillView {
    const penalty = latePenalty(
      { amount: bill.amountToPay, dueDate: bill.dueDate, paid: false },
      this.now(),
      LEGACY_PENALTY_RULE,
    );
    return { obj, bill, principal: bill.amountToPay, penalty, total: bill.amountToPay + penalty };
  }

  private latestPayment(nop: string, year: number): PaymentRecord | undefined {
    const history = this.paymentsByBill.get(`${nop}${year}`);
    return history?.[history.length - 1];
  }

  private inquiryKey(req: BillerRequest): string {
    return `${req.invoiceId}:${req.bankId}`;
  }

  /** (U) 4-digit bank code + 4-digit region code + 8 random digits, unique in this mock. */
  private newNtp(bankId: string): string {
    for (;;) {
      const ntp =
        bankId.padStart(4, '0').slice(-4) +
        this.regionCode +
        String(this.rnd.int(0, 99_999_999)).padStart(8, '0');
      if (!this.ntps.has(ntp)) {
        this.ntps.add(ntp);
        return ntp;
      }
    }
  }
}
