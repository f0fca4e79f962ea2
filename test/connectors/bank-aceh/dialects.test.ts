import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { BankAcehLink } from '../../../src/connectors/bank-aceh/bank';
import { BankChannel } from '../../../src/connectors/bank-aceh/channel';
import {
  BINARY2_FRAMING,
  BJB_V17_PROFILE,
  BJB_V17_RESPONSE_CODES,
  GENERIC_SWITCH_RESPONSE_CODES,
  rcOutcome,
  withFraming,
} from '../../../src/connectors/bank-aceh/iso8583';
import { buildDataset } from '../../../mocks/data/dataset';
import { createBankAcehMock } from '../../../mocks/bank-aceh';
import { waitFor } from '../../support/wait';
import { capturingLogger, nextRef, unpaidBills } from './support';

const identity = { acquirerId: '116', terminalId: 'MPPLSA01', terminalUserId: 'OFFICER01' };

describe('response-code tables per dialect', () => {
  it('read the same code differently', () => {
    expect(rcOutcome(BJB_V17_RESPONSE_CODES, '55')).toBe('not-available');
    expect(rcOutcome(BJB_V17_RESPONSE_CODES, '76')).toBe('no-inquiry');
    expect(rcOutcome(GENERIC_SWITCH_RESPONSE_CODES, '88')).toBe('not-available');
    expect(rcOutcome(GENERIC_SWITCH_RESPONSE_CODES, '91')).toBe('no-inquiry');
    expect(rcOutcome(GENERIC_SWITCH_RESPONSE_CODES, '55')).toBe('system-error');
    expect(rcOutcome(BJB_V17_RESPONSE_CODES, 'ZZ')).toBe('system-error');
  });
});

describe('2-byte binary length framing (profile option)', () => {
  it('signs on and pays end to end when both sides use it', async () => {
    const dataset = buildDataset();
    const profile = withFraming(BJB_V17_PROFILE, BINARY2_FRAMING);
    const mock = await createBankAcehMock(dataset, { profile }).start();
    const channel = new BankChannel({
      host: mock.tcp.host,
      port: mock.tcp.port,
      profile,
      logger: capturingLogger().logger,
    });
    try {
      channel.start();
      await channel.whenSignedOn(5_000);
      const link = new BankAcehLink(channel, identity);
      const bill = unpaidBills(dataset)[0]!;
      const inquiry = await link.inquire(bill, nextRef(), { timeoutMs: 5_000 });
      if (inquiry.rc !== '00' || !('total' in inquiry)) throw new Error('inquiry failed');
      const paid = await link.pay(
        bill,
        { amount: inquiry.total, ntb: 'NTBBIN', channel: '6014' },
        nextRef(),
        {
          timeoutMs: 5_000,
        },
      );
      expect(paid.rc).toBe('00');
      expect(mock.biller.payments).toHaveLength(1);
      expect(mock.biller.payments[0]).toMatchObject({ channel: '6014', ntb: 'NTBBIN' });
    } finally {
      await channel.close();
      await mock.stop();
    }
  });
});

describe('a switch that sends garbage', () => {
  it('a bad length header drops the connection and the channel keeps trying, the process intact', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      socket.on('error', () => undefined);
      socket.once('data', () => socket.write('ZZZZ not a frame'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const log = capturingLogger();
    const channel = new BankChannel({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      backoff: { initialMs: 10, maxMs: 50 },
      logger: log.logger,
    });
    try {
      channel.start();
      await waitFor('three connection attempts', () => connections >= 3, 5_000);
      expect(channel.state().signedOn).toBe(false);
      expect(
        log.lines.some(
          (l) => l.event === 'bank_connection_dropped' && l.reason === 'BAD_LENGTH_HEADER',
        ),
      ).toBe(true);
    } finally {
      await channel.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
