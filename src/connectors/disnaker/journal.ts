/**
 * The seam between Disnaker's writes and the gateway's durable write ledger. The connector
 * records every write's intent BEFORE calling the agency and settles it after, so that an
 * interrupted write (a crash, a timeout whose outcome is unknown) can be found and reconciled
 * by its idempotency key instead of being guessed at or resent blindly. The ledger behind it
 * is the gateway's (shared with payments), injected by the composition root; this folder
 * holds no implementation.
 *
 * Nothing personal goes in: the fingerprint is a hash of the submission, so a journal row
 * names an operation, a key and an outcome, never a NIK or a name.
 */

export type WriteOperation = 'applyJobSeekerCard' | 'reportJobSeekerStatus';

export interface WriteIntent {
  connector: 'disnaker';
  operation: WriteOperation;
  /** The client's idempotency key, also sent to Disnaker as `Idempotency-Key`. */
  idempotencyKey: string;
  /** SHA-256 (hex) of the exact body sent: the same key with another body is a different write. */
  fingerprint: string;
  /** Who asked, for the trail (client id, officer id, purpose); no data subject. */
  actor: {
    clientId: string | undefined;
    officerId: string | undefined;
    purpose: string | undefined;
  };
}

export type WriteOutcome =
  /** The agency accepted (or had already accepted) the write; `reference` is its number. */
  | { kind: 'accepted'; reference: string }
  /** The agency refused it (nothing was written there); `code` is its error code. */
  | { kind: 'refused'; code: string }
  /** No answer we can trust (timeout, connection lost): reconcile by key before any resend. */
  | { kind: 'unknown'; detail: string };

export interface WriteJournal {
  /**
   * Records the intent durably. Rejects when it cannot (the write is then not attempted:
   * nothing is sent to the agency that the journal does not know of).
   */
  record(intent: WriteIntent): Promise<void>;
  /** Records the outcome. Failing to settle leaves the intent open for reconciliation; never throws to the caller. */
  settle(intent: WriteIntent, outcome: WriteOutcome): Promise<void>;
}
