/**
 * Correlation numbers for outgoing messages, from the ledger's persisted counter: never reused,
 * unique across every instance sharing the ledger database.
 * - STAN (bit 11, n6): the counter modulo 999999, plus one (it wraps, as STANs do; the RRN does not).
 * - RRN (bit 37, an12): the counter, zero-padded to 12 digits.
 * - NTB (bit 48): the RRN of the payment message that carries it (our choice, U).
 */
import type { PersistentSequence } from '../ledger';
import type { MessageRef } from './bank-port';

export class MessageRefs {
  constructor(
    private readonly sequence: PersistentSequence,
    private readonly now: () => number,
  ) {}

  async next(): Promise<MessageRef> {
    const n = await this.sequence.take();
    return {
      stan: String(((n - 1) % 999_999) + 1).padStart(6, '0'),
      rrn: String(n).padStart(12, '0'),
      transmittedAt: new Date(this.now()),
    };
  }
}
