import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BankAcehMock, BankFault } from '../../mocks/bank-aceh';
import { startMocks, type RunningMocks } from '../../mocks';
import type { TaxObject } from '../../mocks/data/dataset';
import { sha256Hex } from '../../src/config';
import { openLedgerDb, type LedgerDb } from '../../src/ledger';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { mockAgencyAllowances, productionAuditEnv } from '../support/production-env';
import { redisUrl } from '../support/redis';
import { waitFor } from '../support/wait';
import { bankOf, expectLedgerMatchesBank } from './bank-vs-ledger';

/**
 * A real crash: the gateway entry point runs as a child process in production mode (no --dev)
 * against the mock agencies, is `kill -9`'d while a payment is in flight (no drain, no
 * shutdown hook), and a second process on the same ledger must resolve the payment, never
 * leave it pending, and never pay twice. Production refuses a SQLite ledger (instances must
 * share one), so the ledger is a real PostgreSQL database started for this file.
 */

const API_KEY = `crash-test-${randomBytes(12).toString('hex')}`;
const PAY = `mutation Pay($input: PayPropertyTaxInput!) {
  payPropertyTax(input: $input) { paymentId total lines { year ntp ntb } }
}`;
const BILLS = `query Bills($nop: String!) {
  taxObject(nop: $nop) { bills { year status totalDue } }
}`;
const PAYMENT = `query Payment($id: ID!) {
  payment(id: $id) {
    id state outcome
    years { year state ntp }
    history { direction mti rc }
  }
}`;

interface GqlBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function gql<T>(
  gw: GatewayProcess,
  query: string,
  variables: Record<string, unknown>,
): Promise<GqlBody<T>> {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': API_KEY,
      'x-officer-id': 'officer-7',
      'x-purpose': 'PBB-COUNTER',
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlBody<T>;
}

/** What an operator sets for a production start against this repository's mocks. */
function productionEnv(mocks: RunningMocks, ledgerUrl: string): Record<string, string> {
  return {
    ...mocks.env,
    ...mockAgencyAllowances(),
    ...productionAuditEnv(),
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    CACHE_HMAC_SECRET: randomBytes(32).toString('base64'),
    CACHE_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    AUDIT_HMAC_SECRET: randomBytes(32).toString('base64'),
    AUDIT_LOG_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'mpp-audit-')), 'audit.jsonl'),
    REDIS_URL: redisUrl(0),
    API_CLIENTS: JSON.stringify([
      {
        id: 'counter',
        keySha256: sha256Hex(API_KEY),
        scopes: ['bpkd:read', 'bank-aceh:read', 'bank-aceh:write', 'pii:read'],
      },
    ]),
    PERSISTED_QUERIES: 'apq',
    LOG_LEVEL: 'info',
    PAYMENTS: 'on',
    LEDGER_URL: ledgerUrl,
    // A lost answer is unknown after 2.5 s; a dead instance's lease runs out 0.5 s later.
    BANK_ACEH_INQUIRY_TIMEOUT_MS: '2500',
    BANK_ACEH_PAYMENT_TIMEOUT_MS: '2500',
    BANK_ACEH_REVERSAL_TIMEOUT_MS: '1500',
    PAYMENTS_RECOVERY_INTERVAL_MS: '200',
    PAYMENTS_LEASE_MARGIN_MS: '500',
  };
}

interface CrashCase {
  name: string;
  /** The bank's behaviour for the 0200 payment of the crashed instance. */
  fault: BankFault;
  /** Whether the bank has the payment by the time the recovering instance could reverse it. */
  committed: boolean;
}

const CASES: CrashCase[] = [
  {
    // Commits 1 s after receipt, after the kill; still inside the dead instance's lease
    // (payment timeout + margin), so the reversal finds the payment.
    name: 'the bank commits after the kill and answers late (to a dead socket)',
    fault: { latencyMs: 1_000 },
    committed: true,
  },
  {
    name: 'the bank commits at once and its answer is lost',
    fault: { action: 'commit-and-drop' },
    committed: true,
  },
  {
    // Written to the ledger as sent, but the switch discards the 0200 unprocessed: for the
    // biller, a message never delivered.
    name: 'the 0200 never reaches the biller (the switch drops it unprocessed)',
    fault: { action: 'drop' },
    committed: false,
  },
];

describe('a gateway process killed (kill -9) mid-payment; a new one on the same ledger resolves it', () => {
  let pg: TestPostgres;
  let mocks: RunningMocks;
  let bank: BankAcehMock;
  const children: GatewayProcess[] = [];
  const ledgers: LedgerDb[] = [];
  const used = new Set<string>();

  beforeAll(async () => {
    pg = await startPostgres();
    mocks = await startMocks();
    bank = bankOf(mocks);
  }, 120_000);

  afterEach(() => bank.clearBankFaults());

  afterAll(async () => {
    await Promise.all(children.map((c) => c.crash()));
    await Promise.all(ledgers.map((l) => l.close().catch(() => undefined)));
    await mocks?.stop();
    await pg?.stop();
  });

  /** A child gateway, signed on to the bank; killed in afterAll if a test does not. */
  async function startChild(env: Record<string, string>): Promise<GatewayProcess> {
    const signOns = bank.calls.get('signOn');
    const child = await spawnGateway(env);
    children.push(child);
    await waitFor('the child to sign on to the bank', () => bank.calls.get('signOn') > signOns);
    return child;
  }

  function unusedTaxObject(): TaxObject {
    for (const obj of mocks.dataset.taxObjects.values()) {
      if (used.has(obj.nop) || !obj.bills.some((b) => !b.paid)) continue;
      used.add(obj.nop);
      return obj;
    }
    throw new Error('no tax object with an unpaid year left');
  }

  /** The failure message carries the children's last log lines. */
  async function withLogs<T>(what: Promise<T>, ...gws: GatewayProcess[]): Promise<T> {
    try {
      return await what;
    } catch (err) {
      const logs = gws.map((g, i) => `--- child ${i + 1} ---\n${g.tail(2_000)}`).join('\n');
      throw new Error(`${String(err)}\n${logs}`);
    }
  }

  it.each(CASES)(
    '$name',
    async ({ fault, committed }) => {
      const ledgerUrl = await pg.createDatabase(`crash_${used.size + 1}`);
      const env = productionEnv(mocks, ledgerUrl);
      const ledger = await openLedgerDb({ dialect: 'postgres', connectionString: ledgerUrl });
      ledgers.push(ledger);
      const items = () =>
        ledger.db
          .selectFrom('payment_items')
          .select(['payment_id', 'nop', 'year', 'state'])
          .execute();

      const first = await startChild(env);
      const obj = unusedTaxObject();
      const bills = await gql<{
        taxObject: { bills: Array<{ year: number; status: string; totalDue: number }> };
      }>(first, BILLS, { nop: obj.nop });
      expect(bills.errors).toBeUndefined();
      const bill = bills.data!.taxObject.bills.find((b) => b.status !== 'PAID')!;
      const input = {
        nop: obj.nop,
        years: [bill.year],
        expectedTotal: bill.totalDue,
        idempotencyKey: `crash-${randomBytes(6).toString('hex')}`,
      };
      const paymentsBefore = bank.calls.get('payment');
      bank.setBankFault('payment', fault);
      // Never answered: the process serving it dies.
      const pending = gql(first, PAY, { input }).then(
        () => 'answered',
        () => 'connection lost',
      );

      await withLogs(
        waitFor('the 0200 at the bank', () => bank.calls.get('payment') === paymentsBefore + 1),
        first,
      );
      if (fault.action === 'commit-and-drop')
        await waitFor('the bank to commit', () =>
          bank.biller.payments.some((p) => p.nop === obj.nop && p.year === bill.year),
        );
      await first.crash();
      expect(first.child.signalCode).toBe('SIGKILL');
      expect(await pending).toBe('connection lost');
      // Killed between sending and recording the answer: the ledger says "sent".
      const atCrash = await items();
      expect(atCrash.map((i) => i.state)).toEqual(['sent']);
      const paymentId = atCrash[0]!.payment_id;

      const second = await startChild(env);
      let last = '';
      await withLogs(
        waitFor(
          'the second process to resolve the payment',
          async () => {
            last = (await items()).map((i) => i.state).join(',');
            return last === 'reversed';
          },
          30_000,
          100,
        ).catch((err: unknown) => {
          throw new Error(`${String(err)} (item states: ${last})`);
        }),
        first,
        second,
      );
      await waitFor('the final outcome', async () => {
        const row = await ledger.db
          .selectFrom('payments')
          .select('state')
          .where('id', '=', paymentId)
          .executeTakeFirst();
        return row?.state === 'failed';
      });

      // The biller: a payment that was made is reversed; one that never arrived was never made.
      const atBank = bank.biller.payments.filter((p) => p.nop === obj.nop && p.year === bill.year);
      expect(atBank.map((p) => p.reversed)).toEqual(committed ? [true] : []);
      expect(bank.calls.get('reversal') + bank.calls.get('reversalRepeat')).toBeGreaterThan(0);

      const view = await gql<{
        payment: {
          state: string;
          outcome: string;
          years: Array<{ year: number; state: string }>;
          history: Array<{ direction: string | null; mti: string | null; rc: string | null }>;
        };
      }>(second, PAYMENT, { id: paymentId });
      expect(view.errors).toBeUndefined();
      expect(view.data!.payment).toMatchObject({
        state: 'FAILED',
        outcome: 'PAYMENT_REVERSED',
        years: [{ year: bill.year, state: 'reversed' }],
      });
      const out = view.data!.payment.history.filter((h) => h.direction === 'out');
      expect(out.filter((h) => h.mti === '0200')).toHaveLength(2); // inquiry + payment
      expect(out.some((h) => h.mti === '0400' || h.mti === '0401')).toBe(true);

      // The same request with the same key, twice: the recorded outcome, nothing sent.
      const paymentsAfter = bank.calls.get('payment');
      const inquiriesAfter = bank.calls.get('inquiry');
      for (let i = 0; i < 2; i++) {
        const again = await gql<{ payPropertyTax: unknown }>(second, PAY, { input });
        expect(again.data?.payPropertyTax ?? null).toBeNull();
        expect(again.errors?.[0]?.extensions).toMatchObject({
          code: 'PAYMENT_REVERSED',
          paymentId,
        });
      }
      expect(bank.calls.get('payment')).toBe(paymentsAfter);
      expect(bank.calls.get('inquiry')).toBe(inquiriesAfter);
      expect(await items()).toHaveLength(1);

      await expectLedgerMatchesBank([ledger.db], bank);
      await second.crash();
    },
    120_000,
  );
});
