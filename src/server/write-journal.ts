import type {
  AgencyWriteIntent,
  AgencyWriteJournal,
  AgencyWriteOutcome,
} from '../connectors/core/types';
import type { WriteLedger } from '../ledger';

/**
 * Agency writes (Disnaker's AK/1 applications...) journaled in the ledger's generic
 * `write_operations` table, kind `<connector>:<operation>`, unique by idempotency key. The
 * ledger opens when the gateway starts, after the connectors are created: until then, and if
 * it never opens, `record` rejects, so no write is sent that the journal does not know of.
 */
export class LedgerWriteJournal implements AgencyWriteJournal {
  private ledger: WriteLedger | undefined;

  /** Called once the ledger is open (src/server/gateway.ts start). */
  attach(ledger: WriteLedger): void {
    this.ledger = ledger;
  }

  async record(intent: AgencyWriteIntent): Promise<void> {
    if (!this.ledger) throw new Error('write journal: the ledger is not open');
    // A repeat with the same key finds the first row: the agency's own key dedupes the send.
    await this.ledger.claim({
      kind: kindOf(intent),
      idempotencyKey: intent.idempotencyKey,
      requestHash: intent.fingerprint,
    });
  }

  async settle(intent: AgencyWriteIntent, outcome: AgencyWriteOutcome): Promise<void> {
    if (!this.ledger) return;
    const op = await this.ledger.find(kindOf(intent), intent.idempotencyKey);
    if (!op) return;
    // An unknown outcome stays open ("resolving") for reconciliation by key.
    await this.ledger.settle(
      op.id,
      outcome.kind === 'unknown' ? 'resolving' : 'done',
      JSON.stringify(outcome),
    );
  }
}

const kindOf = (intent: AgencyWriteIntent) => `${intent.connector}:${intent.operation}`;
