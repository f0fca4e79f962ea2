/**
 * The generic half of the ledger: one row per write the gateway performs, keyed by the
 * caller's idempotency key (UNIQUE per kind in the database, so it holds across every instance
 * sharing the database), plus the append-only event history. Payment-specific tables live in
 * src/payments/store.ts; a future write (AK/1 applications) adds its own detail table the same way.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { LedgerDatabase, LedgerEventsTable } from './schema';

export type WriteOperationState = 'pending' | 'resolving' | 'done';

export interface WriteOperation {
  id: string;
  kind: string;
  idempotencyKey: string;
  requestHash: string;
  state: WriteOperationState;
  /** JSON of the outcome; parse it with the kind's own schema. */
  result: string | null;
  tenant: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ClaimInput {
  kind: string;
  idempotencyKey: string;
  requestHash: string;
  tenant?: string | null;
}

export type Claim =
  | { status: 'claimed'; operation: WriteOperation }
  | { status: 'existing'; operation: WriteOperation };

export type LedgerExecutor = Kysely<LedgerDatabase> | Transaction<LedgerDatabase>;

export type LedgerEventInput = Omit<LedgerEventsTable, 'id' | 'at'> & { at?: number };

export type LedgerEventRow = Omit<LedgerEventsTable, 'id'> & { id: number };

const STATES: readonly WriteOperationState[] = ['pending', 'resolving', 'done'];

type OperationRow = LedgerDatabase['write_operations'];

function toOperation(row: OperationRow): WriteOperation {
  const state = STATES.find((s) => s === row.state);
  if (!state) throw new Error(`ledger: unknown write operation state ${row.state}`);
  return {
    id: row.id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    state,
    result: row.result,
    tenant: row.tenant,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export interface WriteLedgerOptions {
  /** Clock in epoch ms. Default `Date.now`. */
  now?: () => number;
}

export class WriteLedger {
  readonly now: () => number;

  constructor(
    readonly db: Kysely<LedgerDatabase>,
    options: WriteLedgerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Inserts the operation unless its key exists; `details` writes the kind's own rows in the
   * same transaction, so a claimed operation never exists without them. A concurrent claim of
   * the same key (any instance) gets `existing`.
   */
  async claim(
    input: ClaimInput,
    details?: (trx: Transaction<LedgerDatabase>, operationId: string, now: number) => Promise<void>,
  ): Promise<Claim> {
    const now = this.now();
    const id = randomUUID();
    const inserted = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('write_operations')
        .values({
          id,
          kind: input.kind,
          idempotency_key: input.idempotencyKey,
          request_hash: input.requestHash,
          state: 'pending',
          result: null,
          tenant: input.tenant ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['kind', 'idempotency_key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row && details) await details(trx, id, now);
      return row;
    });
    if (inserted) return { status: 'claimed', operation: toOperation(inserted) };
    const existing = await this.find(input.kind, input.idempotencyKey);
    if (!existing) throw new Error('ledger: idempotency key conflicted but no row was found');
    return { status: 'existing', operation: existing };
  }

  async find(kind: string, idempotencyKey: string): Promise<WriteOperation | undefined> {
    const row = await this.db
      .selectFrom('write_operations')
      .selectAll()
      .where('kind', '=', kind)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row ? toOperation(row) : undefined;
  }

  async get(id: string, executor: LedgerExecutor = this.db): Promise<WriteOperation | undefined> {
    const row = await executor
      .selectFrom('write_operations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toOperation(row) : undefined;
  }

  /** Sets state and result; `from` makes it a compare-and-set (false when the state moved on). */
  async settle(
    id: string,
    state: WriteOperationState,
    result: string | null,
    from?: readonly WriteOperationState[],
    executor: LedgerExecutor = this.db,
  ): Promise<boolean> {
    let query = executor
      .updateTable('write_operations')
      .set({ state, result, updated_at: this.now() })
      .where('id', '=', id);
    if (from) query = query.where('state', 'in', [...from]);
    const res = await query.executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Marks the operation as worked on, so recovery does not take it for abandoned. */
  async touch(id: string, executor: LedgerExecutor = this.db): Promise<void> {
    await executor
      .updateTable('write_operations')
      .set({ updated_at: this.now() })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .execute();
  }

  /** Operations of a kind still `pending` with no progress since `before` (owner likely gone). */
  async listStale(kind: string, before: number, limit = 100): Promise<WriteOperation[]> {
    const rows = await this.db
      .selectFrom('write_operations')
      .selectAll()
      .where('kind', '=', kind)
      .where('state', '=', 'pending')
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map(toOperation);
  }

  async listInState(
    kind: string,
    state: WriteOperationState,
    limit = 100,
  ): Promise<WriteOperation[]> {
    const rows = await this.db
      .selectFrom('write_operations')
      .selectAll()
      .where('kind', '=', kind)
      .where('state', '=', state)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map(toOperation);
  }

  async appendEvent(event: LedgerEventInput, executor: LedgerExecutor = this.db): Promise<void> {
    await executor
      .insertInto('ledger_events')
      .values({ ...event, at: event.at ?? this.now() })
      .execute();
  }

  async events(operationId: string): Promise<LedgerEventRow[]> {
    const rows = await this.db
      .selectFrom('ledger_events')
      .selectAll()
      .where('operation_id', '=', operationId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }
}
