/**
 * Opens the ledger database with the one query layer (Kysely) over either SQLite or
 * PostgreSQL, and migrates it to the latest schema.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool, TypeOverrides } from 'pg';
import type { LedgerLocation } from './config';
import { ledgerMigrations, type LedgerDialect } from './migrations';
import { LedgerSqliteDialect } from './sqlite-dialect';
import type { LedgerDatabase } from './schema';

export interface OpenLedgerOptions {
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** How long SQLite waits for another process's write lock, ms. Default 5000. */
  sqliteBusyTimeoutMs?: number;
  /** Run the migrations on open. Default true. */
  migrate?: boolean;
}

export interface LedgerDb {
  db: Kysely<LedgerDatabase>;
  dialect: LedgerDialect;
  location: LedgerLocation;
  close(): Promise<void>;
}

const PG_INT8_OID = 20;

/** int8 (amounts, times, counts) as numbers; a value beyond 2^53 is a bug, not a rounding. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error('ledger: a 64-bit value exceeds 2^53');
  return n;
}

function openSqlite(path: string, options: OpenLedgerOptions): Kysely<LedgerDatabase> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  // WAL lets readers run beside the writer; FULL makes every commit survive a power loss.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  // Lock waits are async retries (sqlite-dialect.ts), never a blocking busy_timeout.
  database.pragma('busy_timeout = 0');
  return new Kysely<LedgerDatabase>({
    dialect: new LedgerSqliteDialect({ database }, options.sqliteBusyTimeoutMs ?? 5_000),
  });
}

function openPostgres(
  connectionString: string,
  options: OpenLedgerOptions,
): Kysely<LedgerDatabase> {
  // Per pool, not the process-wide pg.types registry.
  const types = new TypeOverrides();
  types.setTypeParser(PG_INT8_OID, parseInt8);
  const pool = new Pool({ connectionString, max: options.poolSize ?? 10, types });
  // An idle client's error (server restart) must not crash the process; the next query fails.
  pool.on('error', () => undefined);
  return new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/** Runs the in-code migrations; throws with the failing migration's error. */
export async function migrateLedger(
  db: Kysely<LedgerDatabase>,
  dialect: LedgerDialect,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: ledgerMigrations(dialect),
    migrationTableName: 'ledger_migrations',
    migrationLockTableName: 'ledger_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

export async function openLedgerDb(
  location: LedgerLocation,
  options: OpenLedgerOptions = {},
): Promise<LedgerDb> {
  const db =
    location.dialect === 'sqlite'
      ? openSqlite(location.path, options)
      : openPostgres(location.connectionString, options);
  try {
    if (options.migrate !== false) await migrateLedger(db, location.dialect);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, dialect: location.dialect, location, close: () => db.destroy() };
}
