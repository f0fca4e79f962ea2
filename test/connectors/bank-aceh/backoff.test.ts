import { BankChannel } from '../../../src/connectors/bank-aceh/channel';
import { freePort, waitFor } from '../../support/wait';
import { capturingLogger } from './support';

describe('reconnect backoff', () => {
  it('doubles from initialMs, is capped at maxMs, takes the jitter off, and never stops trying', async () => {
    const log = capturingLogger();
    const channel = new BankChannel({
      host: '127.0.0.1',
      port: await freePort(),
      backoff: { initialMs: 10, maxMs: 40, jitter: 0.5 },
      random: () => 0.5, // a quarter off each delay
      logger: log.logger,
    });
    channel.start();
    const delays = () =>
      log.lines.filter((l) => l.event === 'bank_reconnect_scheduled').map((l) => l.delayMs);
    try {
      await waitFor('six reconnect attempts', () => delays().length >= 6, 5_000);
      expect(delays().slice(0, 6)).toEqual([8, 15, 30, 30, 30, 30]);
      expect(channel.state()).toMatchObject({ connected: false, signedOn: false });
      expect(channel.state().reconnects).toBeGreaterThanOrEqual(6);
    } finally {
      await channel.close();
    }
  });
});
