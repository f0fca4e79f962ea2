/**
 * Message numbers (STAN, RRN, NTB) from a persisted counter shared by every instance using the
 * database. Each instance reserves a block with one atomic UPDATE and hands numbers out of it in
 * memory; a crash loses the rest of the block, so a number is never handed out twice.
 */
import type { Kysely } from 'kysely';
import type { LedgerDatabase } from './schema';

export interface SequenceOptions {
  /** Counter row in `sequences`. Default `message`. */
  name?: string;
  /** Numbers reserved per database round trip. Default 50. */
  blockSize?: number;
}

export class PersistentSequence {
  private readonly name: string;
  private readonly blockSize: number;
  private next = 0;
  private end = 0;
  private refill: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<LedgerDatabase>,
    options: SequenceOptions = {},
  ) {
    this.name = options.name ?? 'message';
    this.blockSize = Math.max(1, Math.trunc(options.blockSize ?? 50));
  }

  async take(): Promise<number> {
    while (this.next >= this.end) {
      this.refill ??= this.reserve().finally(() => {
        this.refill = undefined;
      });
      await this.refill;
    }
    return this.next++;
  }

  private async reserve(): Promise<void> {
    const row = await this.db
      .updateTable('sequences')
      .set((eb) => ({ value: eb('value', '+', this.blockSize) }))
      .where('name', '=', this.name)
      .returning('value')
      .executeTakeFirst();
    if (!row) throw new Error(`ledger: sequence ${this.name} is missing`);
    const end = Number(row.value) + 1;
    this.next = end - this.blockSize;
    this.end = end;
  }
}
