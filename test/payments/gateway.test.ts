import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BankAcehMock } from '../../mocks/bank-aceh';
import { startMocks, type RunningMocks } from '../../mocks';
import type { TaxObject } from '../../mocks/data/dataset';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { waitFor } from '../support/wait';
import {
  bankOf,
  expectLedgerMatchesBank as expectLedgerOfGatewaysMatchesBank,
} from './bank-vs-ledger';

/**
 * Payments end to end: GraphQL → gateway → payment service → ledger → ISO 8583 over TCP →
 * the bank mock, which settles against the data set BPKD serves. Every test ends with the
 * bank's payments and the ledger compared (equal, no bill paid twice).
 */

const PAY = `mutation Pay($input: PayPropertyTaxInput!) {
  payPropertyTax(input: $input) {
    paymentId nop channel officer total cachePurged
    lines { year principal penalty total ntp ntb }
  }
}`;
const BILLS = `query Bills($nop: String!) {
  taxObject(nop: $nop) { bills { year status totalDue } }
}`;
const PAYMENT = `query Payment($id: ID!) {
  payment(id: $id) {
    id state outcome
    years { year state ntp }
    history { type year fromState toState direction mti rc detail }
  }
}`;

/** Fast timeouts so that lost answers resolve within a test. */
const PAYMENT_ENV = {
  BANK_ACEH_INQUIRY_TIMEOUT_MS: '1500',
  BANK_ACEH_PAYMENT_TIMEOUT_MS: '1500',
  BANK_ACEH_REVERSAL_TIMEOUT_MS: '1500',
  PAYMENTS_RECOVERY_INTERVAL_MS: '200',
};

interface Bill {
  year: number;
  status: string;
  totalDue: number;
}

/** Tax objects with at least `years` unpaid bills, each handed out once per file. */
function objectsWithUnpaid(mocks: RunningMocks, years: number): () => TaxObject {
  const used = new Set<string>();
  return () => {
    for (const obj of mocks.dataset.taxObjects.values()) {
      if (used.has(obj.nop)) continue;
      if (obj.bills.filter((b) => !b.paid).length < years) continue;
      used.add(obj.nop);
      return obj;
    }
    throw new Error(`no tax object with ${years} unpaid years left`);
  };
}

async function unpaidBills(gw: TestGateway, nop: string): Promise<Bill[]> {
  const res = await gw.gql<{ taxObject: { bills: Bill[] } }>(BILLS, { nop });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.taxObject.bills.filter((b) => b.status !== 'PAID');
}

/** The end check of every test, over the ledgers of `gateways`. */
function expectLedgerMatchesBank(gateways: TestGateway[], bank: BankAcehMock): Promise<void> {
  return expectLedgerOfGatewaysMatchesBank(
    gateways.map((gw) => gw.gateway.payments!.ledger.db),
    bank,
  );
}

describe('payments through the gateway (SQLite ledger, bank over TCP)', () => {
  let mocks: RunningMocks;
  let gw: TestGateway;
  let bank: BankAcehMock;
  let nextObject: () => TaxObject;
  let key = 0;
  const newKey = () => `pay-key-${Date.now()}-${++key}`;

  beforeAll(async () => {
    mocks = await startMocks();
    bank = bankOf(mocks);
    gw = await startTestGateway({ mocks, env: PAYMENT_ENV });
    nextObject = objectsWithUnpaid(mocks, 2);
    await waitFor('the bank link to sign on', () => gw.gateway.payments?.channel.state().signedOn);
  }, 30_000);

  afterEach(async () => {
    bank.clearBankFaults();
    await bank.up();
    await expectLedgerMatchesBank([gw], bank);
  });

  afterAll(async () => {
    await gw.stop();
    await mocks.stop();
  });

  it('pays two years with one receipt; the next query shows them paid (cache purged, fresh BPKD call)', async () => {
    const obj = nextObject();
    const before = await unpaidBills(gw, obj.nop);
    const years = before.slice(0, 2);
    const expectedTotal = years.reduce((s, b) => s + b.totalDue, 0);
    // Served from the cache now: no BPKD call.
    gw.resetCalls();
    await unpaidBills(gw, obj.nop);
    expect(Object.values(gw.calls().bpkd ?? {}).reduce((a, b) => a + b, 0)).toBe(0);

    const res = await gw.gql<{ payPropertyTax: Record<string, unknown> & { lines: Bill[] } }>(PAY, {
      input: {
        nop: obj.nop,
        years: years.map((b) => b.year),
        expectedTotal,
        idempotencyKey: newKey(),
      },
    });
    expect(res.body.errors).toBeUndefined();
    const receipt = res.body.data!.payPropertyTax;
    expect(receipt).toMatchObject({
      nop: obj.nop,
      channel: 'TELLER',
      officer: 'test-officer',
      total: expectedTotal,
      cachePurged: true,
    });
    expect(receipt.lines.map((l) => l.year).sort()).toEqual(years.map((b) => b.year).sort());
    expect(bank.calls.get('payment')).toBe(2);
    // Audited (pii:read on the mutation): who, why and the field, before the answer left.
    const audit = readFileSync(gw.auditFile, 'utf8').split('\n').filter(Boolean);
    expect(audit.some((line) => line.includes('Mutation.payPropertyTax'))).toBe(true);

    gw.resetCalls();
    const after = await unpaidBills(gw, obj.nop);
    expect(after.map((b) => b.year)).not.toEqual(expect.arrayContaining(years.map((b) => b.year)));
    expect(Object.values(gw.calls().bpkd ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('the same key, sequentially and 10 at once, pays once; the same key for another request is refused', async () => {
    const obj = nextObject();
    const [bill] = await unpaidBills(gw, obj.nop);
    const input = {
      nop: obj.nop,
      years: [bill!.year],
      expectedTotal: bill!.totalDue,
      idempotencyKey: newKey(),
    };
    bank.calls.reset();
    const first = await gw.gql<{ payPropertyTax: { paymentId: string } }>(PAY, { input });
    expect(first.body.errors).toBeUndefined();
    const again = await gw.gql<{ payPropertyTax: { paymentId: string } }>(PAY, { input });
    expect(again.body.data!.payPropertyTax.paymentId).toBe(
      first.body.data!.payPropertyTax.paymentId,
    );

    const obj2 = nextObject();
    const [bill2] = await unpaidBills(gw, obj2.nop);
    const input2 = {
      nop: obj2.nop,
      years: [bill2!.year],
      expectedTotal: bill2!.totalDue,
      idempotencyKey: newKey(),
    };
    const burst = await Promise.all(
      Array.from({ length: 10 }, () =>
        gw.gql<{ payPropertyTax: { paymentId: string } }>(PAY, { input: input2 }),
      ),
    );
    const ids = new Set(burst.map((r) => r.body.data?.payPropertyTax.paymentId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toEqual(expect.any(String));
    expect(bank.calls.get('payment')).toBe(2);

    const reused = await gw.gql(PAY, {
      input: { ...input, expectedTotal: input.expectedTotal + 1 },
    });
    expect(reused.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(bank.calls.get('payment')).toBe(2);
  });

  it('a wrong total is AMOUNT_MISMATCH and nothing is paid', async () => {
    const obj = nextObject();
    const [bill] = await unpaidBills(gw, obj.nop);
    bank.calls.reset();
    const res = await gw.gql(PAY, {
      input: {
        nop: obj.nop,
        years: [bill!.year],
        expectedTotal: bill!.totalDue + 1_000,
        idempotencyKey: newKey(),
      },
    });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'AMOUNT_MISMATCH',
      actualTotal: bill!.totalDue,
    });
    expect(bank.calls.get('payment')).toBe(0);
    expect((await unpaidBills(gw, obj.nop)).map((b) => b.year)).toContain(bill!.year);
  });

  it('bank down: PAYMENT_UNAVAILABLE, nothing moved', async () => {
    const obj = nextObject();
    const [bill] = await unpaidBills(gw, obj.nop);
    await bank.down();
    bank.calls.reset();
    const res = await gw.gql(PAY, {
      input: {
        nop: obj.nop,
        years: [bill!.year],
        expectedTotal: bill!.totalDue,
        idempotencyKey: newKey(),
      },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('PAYMENT_UNAVAILABLE');
    expect(bank.calls.get('payment')).toBe(0);
    await bank.up();
    await waitFor(
      'the link to sign on again',
      () => gw.gateway.payments?.channel.state().signedOn,
      15_000,
    );
  });

  it('the bank commits and drops the answer: reversed, and payment(id) shows the history', async () => {
    const obj = nextObject();
    const [bill] = await unpaidBills(gw, obj.nop);
    bank.setBankFault('payment', { action: 'commit-and-drop' });
    bank.calls.reset();
    const res = await gw.gql(PAY, {
      input: {
        nop: obj.nop,
        years: [bill!.year],
        expectedTotal: bill!.totalDue,
        idempotencyKey: newKey(),
      },
    });
    const ext = res.body.errors?.[0]?.extensions;
    expect(ext?.code).toBe('PAYMENT_REVERSED');
    expect(bank.calls.get('payment')).toBe(1);
    expect(bank.calls.get('reversal')).toBe(1);
    const view = await gw.gql<{
      payment: {
        state: string;
        outcome: string;
        years: Array<{ state: string }>;
        history: Array<{ mti: string | null; direction: string | null }>;
      };
    }>(PAYMENT, { id: ext?.paymentId });
    expect(view.body.errors).toBeUndefined();
    const payment = view.body.data!.payment;
    expect(payment.outcome).toBe('PAYMENT_REVERSED');
    expect(payment.years[0]!.state).toBe('reversed');
    const messages = payment.history.filter((h) => h.direction === 'out').map((h) => h.mti);
    expect(messages).toEqual(['0200', '0200', '0400']);
    expect(payment.history.some((h) => h.mti === '0410')).toBe(true);
    expect((await unpaidBills(gw, obj.nop)).map((b) => b.year)).toContain(bill!.year);
  });
});

describe('a gateway stopped mid-payment: the next one resolves it from the same SQLite ledger', () => {
  it('reverses the payment whose answer the first gateway never recorded', async () => {
    const mocks = await startMocks();
    const bank = bankOf(mocks);
    const ledgerUrl = path.join(mkdtempSync(path.join(tmpdir(), 'mpp-ledger-')), 'ledger.sqlite');
    // A crashed instance's lease runs out after the payment timeout plus this margin.
    const env = {
      ...PAYMENT_ENV,
      LEDGER_URL: ledgerUrl,
      BANK_ACEH_PAYMENT_TIMEOUT_MS: '2500',
      PAYMENTS_LEASE_MARGIN_MS: '500',
    };
    const first = await startTestGateway({ mocks, env });
    try {
      await waitFor('sign-on', () => first.gateway.payments?.channel.state().signedOn);
      const obj = objectsWithUnpaid(mocks, 1)();
      const [bill] = await unpaidBills(first, obj.nop);
      // The bank takes 1.5 s before it commits and answers (the mock's latency comes first):
      // the first gateway is gone by then, and the commit lands well inside the dead
      // instance's lease (2.5 s + 0.5 s), before the next gateway's reversal.
      bank.setBankFault('payment', { latencyMs: 1_500 });
      const pending = first.gql(PAY, {
        input: {
          nop: obj.nop,
          years: [bill!.year],
          expectedTotal: bill!.totalDue,
          idempotencyKey: 'crash-key-0001',
        },
      });
      await waitFor('the payment at the bank', () => bank.calls.get('payment') === 1);
      await first.gateway.stop({ drainMs: 0 });
      await pending.catch(() => undefined);
    } finally {
      await first.gateway.stop({ drainMs: 0 });
    }
    bank.clearBankFaults();
    const second = await startTestGateway({ mocks, env });
    try {
      const db = second.gateway.payments!.ledger.db;
      let last = '';
      await waitFor(
        'recovery to resolve the payment',
        async () => {
          const items = await db.selectFrom('payment_items').select('state').execute();
          last = items.map((i) => i.state).join(',');
          return items.length === 1 && items[0]!.state === 'reversed';
        },
        20_000,
      ).catch((err: unknown) => {
        throw new Error(`${String(err)} (item states: ${last})`);
      });
      expect(bank.calls.get('reversal') + bank.calls.get('reversalRepeat')).toBeGreaterThan(0);
      await expectLedgerMatchesBank([second], bank);
    } finally {
      await second.gateway.stop({ drainMs: 0 });
      await mocks.stop();
    }
  }, 60_000);
});

describe('two gateways sharing one PostgreSQL ledger', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('the same key sent to both at once pays once', async () => {
    const mocks = await startMocks();
    const bank = bankOf(mocks);
    const url = await pg.createDatabase('pay_two_gateways');
    const env = { ...PAYMENT_ENV, LEDGER_URL: url };
    const a = await startTestGateway({ mocks, env });
    const b = await startTestGateway({ mocks, env });
    try {
      await waitFor('both signed on', () =>
        [a, b].every((g) => g.gateway.payments?.channel.state().signedOn),
      );
      const obj = objectsWithUnpaid(mocks, 1)();
      const [bill] = await unpaidBills(a, obj.nop);
      const input = {
        nop: obj.nop,
        years: [bill!.year],
        expectedTotal: bill!.totalDue,
        idempotencyKey: 'shared-key-0001',
      };
      bank.calls.reset();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? a : b).gql<{ payPropertyTax: { paymentId: string } }>(PAY, { input }),
        ),
      );
      for (const r of results) expect(r.body.errors).toBeUndefined();
      expect(new Set(results.map((r) => r.body.data!.payPropertyTax.paymentId)).size).toBe(1);
      expect(bank.calls.get('payment')).toBe(1);
      await expectLedgerMatchesBank([a], bank);
    } finally {
      await a.gateway.stop({ drainMs: 0 });
      await b.gateway.stop({ drainMs: 0 });
      await mocks.stop();
    }
  }, 60_000);
});
