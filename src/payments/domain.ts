/**
 * Public types of the payment service: its input, the receipt, and the typed errors (a
 * discriminated union on `code`, which a GraphQL resolver maps 1:1 to `extensions.code`).
 * Amounts are integer rupiah; times are ISO 8601 strings.
 */
import type { PaymentChannel } from './bank-port';

/** The write-operation kind of a PBB-P2 payment in the ledger. */
export const PBB_PAYMENT_KIND = 'pbb-payment';

export interface PayPropertyTaxInput {
  /** 18 digits, no separators. */
  nop: string;
  /** One or more tax years of that object; paid oldest first. */
  years: number[];
  /** What the officer told the citizen: must equal the sum of the inquired totals. */
  expectedTotal: number;
  /** The caller's key for this payment; the same key always gives the same result. */
  idempotencyKey: string;
  channel: PaymentChannel;
  /** Staff identifier of the officer (not a name). */
  officer: string;
  /** The API client (console) that asked. */
  clientId: string;
  tenant?: string | null;
}

/** Lifecycle of one tax year of a payment. */
export type ItemState =
  | 'created'
  | 'inquired'
  | 'sent'
  | 'paid'
  | 'declined'
  | 'unknown'
  | 'reversing'
  | 'reversed'
  /** Never sent: nothing moved (an earlier year failed, the amounts did not match, ...). */
  | 'cancelled';

export const ITEM_STATES: readonly ItemState[] = [
  'created',
  'inquired',
  'sent',
  'paid',
  'declined',
  'unknown',
  'reversing',
  'reversed',
  'cancelled',
];

export const FINAL_ITEM_STATES: readonly ItemState[] = [
  'paid',
  'declined',
  'reversed',
  'cancelled',
];

/** Aggregate over the items of a payment. */
export type PaymentState = 'open' | 'in_flight' | 'paid' | 'partially_paid' | 'failed';

export interface ReceiptLine {
  year: number;
  principal: number;
  penalty: number;
  total: number;
  /** The regional government's transaction number: the receipt number. */
  ntp: string;
  /** The bank's transaction number. */
  ntb: string;
  stan: string;
  rrn: string;
  paidAt: string;
}

export interface Receipt {
  paymentId: string;
  nop: string;
  channel: PaymentChannel;
  officer: string;
  lines: ReceiptLine[];
  total: number;
  paidAt: string;
}

interface AfterStart {
  paymentId: string;
  /** Years paid before the failure; they stay paid (see docs/payments.md). */
  paid: ReceiptLine[];
}

export type PaymentError =
  | { code: 'INVALID_REQUEST'; message: string }
  | { code: 'IDEMPOTENCY_KEY_REUSED'; message: string }
  /** The first request with this key is still running (bounded wait exceeded). */
  | { code: 'IDEMPOTENCY_IN_PROGRESS'; paymentId: string }
  | (AfterStart & {
      code: 'AMOUNT_MISMATCH';
      expectedTotal: number;
      actualTotal: number;
      years: { year: number; total: number }[];
    })
  | (AfterStart & { code: 'ALREADY_PAID'; year: number; earlierNtp: string | null })
  | (AfterStart & { code: 'BILL_NOT_FOUND'; year: number })
  | (AfterStart & {
      code: 'PAYMENT_UNAVAILABLE';
      year: number | null;
      /** BANK_UNAVAILABLE: link down; BANK_ERROR: refused inquiry; INTERRUPTED: gateway stopped before sending. */
      reason: 'BANK_UNAVAILABLE' | 'BANK_ERROR' | 'INTERRUPTED';
    })
  | (AfterStart & { code: 'PAYMENT_DECLINED'; year: number; rc: string })
  /** The bank's answer was lost; the gateway is reversing it in the background. */
  | (AfterStart & { code: 'PAYMENT_PENDING'; year: number })
  /** The bank's answer was lost and the payment was reversed: nothing moved for that year. */
  | (AfterStart & { code: 'PAYMENT_REVERSED'; year: number });

export type PaymentErrorCode = PaymentError['code'];

export type PayPropertyTaxResult =
  { ok: true; receipt: Receipt } | { ok: false; error: PaymentError };

export interface PaymentEvent {
  type: 'transition' | 'message';
  year: number | null;
  fromState: string | null;
  toState: string | null;
  direction: 'out' | 'in' | null;
  mti: string | null;
  processingCode: string | null;
  rc: string | null;
  stan: string | null;
  rrn: string | null;
  detail: string | null;
  at: string;
}

export interface PaymentItemView {
  year: number;
  state: ItemState;
  principal: number | null;
  penalty: number | null;
  total: number | null;
  ntp: string | null;
  ntb: string | null;
  stan: string | null;
  rrn: string | null;
  rc: string | null;
  errorCode: string | null;
  paidAt: string | null;
}

export interface PaymentView {
  id: string;
  nop: string;
  channel: PaymentChannel;
  officer: string;
  expectedTotal: number;
  state: PaymentState;
  items: PaymentItemView[];
  /** The outcome given to the caller; null while the first request is still running. */
  result: PayPropertyTaxResult | null;
  history: PaymentEvent[];
  createdAt: string;
  updatedAt: string;
}

/** A payment without its message history (lists). */
export type PaymentSummary = Omit<PaymentView, 'history'>;
