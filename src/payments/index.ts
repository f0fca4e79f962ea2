/** The payment service. Exports here are its public API. */
export * from './bank-port';
export * from './domain';
export { PaymentService } from './service';
export type { PaymentLogger, PaymentServiceOptions, RecoveryReport } from './service';
export { compareSettlement, reconcileDay, formatMismatch, dayRange } from './reconcile';
export type { LedgerSettlementRow, Mismatch } from './reconcile';
export { parseSettlementCsv, formatSettlementCsv, settlementFile } from './settlement-file';
