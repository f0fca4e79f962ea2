/**
 * In-code migrations, run by Kysely's Migrator at start-up. Append new migrations; never edit
 * one that has shipped. The few dialect differences (auto-increment ids) are passed in.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type LedgerDialect = 'sqlite' | 'postgres';

function initial(dialect: LedgerDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('write_operations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('tenant', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('write_operations_kind_key_unique', ['kind', 'idempotency_key'])
        .execute();
      await db.schema
        .createIndex('write_operations_state_idx')
        .on('write_operations')
        .columns(['state', 'updated_at'])
        .execute();

      await db.schema
        .createTable('payments')
        .addColumn('id', 'text', (c) => c.primaryKey().references('write_operations.id'))
        .addColumn('nop', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('officer', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('expected_total', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payments_nop_idx').on('payments').column('nop').execute();

      await db.schema
        .createTable('payment_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('nop', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('principal', 'bigint')
        .addColumn('penalty', 'bigint')
        .addColumn('total', 'bigint')
        .addColumn('stan', 'text')
        .addColumn('rrn', 'text')
        .addColumn('ntb', 'text', (c) => c.unique())
        .addColumn('sent_at', 'bigint')
        .addColumn('ntp', 'text')
        .addColumn('paid_at', 'bigint')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('rc', 'text')
        .addColumn('error_code', 'text')
        .addColumn('earlier_ntp', 'text')
        .addColumn('reversal_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('payment_items_payment_year_unique', ['payment_id', 'year'])
        .execute();
      await db.schema
        .createIndex('payment_items_state_idx')
        .on('payment_items')
        .column('state')
        .execute();
      await db.schema
        .createIndex('payment_items_paid_at_idx')
        .on('payment_items')
        .column('paid_at')
        .execute();

      await db.schema
        .createTable('ledger_events')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('operation_id', 'text', (c) => c.notNull().references('write_operations.id'))
        .addColumn('item_id', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text')
        .addColumn('direction', 'text')
        .addColumn('mti', 'text')
        .addColumn('processing_code', 'text')
        .addColumn('rc', 'text')
        .addColumn('stan', 'text')
        .addColumn('rrn', 'text')
        .addColumn('detail', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ledger_events_operation_idx')
        .on('ledger_events')
        .columns(['operation_id', 'id'])
        .execute();

      await db.schema
        .createTable('sequences')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into sequences (name, value) values ('message', 0)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        'ledger_events',
        'payment_items',
        'payments',
        'write_operations',
        'sequences',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

/** The ledger's migrations in order; names sort in the order they must run. */
export function ledgerMigrations(dialect: LedgerDialect): MigrationProvider {
  return {
    getMigrations: () => Promise.resolve({ '0001_initial': initial(dialect) }),
  };
}
