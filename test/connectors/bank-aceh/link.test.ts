import { MOCK_CREDENTIALS } from '../../../mocks/credentials';
import { buildDataset } from '../../../mocks/data/dataset';
import { createBpkdMock, type BpkdMock } from '../../../mocks/bpkd/server';
import { createBankAcehMock, type BankAcehMock } from '../../../mocks/bank-aceh';
import { BankAcehLink } from '../../../src/connectors/bank-aceh/bank';
import { BankChannel } from '../../../src/connectors/bank-aceh/channel';
import { buildEnvelope, soapAction } from '../../../src/connectors/bpkd/soap';
import { LEGACY_PENALTY_RULE, latePenalty } from '../../../src/connectors/bpkd/penalty';
import {
  BankNoAnswerError,
  BankUnavailableError,
  type BillRef,
  type PaymentRequest,
} from '../../../src/payments/bank-port';
import { waitFor } from '../../support/wait';
import { capturingLogger, nextRef, paidBill, unpaidBills } from './support';

const identity = { acquirerId: '116', terminalId: 'MPPLSA01', terminalUserId: 'OFFICER01' };
const call = { timeoutMs: 5_000 };

describe('BankAcehLink end to end (bank mock and BPKD mock over one data set)', () => {
  const dataset = buildDataset();
  const bills = unpaidBills(dataset);
  let next = 0;
  const freshBill = (): BillRef => bills[next++]!;
  let bank: BankAcehMock;
  let bpkd: BpkdMock;
  let channel: BankChannel;
  let link: BankAcehLink;

  beforeAll(async () => {
    bank = await createBankAcehMock(dataset).start();
    bpkd = await createBpkdMock(dataset).start();
    channel = new BankChannel({
      host: bank.tcp.host,
      port: bank.tcp.port,
      backoff: { initialMs: 20, maxMs: 200 },
      logger: capturingLogger().logger,
    });
    channel.start();
    await channel.whenSignedOn(5_000);
    link = new BankAcehLink(channel, identity);
  });
  afterAll(async () => {
    await channel.close();
    await Promise.all([bank.stop(), bpkd.stop()]);
  });
  beforeEach(() => {
    bank.calls.reset();
    bank.clearBankFaults();
  });

  /** STATUS_PEMBAYARAN_SPPT of one year, as the BPKD SOAP service reports it now. */
  async function bpkdPaid(bill: BillRef): Promise<boolean> {
    const response = await fetch(`${bpkd.url}/ws/pbb`, {
      method: 'POST',
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        SOAPAction: soapAction('GetTagihanSppt'),
      },
      body: buildEnvelope(MOCK_CREDENTIALS.bpkd, 'GetTagihanSppt', 'Nop', [bill.nop]),
    });
    const xml = await response.text();
    const row = xml
      .split('<Sppt>')
      .find((s) => s.includes(`<THN_PAJAK_SPPT>${bill.year}</THN_PAJAK_SPPT>`));
    const status = /<STATUS_PEMBAYARAN_SPPT>(\d)<\/STATUS_PEMBAYARAN_SPPT>/.exec(row ?? '')?.[1];
    if (status === undefined) throw new Error('year not in the BPKD answer');
    return status === '1';
  }

  async function inquireAndPay(bill: BillRef) {
    const inquiry = await link.inquire(bill, nextRef(), call);
    if (inquiry.rc !== '00' || !('total' in inquiry)) throw new Error(`inquiry rc ${inquiry.rc}`);
    const payment: PaymentRequest = {
      amount: inquiry.total,
      ntb: `NTB${nextRef().stan}`,
      channel: '6010',
    };
    const ref = nextRef();
    return { inquiry, payment, ref, answer: await link.pay(bill, payment, ref, call) };
  }

  it('inquiry answers the total with the 2%-a-month penalty and the bill profile', async () => {
    const bill = freshBill();
    const record = dataset.taxObjects.get(bill.nop)!.bills.find((b) => b.year === bill.year)!;
    const answer = await link.inquire(bill, nextRef(), call);
    const penalty = latePenalty(
      { amount: record.amountToPay, dueDate: record.dueDate, paid: false },
      new Date(),
      LEGACY_PENALTY_RULE,
    );
    expect(answer).toEqual({
      rc: '00',
      total: record.amountToPay + penalty,
      profile: expect.objectContaining({
        principal: record.amountToPay,
        penalty,
        total: record.amountToPay + penalty,
        dueDate: record.dueDate,
        landArea: record.landArea,
      }),
    });
    expect(bank.calls.all()).toEqual({ inquiry: 1 });
  });

  it('inquiry then payment: NTP of 16 characters, and the BPKD mock shows the year paid', async () => {
    const bill = freshBill();
    expect(await bpkdPaid(bill)).toBe(false);
    const { answer, payment } = await inquireAndPay(bill);
    expect(answer).toMatchObject({ rc: '00', amount: payment.amount });
    expect('ntp' in answer && answer.ntp).toMatch(/^0116117[3]\d{8}$/);
    expect(await bpkdPaid(bill)).toBe(true);
    // Paid by this bank: a new inquiry says 54 with the earlier NTP; a second payment 54.
    const again = await link.inquire(bill, nextRef(), call);
    expect(again).toEqual({ rc: '54', earlierNtp: 'ntp' in answer ? answer.ntp : '' });
    expect(await link.pay(bill, payment, nextRef(), call)).toEqual({ rc: '54' });
    expect(
      bank.biller.payments.filter((p) => p.nop === bill.nop && p.year === bill.year),
    ).toHaveLength(1);
  });

  it('RC 54 without an NTP for a year paid elsewhere (seeded as paid)', async () => {
    expect(await link.inquire(paidBill(dataset), nextRef(), call)).toEqual({ rc: '54' });
  });

  it('RC 55 for an unknown bill', async () => {
    expect(await link.inquire({ nop: '117303000399990010', year: 2025 }, nextRef(), call)).toEqual({
      rc: '55',
    });
  });

  it('RC 33 for a bank the biller does not allow', async () => {
    const other = new BankAcehLink(channel, { ...identity, acquirerId: '999' });
    expect(await other.inquire(freshBill(), nextRef(), call)).toEqual({ rc: '33' });
  });

  it('RC 51 when the amount differs from the bill; nothing paid', async () => {
    const bill = freshBill();
    const inquiry = await link.inquire(bill, nextRef(), call);
    const total = 'total' in inquiry ? inquiry.total : 0;
    const answer = await link.pay(
      bill,
      { amount: total - 1, ntb: 'NTB51', channel: '6010' },
      nextRef(),
      call,
    );
    expect(answer).toEqual({ rc: '51' });
    expect(await bpkdPaid(bill)).toBe(false);
  });

  it('RC 76 for a payment without a prior inquiry; nothing paid', async () => {
    const bill = freshBill();
    const record = dataset.taxObjects.get(bill.nop)!.bills.find((b) => b.year === bill.year)!;
    const total =
      record.amountToPay +
      latePenalty(
        { amount: record.amountToPay, dueDate: record.dueDate, paid: false },
        new Date(),
        LEGACY_PENALTY_RULE,
      );
    expect(
      await link.pay(bill, { amount: total, ntb: 'NTB76', channel: '6011' }, nextRef(), call),
    ).toEqual({ rc: '76' });
    expect(await bpkdPaid(bill)).toBe(false);
  });

  it('0400 reverses a payment (BPKD shows it unpaid again); 0401 repeat then answers 54', async () => {
    const bill = freshBill();
    const { payment, ref } = await inquireAndPay(bill);
    expect(await bpkdPaid(bill)).toBe(true);
    expect(await link.reverse(bill, { ref, payment }, nextRef(), false, call)).toEqual({
      rc: '00',
    });
    expect(await bpkdPaid(bill)).toBe(false);
    expect(await link.reverse(bill, { ref, payment }, nextRef(), true, call)).toEqual({ rc: '54' });
    expect(bank.calls.all()).toEqual({ inquiry: 1, payment: 1, reversal: 1, reversalRepeat: 1 });
    // The bill can be paid again: payment number 2.
    const second = await inquireAndPay(bill);
    expect(second.answer.rc).toBe('00');
    expect(
      bank.biller.payments
        .filter((p) => p.nop === bill.nop && p.year === bill.year)
        .map((p) => p.number),
    ).toEqual([1, 2]);
  });

  it('0400 for a bill never paid through the bank answers 55', async () => {
    const bill = freshBill();
    const payment: PaymentRequest = { amount: 1, ntb: 'NTBX', channel: '6010' };
    expect(await link.reverse(bill, { ref: nextRef(), payment }, nextRef(), false, call)).toEqual({
      rc: '55',
    });
  });

  it('commit-and-drop: BankNoAnswerError, the bill IS paid, and a 0401 reversal resolves it', async () => {
    const bill = freshBill();
    const inquiry = await link.inquire(bill, nextRef(), call);
    bank.setBankFault('payment', { action: 'commit-and-drop' });
    const payment: PaymentRequest = {
      amount: 'total' in inquiry ? inquiry.total : 0,
      ntb: 'NTBDROP',
      channel: '6010',
    };
    const ref = nextRef();
    await expect(link.pay(bill, payment, ref, { timeoutMs: 200 })).rejects.toBeInstanceOf(
      BankNoAnswerError,
    );
    expect(await bpkdPaid(bill)).toBe(true);
    bank.setBankFault('reversal', { action: 'drop' });
    await expect(
      link.reverse(bill, { ref, payment }, nextRef(), false, { timeoutMs: 200 }),
    ).rejects.toBeInstanceOf(BankNoAnswerError);
    expect(await link.reverse(bill, { ref, payment }, nextRef(), true, call)).toEqual({ rc: '00' });
    expect(await bpkdPaid(bill)).toBe(false);
  });

  it('drop without committing: BankNoAnswerError, nothing paid', async () => {
    const bill = freshBill();
    const inquiry = await link.inquire(bill, nextRef(), call);
    bank.setBankFault('payment', { action: 'drop' });
    const payment: PaymentRequest = {
      amount: 'total' in inquiry ? inquiry.total : 0,
      ntb: 'NTBNONE',
      channel: '6010',
    };
    await expect(link.pay(bill, payment, nextRef(), { timeoutMs: 200 })).rejects.toBeInstanceOf(
      BankNoAnswerError,
    );
    expect(await bpkdPaid(bill)).toBe(false);
    // Sent once, never retried by the link.
    expect(bank.calls.get('payment')).toBe(1);
  });

  it('bank down: BankUnavailableError, no message reaches the bank; back up: works', async () => {
    await bank.down();
    await waitFor('the link to notice', () => !channel.state().signedOn, 5_000);
    await expect(link.inquire(freshBill(), nextRef(), call)).rejects.toBeInstanceOf(
      BankUnavailableError,
    );
    await bank.up();
    await channel.whenSignedOn(5_000);
    expect((await link.inquire(freshBill(), nextRef(), call)).rc).toBe('00');
    expect(bank.calls.get('inquiry')).toBe(1);
  });

  it('lists the day’s settlement (JSON and CSV) and shows an injected mismatch', async () => {
    const bill = freshBill();
    const { answer, payment } = await inquireAndPay(bill);
    const ntp = 'ntp' in answer ? answer.ntp : '';
    const list = (await (await fetch(`${bank.url}/bank/settlement`)).json()) as {
      payments: Array<{ ntp: string; amount: number; ntb: string; nop: string; year: number }>;
    };
    expect(list.payments).toContainEqual(
      expect.objectContaining({
        ntp,
        amount: payment.amount,
        ntb: payment.ntb,
        nop: bill.nop,
        year: bill.year,
      }),
    );

    const injected = await fetch(`${bank.url}/bank/settlement/mismatch`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'amount', ntp, amountDelta: 500 }),
    });
    expect(injected.status).toBe(200);
    const csv = await (await fetch(`${bank.url}/bank/settlement?format=csv`)).text();
    expect(csv.split('\n')[0]).toBe('date,time,nop,year,amount,ntp,ntb,channel');
    expect(csv).toContain(`,${payment.amount + 500},${ntp},`);

    const counters = (await (await fetch(`${bank.url}/__admin/calls`)).json()) as {
      calls: Record<string, number>;
    };
    expect(counters.calls).toEqual({ inquiry: 1, payment: 1 });
  });

  it('the admin API validates faults', async () => {
    const bad = await fetch(`${bank.url}/bank/faults/payment`, {
      method: 'POST',
      body: JSON.stringify({ action: 'explode' }),
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${bank.url}/bank/faults/transfer`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(400);
    const ok = await fetch(`${bank.url}/bank/faults/payment`, {
      method: 'POST',
      body: JSON.stringify({ latencyMs: 10 }),
    });
    expect(ok.status).toBe(200);
    expect(bank.bankFaults.list()).toEqual({ payment: { latencyMs: 10 } });
  });
});
