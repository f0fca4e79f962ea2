/** The durable ledger of gateway writes. Exports here are the ledger's public API. */
export { parseLedgerUrl, describeLedgerLocation, DEFAULT_LEDGER_PATH } from './config';
export type { LedgerLocation } from './config';
export { openLedgerDb, migrateLedger } from './database';
export type { LedgerDb, OpenLedgerOptions } from './database';
export type { LedgerDialect } from './migrations';
export type { LedgerDatabase } from './schema';
export { PersistentSequence } from './sequences';
export type { SequenceOptions } from './sequences';
export { WriteLedger } from './write-operations';
export type {
  Claim,
  ClaimInput,
  LedgerEventInput,
  LedgerEventRow,
  LedgerExecutor,
  WriteLedgerOptions,
  WriteOperation,
  WriteOperationState,
} from './write-operations';
