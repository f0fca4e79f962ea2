/**
 * The two ledger backends every payment suite runs on: SQLite (a file in a temp dir) and a real
 * PostgreSQL server started for the test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedgerDb, type LedgerDb, type LedgerLocation } from '../../src/ledger';
import { startPostgres, type TestPostgres } from '../support/postgres';

export interface Backend {
  name: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A fresh, empty ledger location. */
  fresh(): Promise<LedgerLocation>;
}

let dbCounter = 0;

export function sqliteBackend(): Backend {
  let dir = '';
  return {
    name: 'sqlite',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'mpp-ledger-'));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    async fresh() {
      return { dialect: 'sqlite', path: join(dir, `ledger-${++dbCounter}.sqlite`) };
    },
  };
}

export function postgresBackend(): Backend {
  let pg: TestPostgres | undefined;
  return {
    name: 'postgres',
    async setup() {
      pg = await startPostgres();
    },
    async teardown() {
      await pg?.stop();
    },
    async fresh() {
      if (!pg) throw new Error('postgres not started');
      const url = await pg.createDatabase(`ledger_${process.pid}_${++dbCounter}`);
      return { dialect: 'postgres', connectionString: url };
    },
  };
}

/** Opens ledgers and closes every one of them at the end of a test. */
export class Opened {
  private readonly all: LedgerDb[] = [];

  async open(location: LedgerLocation): Promise<LedgerDb> {
    const db = await openLedgerDb(location);
    this.all.push(db);
    return db;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((d) => d.close().catch(() => undefined)));
  }
}
