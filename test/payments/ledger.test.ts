import { sql } from 'kysely';
import { migrateLedger, parseLedgerUrl, PersistentSequence, WriteLedger } from '../../src/ledger';
import { postgresBackend, sqliteBackend, Opened, type Backend } from './backends';

const backends: [string, Backend][] = [
  ['sqlite', sqliteBackend()],
  ['postgres', postgresBackend()],
];

describe('LEDGER_URL', () => {
  it('defaults to the SQLite file and tells PostgreSQL apart', () => {
    expect(parseLedgerUrl(undefined)).toEqual({ dialect: 'sqlite', path: './data/ledger.sqlite' });
    expect(parseLedgerUrl('sqlite:/var/lib/mpp/ledger.sqlite')).toEqual({
      dialect: 'sqlite',
      path: '/var/lib/mpp/ledger.sqlite',
    });
    expect(parseLedgerUrl('postgres://u:p@db:5432/mpp')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u:p@db:5432/mpp',
    });
    expect(() => parseLedgerUrl('mysql://db/mpp')).toThrow(/LEDGER_URL/);
  });
});

describe.each(backends)('ledger on %s', (_name, backend) => {
  const opened = new Opened();
  beforeAll(() => backend.setup(), 60_000);
  afterAll(() => backend.teardown());
  afterEach(() => opened.closeAll());

  it('migrates once and again without change', async () => {
    const location = await backend.fresh();
    const a = await opened.open(location);
    await migrateLedger(a.db, a.dialect);
    const b = await opened.open(location);
    const tables = await b.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'write_operations',
        'payments',
        'payment_items',
        'ledger_events',
        'sequences',
      ]),
    );
  });

  it('lets exactly one of two instances claim an idempotency key at once', async () => {
    const location = await backend.fresh();
    const ledgers = [
      new WriteLedger((await opened.open(location)).db),
      new WriteLedger((await opened.open(location)).db),
    ];
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ledgers[i % 2]!.claim({ kind: 'test', idempotencyKey: 'same-key', requestHash: 'h' }),
      ),
    );
    expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(1);
    const ids = new Set(claims.map((c) => c.operation.id));
    expect(ids.size).toBe(1);
    // The same key under another kind is another operation.
    expect(
      (await ledgers[0]!.claim({ kind: 'other', idempotencyKey: 'same-key', requestHash: 'h' }))
        .status,
    ).toBe('claimed');
  });

  it('enforces the key in the database itself', async () => {
    const { db } = await opened.open(await backend.fresh());
    const row = (id: string) => ({
      id,
      kind: 'k',
      idempotency_key: 'dup',
      request_hash: 'h',
      state: 'pending',
      result: null,
      tenant: null,
      created_at: 1,
      updated_at: 1,
    });
    await db.insertInto('write_operations').values(row('a')).execute();
    // The addon's error may come from another realm under jest, so compare its text.
    const refused = await db
      .insertInto('write_operations')
      .values(row('b'))
      .execute()
      .then(
        () => 'inserted',
        (err: unknown) => String(err),
      );
    expect(refused).toMatch(/unique/i);
  });

  it('never hands out a message number twice, across instances and restarts', async () => {
    const location = await backend.fresh();
    const first = new PersistentSequence((await opened.open(location)).db, { blockSize: 7 });
    const second = new PersistentSequence((await opened.open(location)).db, { blockSize: 7 });
    const taken = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? first : second).take()),
    );
    const restarted = new PersistentSequence((await opened.open(location)).db, { blockSize: 7 });
    taken.push(await restarted.take());
    expect(new Set(taken).size).toBe(61);
    expect(Math.min(...taken)).toBeGreaterThan(0);
  });

  it('keeps amounts as exact integers up to 2^53', async () => {
    const { db } = await opened.open(await backend.fresh());
    await db
      .insertInto('sequences')
      .values({ name: 'big', value: Number.MAX_SAFE_INTEGER })
      .execute();
    const row = await db
      .selectFrom('sequences')
      .select('value')
      .where('name', '=', 'big')
      .executeTakeFirstOrThrow();
    expect(row.value).toBe(Number.MAX_SAFE_INTEGER);
    const journal = await sql<{ v: unknown }>`select 1 as v`.execute(db);
    expect(journal.rows).toHaveLength(1);
  });
});
