import { WriteLedger, type LedgerDb } from '../../src/ledger';
import type { PayPropertyTaxInput, PayPropertyTaxResult } from '../../src/payments/domain';
import { PaymentService, type PaymentServiceOptions } from '../../src/payments/service';
import { postgresBackend, sqliteBackend, Opened, type Backend } from './backends';
import { FakeBank } from './fake-bank';

const nop = (i: number) => `1174${String(i).padStart(14, '0')}`;
let keySeq = 0;
const key = () => `key-${process.pid}-${++keySeq}`;

function input(
  n: string,
  years: number[],
  expectedTotal: number,
  idempotencyKey = key(),
): PayPropertyTaxInput {
  return {
    nop: n,
    years,
    expectedTotal,
    idempotencyKey,
    channel: '6010',
    officer: 'OFF-001',
    clientId: 'console-1',
  };
}

function service(
  db: LedgerDb,
  bank: FakeBank,
  options: Partial<PaymentServiceOptions> & { now?: () => number } = {},
) {
  const { now, ...rest } = options;
  return new PaymentService({
    bank,
    ledger: new WriteLedger(db.db, { now }),
    inquiryTimeoutMs: 1_000,
    paymentTimeoutMs: 1_000,
    reversalTimeoutMs: 1_000,
    reversalBackoffMs: () => 0,
    duplicatePollMs: 10,
    ...rest,
  });
}

function errorCode(r: PayPropertyTaxResult): string {
  return r.ok ? 'OK' : r.error.code;
}

const backends: [string, Backend][] = [
  ['sqlite', sqliteBackend()],
  ['postgres', postgresBackend()],
];

describe.each(backends)('payment service on %s', (_name, backend) => {
  const opened = new Opened();
  let bank: FakeBank;
  let db: LedgerDb;

  beforeAll(() => backend.setup(), 60_000);
  afterAll(() => backend.teardown());
  beforeEach(async () => {
    bank = new FakeBank();
    db = await opened.open(await backend.fresh());
  });
  afterEach(() => opened.closeAll());

  it('pays one year, returns the receipt and records every message before and after sending', async () => {
    bank.addBill(nop(1), 2024, 150_000, 6_000);
    const svc = service(db, bank);
    const r = await svc.payPropertyTax(input(nop(1), [2024], 156_000));
    if (!r.ok) throw new Error(`expected a receipt, got ${r.error.code}`);
    expect(r.receipt.lines).toEqual([
      expect.objectContaining({ year: 2024, principal: 150_000, penalty: 6_000, total: 156_000 }),
    ]);
    expect(r.receipt.total).toBe(156_000);
    expect(r.receipt.lines[0]?.ntp).toBe(bank.payments[0]?.ntp);
    expect(r.receipt.lines[0]?.ntb).toBe(bank.payments[0]?.ntb);
    expect(bank.paidCount(nop(1), 2024)).toBe(1);

    const view = await svc.payment(r.receipt.paymentId);
    expect(view?.state).toBe('paid');
    expect(view?.result).toEqual(r);
    const messages = view?.history
      .filter((e) => e.type === 'message')
      .map((e) => `${e.direction}:${e.mti}:${e.processingCode}:${e.rc ?? ''}`);
    expect(messages).toEqual([
      'out:0200:341019:',
      'in:0210:341019:00',
      'out:0200:541019:',
      'in:0210:541019:00',
    ]);
    const transitions = view?.history.filter((e) => e.type === 'transition').map((e) => e.toState);
    expect(transitions).toEqual(['inquired', 'sent', 'paid']);
    // Each message's STAN/RRN is unique.
    const rrns = view?.history.filter((e) => e.direction === 'out').map((e) => e.rrn);
    expect(new Set(rrns).size).toBe(2);
  });

  it('pays several years oldest first, one message each', async () => {
    bank.addBill(nop(2), 2022, 100_000, 48_000);
    bank.addBill(nop(2), 2023, 100_000, 24_000);
    const svc = service(db, bank);
    const r = await svc.payPropertyTax(input(nop(2), [2023, 2022], 272_000));
    if (!r.ok) throw new Error(r.error.code);
    expect(r.receipt.lines.map((l) => l.year)).toEqual([2022, 2023]);
    expect(bank.payments.map((p) => p.year)).toEqual([2022, 2023]);
    expect(bank.calls.pay).toBe(2);
  });

  it('gives the same result to a sequential duplicate and sends nothing again', async () => {
    bank.addBill(nop(3), 2024, 80_000);
    const svc = service(db, bank);
    const req = input(nop(3), [2024], 80_000);
    const first = await svc.payPropertyTax(req);
    const again = await svc.payPropertyTax({ ...req });
    const fromAnotherInstance = await service(
      await opened.open(await sameLocation(db)),
      bank,
    ).payPropertyTax({ ...req });
    expect(first.ok).toBe(true);
    expect(again).toEqual(first);
    expect(fromAnotherInstance).toEqual(first);
    expect(bank.calls).toEqual({ inquire: 1, pay: 1, reverse: 0 });
  });

  it('sends one payment for 20 concurrent calls with the same key', async () => {
    bank.addBill(nop(4), 2024, 90_000);
    const svc = service(db, bank);
    const req = input(nop(4), [2024], 90_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => svc.payPropertyTax({ ...req })),
    );
    expect(bank.calls.pay).toBe(1);
    expect(bank.paidCount(nop(4), 2024)).toBe(1);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('sends one payment when two instances sharing the ledger get the same key at once', async () => {
    bank.addBill(nop(5), 2024, 70_000);
    const a = service(db, bank);
    const b = service(await opened.open(await sameLocation(db)), bank);
    const req = input(nop(5), [2024], 70_000);
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => a.payPropertyTax({ ...req })),
      ...Array.from({ length: 5 }, () => b.payPropertyTax({ ...req })),
    ]);
    expect(bank.calls.pay).toBe(1);
    expect(bank.paidCount(nop(5), 2024)).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]?.ok).toBe(true);
  });

  it('refuses the same key with a different request, sending nothing', async () => {
    bank.addBill(nop(6), 2024, 60_000);
    bank.addBill(nop(6), 2023, 60_000);
    const svc = service(db, bank);
    const req = input(nop(6), [2024], 60_000);
    expect((await svc.payPropertyTax(req)).ok).toBe(true);
    const reused = await svc.payPropertyTax({ ...req, years: [2023] });
    expect(errorCode(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(bank.calls).toEqual({ inquire: 1, pay: 1, reverse: 0 });
  });

  it('sends no payment when the expected total does not match', async () => {
    bank.addBill(nop(7), 2024, 100_000, 2_000);
    const svc = service(db, bank);
    const r = await svc.payPropertyTax(input(nop(7), [2024], 100_000));
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'AMOUNT_MISMATCH',
        expectedTotal: 100_000,
        actualTotal: 102_000,
      }),
    });
    expect(bank.calls.pay).toBe(0);
    if (!r.ok && 'paymentId' in r.error) {
      const view = await svc.payment(r.error.paymentId);
      expect(view?.items.map((i) => i.state)).toEqual(['cancelled']);
      expect(view?.state).toBe('failed');
    }
  });

  it('reports an already paid year with the earlier NTP and pays nothing', async () => {
    bank.addBill(nop(8), 2024, 50_000);
    const svc = service(db, bank);
    const first = await svc.payPropertyTax(input(nop(8), [2024], 50_000));
    if (!first.ok) throw new Error(first.error.code);
    const second = await svc.payPropertyTax(input(nop(8), [2024], 50_000));
    expect(second).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'ALREADY_PAID',
        year: 2024,
        earlierNtp: first.receipt.lines[0]?.ntp,
      }),
    });
    expect(bank.calls.pay).toBe(1);
  });

  it('reports an unknown bill and a bank that is down, with nothing moved', async () => {
    const svc = service(db, bank);
    expect(errorCode(await svc.payPropertyTax(input(nop(9), [2024], 1_000)))).toBe(
      'BILL_NOT_FOUND',
    );
    bank.addBill(nop(10), 2024, 1_000);
    bank.script('inquire', { kind: 'unavailable' });
    expect(errorCode(await svc.payPropertyTax(input(nop(10), [2024], 1_000)))).toBe(
      'PAYMENT_UNAVAILABLE',
    );
    bank.script('pay', { kind: 'unavailable' });
    const r = await svc.payPropertyTax(input(nop(10), [2024], 1_000));
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'PAYMENT_UNAVAILABLE', reason: 'BANK_UNAVAILABLE' }),
    });
    expect(bank.payments).toHaveLength(0);
    expect(bank.calls.reverse).toBe(0);
  });

  it('refuses bad input without writing to the ledger', async () => {
    const svc = service(db, bank);
    const r = await svc.payPropertyTax(input('12345', [2024], 1_000));
    expect(errorCode(r)).toBe('INVALID_REQUEST');
    expect(await db.db.selectFrom('write_operations').selectAll().execute()).toHaveLength(0);
  });

  it('reverses a payment whose answer was lost after the bank committed it', async () => {
    bank.addBill(nop(11), 2024, 40_000);
    bank.script('pay', { kind: 'no-answer', commit: true });
    const svc = service(db, bank);
    const r = await svc.payPropertyTax(input(nop(11), [2024], 40_000));
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'PAYMENT_REVERSED', year: 2024 }),
    });
    expect(bank.reversals).toEqual([false]);
    expect(bank.paidCount(nop(11), 2024)).toBe(0);
    if (!r.ok && 'paymentId' in r.error) {
      const view = await svc.payment(r.error.paymentId);
      expect(view?.history.filter((e) => e.type === 'transition').map((e) => e.toState)).toEqual([
        'inquired',
        'sent',
        'unknown',
        'reversing',
        'reversed',
      ]);
      expect(view?.history.filter((e) => e.direction === 'out').map((e) => e.mti)).toEqual([
        '0200',
        '0200',
        '0400',
      ]);
    }
  });

  it('treats a reversal answered "not paid" as nothing moved', async () => {
    bank.addBill(nop(12), 2024, 40_000);
    bank.script('pay', { kind: 'no-answer', commit: false });
    const svc = service(db, bank);
    const r = await svc.payPropertyTax(input(nop(12), [2024], 40_000));
    expect(errorCode(r)).toBe('PAYMENT_REVERSED');
    expect(bank.payments).toHaveLength(0);
    expect(bank.reversals).toEqual([false]);
  });

  it('repeats the reversal as 0401 until the bank answers, inline and then in recovery', async () => {
    bank.addBill(nop(13), 2024, 30_000);
    bank.script('pay', { kind: 'no-answer', commit: true });
    bank.script(
      'reverse',
      { kind: 'no-answer', commit: false },
      { kind: 'no-answer', commit: false },
      { kind: 'no-answer', commit: false },
    );
    const svc = service(db, bank, { inlineReversalAttempts: 2 });
    const req = input(nop(13), [2024], 30_000);
    const r = await svc.payPropertyTax(req);
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'PAYMENT_PENDING', year: 2024 }),
    });
    expect(bank.reversals).toEqual([false, true]);
    // A duplicate meanwhile gets the same pending outcome, without sending anything.
    expect(errorCode(await svc.payPropertyTax({ ...req }))).toBe('PAYMENT_PENDING');

    const pass1 = await svc.recoverPending();
    expect(pass1).toEqual(expect.objectContaining({ attempted: 1, reversed: 0, unresolved: 1 }));
    const pass2 = await svc.recoverPending();
    expect(pass2).toEqual(expect.objectContaining({ attempted: 1, reversed: 1, finalized: 1 }));
    expect(bank.reversals).toEqual([false, true, true, true]);
    expect(bank.paidCount(nop(13), 2024)).toBe(0);
    expect(errorCode(await svc.payPropertyTax({ ...req }))).toBe('PAYMENT_REVERSED');
    expect(await svc.inFlight()).toBe(0);
    expect((await svc.recoverPending()).attempted).toBe(0);
  });

  it('keeps the years already paid when a later year fails, and reports them', async () => {
    bank.addBill(nop(14), 2022, 10_000);
    bank.addBill(nop(14), 2023, 10_000);
    bank.addBill(nop(14), 2024, 10_000);
    bank.script('pay', { kind: 'answer' }, { kind: 'rc', rc: '76' });
    const svc = service(db, bank);
    const r = await svc.payPropertyTax(input(nop(14), [2022, 2023, 2024], 30_000));
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'PAYMENT_DECLINED', year: 2023, rc: '76' }),
    });
    if (r.ok || !('paid' in r.error)) throw new Error('expected a declined payment');
    expect(r.error.paid.map((l) => l.year)).toEqual([2022]);
    expect(bank.calls.pay).toBe(2);
    const view = await svc.payment(r.error.paymentId);
    expect(view?.items.map((i) => i.state)).toEqual(['paid', 'declined', 'cancelled']);
    expect(view?.state).toBe('partially_paid');
  });

  it('resolves after a crash between sending and recording the answer', async () => {
    bank.addBill(nop(15), 2024, 20_000);
    bank.script('pay', { kind: 'hang', commit: true });
    const crashed = service(db, bank);
    const req = input(nop(15), [2024], 20_000);
    const lost = crashed.payPropertyTax(req);
    await waitFor(() => bank.calls.pay === 1);
    // The instance is gone; a new one (later, its lease ran out) opens the same ledger.
    const later = Date.now() + 3_600_000;
    const restarted = service(await opened.open(await sameLocation(db)), bank, {
      now: () => later,
    });
    const report = await restarted.recoverPending();
    expect(report).toEqual(expect.objectContaining({ attempted: 1, reversed: 1, finalized: 1 }));
    expect(bank.reversals).toEqual([false]);
    expect(bank.paidCount(nop(15), 2024)).toBe(0);
    expect(errorCode(await restarted.payPropertyTax({ ...req }))).toBe('PAYMENT_REVERSED');

    // The dead instance's late answer cannot overwrite the resolved state.
    bank.releaseHung();
    await lost;
    const op = await db.db
      .selectFrom('payment_items')
      .select('state')
      .where('nop', '=', nop(15))
      .execute();
    expect(op.map((o) => o.state)).toEqual(['reversed']);
  });

  it('cancels a payment abandoned before anything was sent', async () => {
    bank.addBill(nop(16), 2024, 20_000);
    bank.script('inquire', { kind: 'hang', commit: false });
    const crashed = service(db, bank);
    const req = input(nop(16), [2024], 20_000);
    const lost = crashed.payPropertyTax(req);
    await waitFor(() => bank.calls.inquire === 1);
    const later = Date.now() + 3_600_000;
    const restarted = service(await opened.open(await sameLocation(db)), bank, {
      now: () => later,
    });
    expect((await restarted.recoverPending()).finalized).toBe(1);
    const r = await restarted.payPropertyTax({ ...req });
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'PAYMENT_UNAVAILABLE', reason: 'INTERRUPTED' }),
    });
    bank.releaseHung();
    expect(errorCode(await lost)).toBe('PAYMENT_UNAVAILABLE');
    expect(bank.calls.pay).toBe(0);
  });

  it('pays 200 distinct bills at concurrency 16, each exactly once', async () => {
    for (let i = 0; i < 200; i++) bank.addBill(nop(1000 + i), 2024, 10_000 + i);
    const svc = service(db, bank);
    const results: PayPropertyTaxResult[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 200) {
          const i = next++;
          results.push(await svc.payPropertyTax(input(nop(1000 + i), [2024], 10_000 + i)));
        }
      }),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(200);
    expect(bank.calls.pay).toBe(200);
    for (let i = 0; i < 200; i++) expect(bank.paidCount(nop(1000 + i), 2024)).toBe(1);
    const ntbs = new Set(bank.payments.map((p) => p.ntb));
    expect(ntbs.size).toBe(200);
    const paidItems = await db.db
      .selectFrom('payment_items')
      .select('state')
      .where('state', '=', 'paid')
      .execute();
    expect(paidItems).toHaveLength(200);
  }, 120_000);

  it('lists the payments of a tax object', async () => {
    bank.addBill(nop(17), 2023, 10_000);
    bank.addBill(nop(17), 2024, 10_000);
    const svc = service(db, bank);
    await svc.payPropertyTax(input(nop(17), [2023], 10_000));
    await svc.payPropertyTax(input(nop(17), [2024], 10_000));
    const list = await svc.paymentsOfTaxObject(nop(17));
    expect(list.map((p) => p.items.map((i) => i.year))).toEqual(
      expect.arrayContaining([[2023], [2024]]),
    );
    expect(list.every((p) => p.state === 'paid')).toBe(true);
  });
});

function sameLocation(db: LedgerDb) {
  return Promise.resolve(db.location);
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition not reached');
}
