import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WriteLedger, type LedgerDb } from '../../src/ledger';
import { compareSettlement, type LedgerSettlementRow } from '../../src/payments/reconcile';
import { main } from '../../src/payments/reconcile-cli';
import { PaymentService } from '../../src/payments/service';
import { formatSettlementCsv, parseSettlementCsv } from '../../src/payments/settlement-file';
import { postgresBackend, sqliteBackend, Opened, type Backend } from './backends';
import { FakeBank } from './fake-bank';

const nop = (i: number) => `1174${String(i).padStart(14, '0')}`;

/** Today in WIB, as the bank's settlement list names days. */
function todayWib(): string {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

describe('compareSettlement', () => {
  const ledger = (
    ntb: string,
    amount: number,
    ntp: string | null,
    state = 'paid',
  ): LedgerSettlementRow => ({
    paymentId: `p-${ntb}`,
    nop: nop(Number(ntb)),
    year: 2024,
    amount,
    ntp,
    ntb,
    state,
  });
  const bank = (ntb: string, amount: number, ntp: string, year = 2024, bill = Number(ntb)) => ({
    nop: nop(bill),
    year,
    amount,
    ntp,
    ntb,
    channel: '6010',
    paidAt: new Date(),
  });

  it('finds nothing when both sides agree', () => {
    expect(compareSettlement([ledger('1', 100, 'A')], [bank('1', 100, 'A')])).toEqual([]);
  });

  it('lists every kind of mismatch', () => {
    const kinds = compareSettlement(
      [
        ledger('1', 100, 'A'),
        ledger('2', 200, 'B'),
        ledger('3', 300, 'C'),
        ledger('5', 50, null, 'reversing'),
      ],
      [bank('1', 100, 'A'), bank('2', 250, 'X'), bank('4', 400, 'D', 2023)],
    ).map((m) => m.kind);
    expect(kinds.sort()).toEqual(
      [
        'AMOUNT_DIFFERS',
        'MISSING_AT_BANK',
        'MISSING_IN_LEDGER',
        'NTP_DIFFERS',
        'UNRESOLVED_IN_LEDGER',
      ].sort(),
    );
  });

  it('flags a bill the bank settled twice', () => {
    const kinds = compareSettlement(
      [],
      [bank('1', 100, 'A', 2024, 7), bank('2', 100, 'B', 2024, 7)],
    ).map((m) => m.kind);
    expect(kinds).toContain('PAID_TWICE_AT_BANK');
  });
});

describe('settlement file', () => {
  it('round-trips and refuses malformed lines', () => {
    const rows = [
      {
        nop: nop(1),
        year: 2024,
        amount: 5,
        ntp: 'N',
        ntb: 'B',
        channel: '6010',
        paidAt: new Date(0),
      },
    ];
    expect(parseSettlementCsv(formatSettlementCsv(rows))).toEqual(rows);
    expect(() => parseSettlementCsv('nop,year,amount,ntp,ntb,channel,paid_at\nx,1')).toThrow(
      /line 2/,
    );
  });
});

const backends: [string, Backend][] = [
  ['sqlite', sqliteBackend()],
  ['postgres', postgresBackend()],
];

describe.each(backends)('payments:reconcile on %s', (_name, backend) => {
  const opened = new Opened();
  let dir = '';
  let db: LedgerDb;
  let bank: FakeBank;
  let url: string;

  beforeAll(async () => {
    await backend.setup();
    dir = mkdtempSync(join(tmpdir(), 'mpp-recon-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await backend.teardown();
  });
  beforeEach(async () => {
    const location = await backend.fresh();
    url = location.dialect === 'sqlite' ? `sqlite:${location.path}` : location.connectionString;
    db = await opened.open(location);
    bank = new FakeBank();
    const svc = new PaymentService({
      bank,
      ledger: new WriteLedger(db.db),
      reversalBackoffMs: () => 0,
    });
    for (let i = 0; i < 3; i++) {
      bank.addBill(nop(i), 2024, 10_000 * (i + 1));
      const r = await svc.payPropertyTax({
        nop: nop(i),
        years: [2024],
        expectedTotal: 10_000 * (i + 1),
        idempotencyKey: `recon-${i}-${Date.now()}`,
        channel: '6010',
        officer: 'OFF-1',
        clientId: 'console',
      });
      expect(r.ok).toBe(true);
    }
  });
  afterEach(() => opened.closeAll());

  async function run(): Promise<{ code: number; out: string[] }> {
    const out: string[] = [];
    const code = await main(
      ['--date', todayWib()],
      { LEDGER_URL: url },
      { out: (l) => out.push(l), err: (l) => out.push(l) },
      {
        settlementSource: bank,
      },
    );
    return { code, out };
  }

  it('exits 0 when the ledger and the settlement list agree', async () => {
    const { code, out } = await run();
    expect(out.at(-1)).toMatch(/ledger 3 payment\(s\), bank 3, 0 mismatch/);
    expect(code).toBe(0);
  });

  it('finds a mismatch injected at the bank and exits non-zero', async () => {
    bank.tamper = (rows) => rows.map((r, i) => (i === 1 ? { ...r, amount: r.amount + 1 } : r));
    const { code, out } = await run();
    expect(code).toBe(1);
    expect(out.filter((l) => l.startsWith('AMOUNT_DIFFERS'))).toHaveLength(1);
    expect(out.join('\n')).not.toContain(nop(1));
  });

  it('reads the list from a file, and finds a payment missing at the bank', async () => {
    const rows = (await bank.settlement(todayWib())).slice(1);
    const file = join(dir, `settlement-${Date.now()}.csv`);
    writeFileSync(file, formatSettlementCsv(rows));
    const out: string[] = [];
    const code = await main(
      ['--date', todayWib(), '--settlement-file', file],
      { LEDGER_URL: url },
      {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
      },
    );
    expect(code).toBe(1);
    expect(out.filter((l) => l.startsWith('MISSING_AT_BANK'))).toHaveLength(1);
  });

  it('refuses bad usage with exit 2', async () => {
    const out: string[] = [];
    expect(
      await main(['--day', 'x'], {}, { out: (l) => out.push(l), err: (l) => out.push(l) }),
    ).toBe(2);
    expect(out[0]).toMatch(/usage/);
  });
});
