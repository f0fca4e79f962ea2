import DataLoader from 'dataloader';
import type { BatchFetch, EntityPolicy, RequestScope, Upstream } from '../core/types';
import { MAX_NIKS_PER_CALL, type PdamClient } from './client';
import type { WaterAccountRecord } from './domain';
import { groupCustomerNumbers, toWaterAccount } from './mapping';

/** Per-request DataLoaders of the PDAM connector (`ctx.loaders.pdam`). */
export interface PdamLoaders {
  /**
   * Water accounts owned by a NIK: `[]` when the person owns none. One `pelanggan` call per
   * 50 NIKs, then one inquiry per account through `account` (shared, so de-duplicated).
   */
  accountsByOwner: DataLoader<string, WaterAccountRecord[] | null>;
  /** One account by customer number with its unpaid bills; `null` when PDAM does not know it. */
  account: DataLoader<string, WaterAccountRecord | null>;
}

/** Cache policies. Both hold names and addresses of customers: personal data. */
export const PDAM_ENTITIES = {
  account: {
    name: 'account',
    sensitivity: 'personal',
    // Bump when WaterAccountRecord changes shape.
    version: 1,
    // The inquiry has no batch form: the pipeline makes one bounded-concurrency call per account.
    maxBatchSize: 1,
    // Short: a citizen who has just paid at the counter should not see the bill for long.
    ttlSeconds: 120,
  },
  customerNumbersByOwner: {
    name: 'customerNumbersByOwner',
    sensitivity: 'personal',
    version: 1,
    maxBatchSize: MAX_NIKS_PER_CALL,
    // Who owns which connection changes only on a transfer of ownership.
    ttlSeconds: 6 * 60 * 60,
  },
} as const satisfies Record<string, EntityPolicy>;

/** Fetch functions for the pipeline: one upstream interaction each. */
export function pdamFetchers(client: PdamClient) {
  const accounts: BatchFetch<WaterAccountRecord> = async (ids, call) => {
    // maxBatchSize 1 means one id per call; the loop keeps the contract if that ever changes.
    const found = new Map<string, WaterAccountRecord | null>();
    for (const id of ids) {
      const data = await client.inquiry(id, call);
      found.set(id, data && toWaterAccount(data));
    }
    return found;
  };
  const customerNumbers: BatchFetch<string[]> = async (niks, call) =>
    groupCustomerNumbers(niks, await client.customersByNik(niks, call));
  return { accounts, customerNumbers };
}

export function createPdamLoaders(
  upstream: Upstream,
  client: PdamClient,
  scope: RequestScope,
): PdamLoaders {
  const fetch = pdamFetchers(client);
  const account = new DataLoader<string, WaterAccountRecord | null>((ids) =>
    upstream.load(PDAM_ENTITIES.account, ids, scope, fetch.accounts),
  );
  const accountsByOwner = new DataLoader<string, WaterAccountRecord[] | null>(async (niks) => {
    const numbersPerNik = await upstream.load(
      PDAM_ENTITIES.customerNumbersByOwner,
      niks,
      scope,
      fetch.customerNumbers,
    );
    return Promise.all(
      numbersPerNik.map(async (numbers) =>
        numbers instanceof Error || numbers === null ? numbers : ownedAccounts(account, numbers),
      ),
    );
  });
  return { accountsByOwner, account };
}

/**
 * The accounts behind a NIK's customer numbers. One failed inquiry fails the NIK's list (a
 * silently shortened list would understate what the citizen owes). A number the inquiry
 * does not know (closed between the two calls, or stale in the owner index) is left out.
 */
async function ownedAccounts(
  account: PdamLoaders['account'],
  numbers: readonly string[],
): Promise<WaterAccountRecord[] | Error> {
  const results = await account.loadMany(numbers);
  const failed = results.find((r): r is Error => r instanceof Error);
  if (failed) return failed;
  return results.filter((r): r is WaterAccountRecord => r !== null);
}
