/**
 * The port between the payment service (src/payments) and a bank's host-to-host link
 * (src/connectors/bank-aceh implements it over ISO 8583). The service decides what to send and
 * records it durably BEFORE calling a method here; an implementation sends exactly one message
 * per call and never retries on its own (a write is never retried blindly).
 */

/** One PBB-P2 bill: a tax object and a tax year. */
export interface BillRef {
  /** 18 digits, no separators. */
  nop: string;
  year: number;
}

/** Correlation data of one message, chosen by the service and stored in the ledger before sending. */
export interface MessageRef {
  /** System trace audit number, 6 digits (bit 11). */
  stan: string;
  /** Retrieval reference number, 12 characters (bit 37). */
  rrn: string;
  /** Transmission time (bits 7, 12, 13). */
  transmittedAt: Date;
}

export interface CallOptions {
  /** How long to wait for the answer before giving up with `BankNoAnswerError`. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What the bill profile (bit 62) says, amounts in integer rupiah. */
export interface BillProfile {
  taxpayerName: string;
  objectLocation: string;
  villageName: string;
  districtName: string;
  landArea: number;
  buildingArea: number;
  /** YYYY-MM-DD */
  dueDate: string;
  principal: number;
  penalty: number;
  total: number;
}

export type InquiryAnswer =
  | { rc: '00'; total: number; profile: BillProfile }
  /** Already paid; `earlierNtp` when this bank paid it. */
  | { rc: '54'; earlierNtp?: string }
  | { rc: string };

export type PaymentAnswer =
  { rc: '00'; ntp: string; amount: number; profile?: BillProfile } | { rc: string; ntp?: string };

export interface ReversalAnswer {
  rc: string;
}

/** Channel (bit 18): 6010 teller, 6011 ATM, 6014 internet banking. */
export type PaymentChannel = '6010' | '6011' | '6014';

export interface PaymentRequest {
  /** Integer rupiah; must equal the inquired total. */
  amount: number;
  /** The bank's transaction number (bit 48), chosen by the service. */
  ntb: string;
  channel: PaymentChannel;
}

export interface TaxPaymentBank {
  /** 0200 inquiry (processing code 341019). */
  inquire(bill: BillRef, ref: MessageRef, options: CallOptions): Promise<InquiryAnswer>;
  /** 0200 payment (541019). `BankNoAnswerError` means the outcome is unknown. */
  pay(
    bill: BillRef,
    payment: PaymentRequest,
    ref: MessageRef,
    options: CallOptions,
  ): Promise<PaymentAnswer>;
  /**
   * 0400 reversal (`repeat` false) or 0401 reversal repeat (`repeat` true) of the payment sent
   * with `original`; carries the payment's processing code, amount and NTB.
   */
  reverse(
    bill: BillRef,
    original: { ref: MessageRef; payment: PaymentRequest },
    ref: MessageRef,
    repeat: boolean,
    options: CallOptions,
  ): Promise<ReversalAnswer>;
}

/** The message may have reached the bank but no answer came in time: outcome unknown. */
export class BankNoAnswerError extends Error {
  readonly code = 'BANK_NO_ANSWER';
  constructor(message = 'no answer from the bank in time') {
    super(message);
    this.name = 'BankNoAnswerError';
  }
}

/** The message was certainly NOT sent (link down, not signed on, breaker open): nothing moved. */
export class BankUnavailableError extends Error {
  readonly code = 'BANK_UNAVAILABLE';
  constructor(message = 'bank link unavailable') {
    super(message);
    this.name = 'BankUnavailableError';
  }
}

/** One payment in the bank switch's end-of-day settlement list. */
export interface SettlementRow {
  nop: string;
  year: number;
  /** Integer rupiah. */
  amount: number;
  ntp: string;
  ntb: string;
  channel: string;
  paidAt: Date;
}

/**
 * Optional, separate from `TaxPaymentBank`: where the day's settlement list comes from (the
 * bank mock's admin API, a file the bank delivers, ...). `date` is YYYY-MM-DD, local to the bank.
 */
export interface SettlementSource {
  settlement(date: string): Promise<SettlementRow[]>;
}
