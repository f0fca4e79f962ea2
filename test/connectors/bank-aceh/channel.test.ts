import { BankNoAnswerError, BankUnavailableError } from '../../../src/payments/bank-port';
import { BankChannel } from '../../../src/connectors/bank-aceh/channel';
import { inquiryRequest, reversalRequest } from '../../../src/connectors/bank-aceh/messages';
import { buildDataset } from '../../../mocks/data/dataset';
import { createBankAcehMock, type BankAcehMock } from '../../../mocks/bank-aceh';
import { freePort, sleep, waitFor } from '../../support/wait';
import { capturingLogger, nextRef, unpaidBills } from './support';

const identity = { acquirerId: '116', terminalId: 'MPPLSA01', terminalUserId: 'OFFICER01' };

describe('bank channel against the Bank Aceh mock (loopback TCP)', () => {
  const dataset = buildDataset();
  const bills = unpaidBills(dataset);
  let mock: BankAcehMock;
  let channel: BankChannel | undefined;
  let log: ReturnType<typeof capturingLogger>;

  const open = (options: { idleEchoMs?: number; port?: number } = {}) => {
    log = capturingLogger();
    channel = new BankChannel({
      host: '127.0.0.1',
      port: options.port ?? mock.tcp.port,
      idleEchoMs: options.idleEchoMs ?? 60_000,
      echoTimeoutMs: 1_000,
      signOnTimeoutMs: 1_000,
      backoff: { initialMs: 20, maxMs: 200 },
      logger: log.logger,
    });
    channel.start();
    return channel;
  };
  const events = () => log.lines.map((l) => l.event);

  beforeAll(async () => {
    mock = await createBankAcehMock(dataset).start();
  });
  afterAll(() => mock.stop());
  beforeEach(() => {
    mock.calls.reset();
    mock.clearBankFaults();
  });
  afterEach(async () => {
    await channel?.close();
    channel = undefined;
  });

  it('signs on at connect and exposes its state', async () => {
    const ch = open();
    await ch.whenSignedOn(5_000);
    expect(mock.calls.get('signOn')).toBe(1);
    expect(ch.state()).toMatchObject({
      connected: true,
      signedOn: true,
      inFlight: 0,
      closed: false,
    });
    expect(ch.state().lastSignOnAt).toBeInstanceOf(Date);
  });

  it('echoes when the link is idle and records the last echo', async () => {
    const ch = open({ idleEchoMs: 50 });
    await ch.whenSignedOn(5_000);
    await waitFor('two echoes', () => mock.calls.get('echo') >= 2, 5_000);
    expect(ch.state().lastEchoAt).toBeInstanceOf(Date);
  });

  it('correlates 50 requests in flight by STAN, answers out of order', async () => {
    const ch = open();
    await ch.whenSignedOn(5_000);
    // Inquiries are answered late, reversals at once: answers come back in another order.
    mock.setBankFault('inquiry', { latencyMs: 150 });
    const order: string[] = [];
    const sent = bills.slice(0, 50).map((bill, i) => {
      const ref = nextRef();
      const request =
        i % 2 === 0
          ? inquiryRequest(bill, ref, identity)
          : reversalRequest(
              bill,
              { ref: nextRef(), payment: { amount: 1, ntb: 'X', channel: '6010' } },
              ref,
              identity,
              false,
            );
      return ch.send(request, { timeoutMs: 5_000 }).then((answer) => {
        order.push(answer.mti);
        return { request, answer };
      });
    });
    expect(ch.state().inFlight).toBe(50);
    const results = await Promise.all(sent);
    for (const { request, answer } of results) {
      expect(answer.fields.get(11)).toBe(request.fields.get(11));
      expect(answer.fields.get(37)).toBe(request.fields.get(37));
      expect(answer.fields.get(61)).toBe(request.fields.get(61));
      expect(answer.mti).toBe(request.mti === '0200' ? '0210' : '0410');
    }
    expect(order.slice(0, 25)).toEqual(Array(25).fill('0410'));
    expect(mock.calls.get('inquiry')).toBe(25);
    expect(ch.state().inFlight).toBe(0);
  });

  it('gives up after the timeout with BankNoAnswerError and logs the late answer without personal data', async () => {
    const ch = open();
    await ch.whenSignedOn(5_000);
    mock.setBankFault('inquiry', { latencyMs: 300 });
    const bill = bills[0]!;
    await expect(
      ch.send(inquiryRequest(bill, nextRef(), identity), { timeoutMs: 50 }),
    ).rejects.toBeInstanceOf(BankNoAnswerError);
    expect(ch.state().inFlight).toBe(0);
    await waitFor('the late answer log', () => events().includes('bank_late_answer'), 5_000);
    expect(JSON.stringify(log.lines)).not.toContain(bill.nop);
    expect(ch.state().signedOn).toBe(true);
  });

  it('an abort after sending is BankNoAnswerError; before sending, BankUnavailableError', async () => {
    const ch = open();
    await ch.whenSignedOn(5_000);
    mock.setBankFault('inquiry', { action: 'drop' });
    const aborted = new AbortController();
    aborted.abort();
    await expect(
      ch.send(inquiryRequest(bills[0]!, nextRef(), identity), {
        timeoutMs: 5_000,
        signal: aborted.signal,
      }),
    ).rejects.toBeInstanceOf(BankUnavailableError);
    expect(mock.calls.get('inquiry')).toBe(0);

    const later = new AbortController();
    const pending = ch.send(inquiryRequest(bills[0]!, nextRef(), identity), {
      timeoutMs: 5_000,
      signal: later.signal,
    });
    await waitFor('the inquiry at the mock', () => mock.calls.get('inquiry') === 1, 5_000);
    later.abort();
    await expect(pending).rejects.toBeInstanceOf(BankNoAnswerError);
  });

  it('refuses to send when not connected: BankUnavailableError, nothing written', async () => {
    const ch = open({ port: await freePort() });
    await expect(
      ch.send(inquiryRequest(bills[0]!, nextRef(), identity), { timeoutMs: 1_000 }),
    ).rejects.toBeInstanceOf(BankUnavailableError);
    await waitFor('reconnect attempts', () => ch.state().reconnects >= 2, 5_000);
    expect(ch.state()).toMatchObject({ connected: false, signedOn: false });
  });

  it('stays unavailable while the switch refuses sign-on, and signs on once it accepts', async () => {
    mock.setBankFault('signOn', { action: 'refuse' });
    const ch = open();
    await waitFor('repeated sign-on attempts', () => mock.calls.get('signOn') >= 2, 5_000);
    expect(ch.state().signedOn).toBe(false);
    await expect(
      ch.send(inquiryRequest(bills[0]!, nextRef(), identity), { timeoutMs: 1_000 }),
    ).rejects.toBeInstanceOf(BankUnavailableError);
    expect(events()).toContain('bank_sign_on_refused');
    mock.clearBankFaults();
    await ch.whenSignedOn(5_000);
  });

  it('reconnects and signs on again after the switch restarts; in-flight requests fail as no answer', async () => {
    const ch = open();
    await ch.whenSignedOn(5_000);
    mock.setBankFault('inquiry', { action: 'drop' });
    const inFlight = ch.send(inquiryRequest(bills[0]!, nextRef(), identity), { timeoutMs: 10_000 });
    await waitFor('the inquiry at the mock', () => mock.calls.get('inquiry') === 1, 5_000);
    await mock.down();
    await expect(inFlight).rejects.toBeInstanceOf(BankNoAnswerError);
    await sleep(100);
    expect(ch.state().signedOn).toBe(false);
    await mock.up();
    mock.clearBankFaults();
    await waitFor('signed on again', () => ch.state().signedOn, 5_000);
    expect(ch.state().reconnects).toBeGreaterThanOrEqual(1);
    expect(mock.calls.get('signOn')).toBeGreaterThanOrEqual(2);
    const answer = await ch.send(inquiryRequest(bills[0]!, nextRef(), identity), {
      timeoutMs: 5_000,
    });
    expect(answer.fields.get(39)).toBe('00');
  });

  it('survives a garbled frame: drops the connection, reconnects, and works again', async () => {
    const ch = open();
    await ch.whenSignedOn(5_000);
    mock.setBankFault('inquiry', { action: 'garbled' });
    await expect(
      ch.send(inquiryRequest(bills[1]!, nextRef(), identity), { timeoutMs: 5_000 }),
    ).rejects.toBeInstanceOf(BankNoAnswerError);
    expect(events()).toContain('bank_connection_dropped');
    mock.clearBankFaults();
    await waitFor('signed on again', () => ch.state().signedOn, 5_000);
    const answer = await ch.send(inquiryRequest(bills[1]!, nextRef(), identity), {
      timeoutMs: 5_000,
    });
    expect(answer.fields.get(39)).toBe('00');
  });

  it('survives a reset in the middle of a frame the same way', async () => {
    const ch = open();
    await ch.whenSignedOn(5_000);
    mock.setBankFault('inquiry', { action: 'reset' });
    await expect(
      ch.send(inquiryRequest(bills[1]!, nextRef(), identity), { timeoutMs: 5_000 }),
    ).rejects.toBeInstanceOf(BankNoAnswerError);
    mock.clearBankFaults();
    await waitFor('signed on again', () => ch.state().signedOn, 5_000);
    expect(ch.state().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('ignores a duplicate answer', async () => {
    const ch = open();
    await ch.whenSignedOn(5_000);
    mock.setBankFault('inquiry', { action: 'duplicate' });
    const ref = nextRef();
    const answer = await ch.send(inquiryRequest(bills[2]!, ref, identity), { timeoutMs: 5_000 });
    expect(answer.fields.get(11)).toBe(ref.stan);
    await waitFor('the duplicate log', () => events().includes('bank_duplicate_answer'), 5_000);
    expect(ch.state()).toMatchObject({ signedOn: true, inFlight: 0 });
  });

  it('closes cleanly: signs off, and refuses further requests', async () => {
    const ch = open();
    await ch.whenSignedOn(5_000);
    await ch.close();
    expect(mock.calls.get('signOff')).toBe(1);
    expect(ch.state()).toMatchObject({ connected: false, signedOn: false, closed: true });
    await expect(
      ch.send(inquiryRequest(bills[0]!, nextRef(), identity), { timeoutMs: 1_000 }),
    ).rejects.toBeInstanceOf(BankUnavailableError);
  });
});
