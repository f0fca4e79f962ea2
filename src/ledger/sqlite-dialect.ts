/**
 * SQLite for a ledger that several connections (processes, or instances in one process) write:
 * - transactions start with BEGIN IMMEDIATE: a deferred BEGIN whose read snapshot goes stale
 *   before it takes the write lock fails with SQLITE_BUSY_SNAPSHOT, which no wait can fix;
 * - a statement refused with SQLITE_BUSY is retried after an async pause, within a budget.
 *   better-sqlite3 is synchronous, so SQLite's own busy_timeout would block the event loop,
 *   and with it the very connection (in this process) that holds the lock.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
} from 'kysely';

/** By code, not `instanceof`: the addon's error class may come from another realm (jest). */
function isBusy(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof err.code === 'string' &&
    (err.code.startsWith('SQLITE_BUSY') || err.code.startsWith('SQLITE_LOCKED'))
  );
}

class BusyRetryConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly budgetMs: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = performance.now() + this.budgetMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (err) {
        if (!isBusy(err) || performance.now() >= deadline) throw err;
        await sleep(pause);
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class BusyRetryDriver implements Driver {
  private readonly wrapped = new Map<DatabaseConnection, BusyRetryConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly budgetMs: number,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapped = this.wrapped.get(connection);
    if (!wrapped) {
      wrapped = new BusyRetryConnection(connection, this.budgetMs);
      this.wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(
      connection instanceof BusyRetryConnection ? connection.inner : connection,
    );
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

export class LedgerSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly busyBudgetMs: number,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new BusyRetryDriver(super.createDriver(), this.busyBudgetMs);
  }
}
