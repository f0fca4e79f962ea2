/**
 * Scenario 6: PBB-P2 payments, p50/p99 of `payPropertyTax` (inquiry + payment, ledger written
 * before each message) at c=1 and c=16 against the Bank Aceh mock over TCP with no added
 * latency. In process: the payment path (ledger + ISO 8583 link + switch) is what is measured,
 * not HTTP; every payment is a distinct unpaid bill, so each one really moves money at the mock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBankAcehMock } from '../../mocks/bank-aceh';
import { getDataset } from '../../mocks/data/dataset';
import { BankAcehLink, BankChannel } from '../../src/connectors/bank-aceh';
import { latePenalty, LEGACY_PENALTY_RULE } from '../../src/connectors/bpkd/penalty';
import { openLedgerDb, WriteLedger } from '../../src/ledger';
import { PaymentService } from '../../src/payments';
import type { LoadResult } from './load';

export interface PaymentRun {
  connections: number;
  result: LoadResult;
}

const pct = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** Runs `count` payments at each concurrency in `levels`; one mock, ledger and link for all. */
export async function runPaymentScenario(
  levels: readonly number[],
  count: number,
): Promise<PaymentRun[]> {
  const dataset = getDataset();
  const bank = await createBankAcehMock(dataset, {}).start();
  const dir = mkdtempSync(path.join(tmpdir(), 'mpp-bench-ledger-'));
  const ledger = await openLedgerDb({ dialect: 'sqlite', path: path.join(dir, 'ledger.sqlite') });
  const quiet = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  const channel = new BankChannel({ host: bank.tcp.host, port: bank.tcp.port, logger: quiet });
  channel.start();
  const service = new PaymentService({
    bank: new BankAcehLink(channel, {
      acquirerId: '116',
      terminalId: 'MPPLSA01',
      terminalUserId: 'MPP-LANGSA',
    }),
    ledger: new WriteLedger(ledger.db),
  });
  const now = new Date();
  const bills = [...dataset.taxObjects.values()].flatMap((obj) =>
    obj.bills
      .filter((b) => !b.paid)
      .map((b) => ({
        nop: obj.nop,
        year: b.year,
        total:
          b.amountToPay +
          latePenalty(
            { amount: b.amountToPay, dueDate: b.dueDate, paid: false },
            now,
            LEGACY_PENALTY_RULE,
          ),
      })),
  );
  const runs: PaymentRun[] = [];
  try {
    await channel.whenSignedOn(10_000);
    for (const connections of levels) {
      const latencies: number[] = [];
      let errors = 0;
      let next = 0;
      const started = performance.now();
      const worker = async () => {
        for (;;) {
          const i = next++;
          if (i >= count) return;
          const bill = bills.pop();
          if (!bill) throw new Error('the data set ran out of unpaid bills');
          const t0 = performance.now();
          const outcome = await service.payPropertyTax({
            nop: bill.nop,
            years: [bill.year],
            expectedTotal: bill.total,
            idempotencyKey: `bench-${connections}-${i}-${bill.nop}-${bill.year}`,
            channel: '6010',
            officer: 'bench',
            clientId: 'bench',
          });
          latencies.push(performance.now() - t0);
          if (!outcome.ok) errors++;
        }
      };
      await Promise.all(Array.from({ length: connections }, worker));
      const durationS = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      runs.push({
        connections,
        result: {
          requests: latencies.length,
          sent: latencies.length,
          durationS,
          rps: latencies.length / durationS,
          p50: pct(latencies, 0.5),
          p99: pct(latencies, 0.99),
          max: latencies.at(-1) ?? 0,
          non2xx: 0,
          connectionErrors: 0,
          errorsByLabel: errors ? { payment: errors } : {},
          errors,
          verified: latencies.length - errors,
        },
      });
    }
  } finally {
    await service.stop();
    await channel.close();
    await ledger.close();
    await bank.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}
