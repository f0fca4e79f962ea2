import type { AgencyWriteIntent, AgencyWriteJournal, AgencyWriteOutcome } from '../core/types';

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

/** A Disnaker write as the journal records it (the core shape, narrowed to this agency). */
export type WriteIntent = AgencyWriteIntent & { connector: 'disnaker'; operation: WriteOperation };
export type WriteOutcome = AgencyWriteOutcome;
export type WriteJournal = AgencyWriteJournal;
