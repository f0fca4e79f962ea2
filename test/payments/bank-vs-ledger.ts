import type { Kysely } from 'kysely';
import { BankAcehMock } from '../../mocks/bank-aceh';
import type { RunningMocks } from '../../mocks';
import type { LedgerDatabase } from '../../src/ledger';

/** The payment suites' end check and their handle on the bank mock, shared by every file. */

export function bankOf(mocks: RunningMocks): BankAcehMock {
  const bank = mocks.agencies['bank-aceh'];
  if (!(bank instanceof BankAcehMock)) throw new Error('bank mock missing');
  return bank;
}

/**
 * The bank's payments in force and the ledgers' paid years are the same set (keyed by NTB);
 * no bill paid twice. `ledgers`: every ledger the gateways under test wrote to.
 */
export async function expectLedgerMatchesBank(
  ledgers: Array<Kysely<LedgerDatabase>>,
  bank: BankAcehMock,
): Promise<void> {
  const ledgerPaid = new Map<string, string>();
  for (const db of ledgers) {
    const rows = await db
      .selectFrom('payment_items')
      .select(['nop', 'year', 'ntb', 'state'])
      .where('state', '=', 'paid')
      .execute();
    for (const r of rows) ledgerPaid.set(String(r.ntb), `${r.nop}/${r.year}`);
  }
  const inForce = bank.biller.payments.filter((p) => !p.reversed);
  const bankPaid = new Map(inForce.map((p) => [p.ntb, `${p.nop}/${p.year}`]));
  expect(bankPaid).toEqual(ledgerPaid);
  const bills = inForce.map((p) => `${p.nop}/${p.year}`);
  expect(new Set(bills).size).toBe(bills.length);
}
