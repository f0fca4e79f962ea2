/**
 * What every part of the payment service shares: the bank, the ledger and its payment rows, the
 * message numbers, this instance's name and the settled timings. Built once per service and
 * passed explicitly, so the pay flow, reversal, recovery and views never reach into each
 * other's state.
 */
import { randomUUID } from 'node:crypto';
import { PersistentSequence, type WriteLedger } from '../ledger';
import type { TaxPaymentBank } from './bank-port';
import { MessageRefs } from './refs';
import { PaymentStore } from './store';

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

/** The options with their defaults applied, plus the collaborators built from them. */
export interface PaymentContext {
  readonly bank: TaxPaymentBank;
  readonly ledger: WriteLedger;
  readonly store: PaymentStore;
  readonly refs: MessageRefs;
  readonly instanceId: string;
  readonly inquiryTimeoutMs: number;
  readonly paymentTimeoutMs: number;
  readonly reversalTimeoutMs: number;
  readonly inlineReversalAttempts: number;
  readonly backoff: (attempt: number) => number;
  readonly leaseMarginMs: number;
  readonly staleAfterMs: number;
  readonly duplicateWaitMs: number;
  readonly duplicatePollMs: number;
  readonly logger: PaymentLogger;
}

const defaultBackoff = (attempt: number): number =>
  Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt - 1));
const silent: PaymentLogger = { warn: () => undefined, error: () => undefined };

export function createPaymentContext(options: PaymentServiceOptions): PaymentContext {
  return {
    bank: options.bank,
    ledger: options.ledger,
    store: new PaymentStore(options.ledger),
    refs: new MessageRefs(
      options.sequence ?? new PersistentSequence(options.ledger.db),
      options.ledger.now,
    ),
    instanceId: options.instanceId ?? randomUUID(),
    inquiryTimeoutMs: options.inquiryTimeoutMs ?? 15_000,
    paymentTimeoutMs: options.paymentTimeoutMs ?? 30_000,
    reversalTimeoutMs: options.reversalTimeoutMs ?? 30_000,
    inlineReversalAttempts: Math.max(0, options.inlineReversalAttempts ?? 2),
    backoff: options.reversalBackoffMs ?? defaultBackoff,
    leaseMarginMs: options.leaseMarginMs ?? 15_000,
    staleAfterMs: options.staleAfterMs ?? 120_000,
    duplicateWaitMs: options.duplicateWaitMs ?? 30_000,
    duplicatePollMs: options.duplicatePollMs ?? 100,
    logger: options.logger ?? silent,
  };
}
