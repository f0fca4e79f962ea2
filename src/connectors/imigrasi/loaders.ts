import DataLoader from 'dataloader';
import { upstreamBadResponse } from '../../errors';
import type { BatchFetch, CallContext, EntityPolicy, RequestScope, Upstream } from '../core/types';
import { MAX_NIKS_PER_CALL, type ImigrasiClient } from './client';
import type { PassportApplicationRecord } from './domain';
import { groupByNik, toPassportApplication } from './mapping';
import type { RevalidationMemo } from './revalidation';

/** Per-request DataLoaders of the Imigrasi connector (`ctx.loaders.imigrasi`). */
export interface ImigrasiLoaders {
  /** One application by (validated) number; `null` when the office does not know it. */
  application: DataLoader<string, PassportApplicationRecord | null>;
  /** A citizen's applications by NIK, newest first (`[]` when none), up to 50 NIKs a search. */
  applicationsByNik: DataLoader<string, PassportApplicationRecord[] | null>;
}

/**
 * Cache policies. An application names a citizen and their travel plans: personal data,
 * cached encrypted. Short TTLs because a citizen at the counter asks exactly when the stage
 * changes (is it ready?); conditional requests make the refresh cheap.
 */
export const IMIGRASI_ENTITIES = {
  application: {
    name: 'application',
    sensitivity: 'personal',
    // Bump when PassportApplicationRecord changes shape: old cache entries are then never read.
    version: 1,
    // The lookup by number has no batch form: one bounded-concurrency call per number.
    maxBatchSize: 1,
    ttlSeconds: 300,
  },
  applicationsByNik: {
    name: 'applicationsByNik',
    sensitivity: 'personal',
    version: 1,
    maxBatchSize: MAX_NIKS_PER_CALL,
    ttlSeconds: 300,
  },
} as const satisfies Record<string, EntityPolicy>;

/** Fetch functions for the pipeline: one upstream interaction each. */
export function imigrasiFetchers(client: ImigrasiClient, memo: RevalidationMemo) {
  const one = async (
    nomor: string,
    call: CallContext,
  ): Promise<PassportApplicationRecord | null> => {
    const answer = await client.application(nomor, call, memo.etagOf(nomor));
    switch (answer.kind) {
      case 'not-found':
        memo.forget(nomor);
        return null;
      case 'not-modified': {
        const record = memo.confirmed(nomor);
        // Evicted between sending the ETag and the answer: we have nothing to serve.
        if (!record)
          throw upstreamBadResponse(client.connector, 'permohonan: 304 for a forgotten ETag');
        return record;
      }
      case 'found': {
        const record = toPassportApplication(answer.application);
        memo.remember(nomor, answer.etag, record);
        return record;
      }
    }
  };
  const applications: BatchFetch<PassportApplicationRecord> = async (numbers, call) => {
    // maxBatchSize 1 means one number per call; the loop keeps the contract if that changes.
    const found = new Map<string, PassportApplicationRecord | null>();
    for (const nomor of numbers) found.set(nomor, await one(nomor, call));
    return found;
  };
  const byNik: BatchFetch<PassportApplicationRecord[]> = async (niks, call) =>
    groupByNik(niks, await client.applicationsByNik(niks, call));
  return { applications, byNik };
}

export function createImigrasiLoaders(
  upstream: Upstream,
  client: ImigrasiClient,
  memo: RevalidationMemo,
  scope: RequestScope,
): ImigrasiLoaders {
  const fetch = imigrasiFetchers(client, memo);
  const application = new DataLoader<string, PassportApplicationRecord | null>((numbers) =>
    upstream.load(IMIGRASI_ENTITIES.application, numbers, scope, fetch.applications),
  );
  const applicationsByNik = new DataLoader<string, PassportApplicationRecord[] | null>(
    async (niks) => {
      const lists = await upstream.load(
        IMIGRASI_ENTITIES.applicationsByNik,
        niks,
        scope,
        fetch.byNik,
      );
      // An application found by NIK is the same record by number: a later lookup costs no call.
      for (const list of lists) {
        if (Array.isArray(list)) for (const a of list) application.prime(a.applicationNumber, a);
      }
      return lists;
    },
  );
  return { application, applicationsByNik };
}
