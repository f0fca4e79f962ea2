/**
 * Table types of the ledger as Kysely sees them. Times are epoch milliseconds and amounts
 * integer rupiah, both stored as 64-bit integers (`bigint` in PostgreSQL, `INTEGER` in SQLite)
 * and read back as JavaScript numbers by the dialect factory, which refuses unsafe values.
 */
import type { Generated } from 'kysely';

/** One write the gateway performs against an agency, keyed by the caller's idempotency key. */
export interface WriteOperationsTable {
  id: string;
  /** What kind of write (`pbb-payment`, later `ak1-application`); the key is unique per kind. */
  kind: string;
  idempotency_key: string;
  /** SHA-256 of the canonical request: the same key with another request is refused. */
  request_hash: string;
  /** `pending` (an instance works on it), `resolving` (left to recovery), `done`. */
  state: string;
  /** JSON of the outcome given to the caller; null while pending. */
  result: string | null;
  tenant: string | null;
  created_at: number;
  updated_at: number;
}

/** One payment request: a tax object and one or more tax years (the items). */
export interface PaymentsTable {
  /** Same as the write operation's id. */
  id: string;
  nop: string;
  channel: string;
  /** Staff identifier of the officer who took the payment (not a name). */
  officer: string;
  client_id: string;
  expected_total: number;
  /** Aggregate over the items, see `PaymentState`. */
  state: string;
  created_at: number;
  updated_at: number;
}

/** One tax year of a payment: the unit the bank pays, declines or reverses. */
export interface PaymentItemsTable {
  id: string;
  payment_id: string;
  /** Order in which the items are paid (oldest year first). */
  position: number;
  nop: string;
  year: number;
  principal: number | null;
  penalty: number | null;
  total: number | null;
  /** Correlation of the payment message (0200 541019), chosen before it is sent. */
  stan: string | null;
  rrn: string | null;
  ntb: string | null;
  sent_at: number | null;
  ntp: string | null;
  paid_at: number | null;
  /** See `ItemState`. */
  state: string;
  /** Last response code from the bank for this item (payment or reversal). */
  rc: string | null;
  /** Why the item did not end paid, as a payment error code; null otherwise. */
  error_code: string | null;
  /** Earlier NTP when the bank says the year was already paid by it. */
  earlier_ntp: string | null;
  /** Reversal messages that may have reached the bank; 0 means the next one is a 0400. */
  reversal_attempts: number;
  next_attempt_at: number | null;
  /** Instance that may be talking to the bank about this item, until `lease_until`. */
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

/** Append-only history: every state transition and every message sent or received. */
export interface LedgerEventsTable {
  id: Generated<number>;
  operation_id: string;
  item_id: string | null;
  /** `transition` or `message`. */
  type: string;
  from_state: string | null;
  to_state: string | null;
  /** `out` (sent) or `in` (received) for messages. */
  direction: string | null;
  mti: string | null;
  /** Processing code of a message (inquiry, payment). */
  processing_code: string | null;
  rc: string | null;
  stan: string | null;
  rrn: string | null;
  /** Short machine-readable note (`no-answer`, `unavailable`); never personal data. */
  detail: string | null;
  at: number;
}

/** Persisted counters (message numbers); values are handed out in blocks and never reused. */
export interface SequencesTable {
  name: string;
  value: number;
}

export interface LedgerDatabase {
  write_operations: WriteOperationsTable;
  payments: PaymentsTable;
  payment_items: PaymentItemsTable;
  ledger_events: LedgerEventsTable;
  sequences: SequencesTable;
}
