import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { BatchFetch, EntityPolicy, RequestScope, Upstream } from '../core/types';
import { MAX_NIKS_PER_SEARCH, type DisnakerClient } from './client';
import type { JobSeekerApplicationRecord, JobSeekerCardRecord } from './domain';
import type { WriteJournal } from './journal';
import { toJobSeekerApplication, toJobSeekerCard } from './mapping';
import { createDisnakerWrites, type DisnakerWrites } from './writes';

/** Per-request loaders and writes of the Disnaker connector (`ctx.loaders.disnaker`). */
export interface DisnakerLoaders {
  /** A resident's AK/1 card by NIK (the latest one); null when they hold none. Up to 50 NIKs a search. */
  cardByNik: DataLoader<string, JobSeekerCardRecord | null>;
  /** An application by number; null when the office does not know it. */
  application: DataLoader<string, JobSeekerApplicationRecord | null>;
  /** The writes (never cached, never retried by the pipeline). */
  writes: DisnakerWrites;
}

/**
 * Cache policies. A card holds education and the holder's job search: personal data, cached
 * encrypted. Cards change at the office (a report, a new card) a few times a year: 10 minutes.
 * An application's status moves while the citizen waits at the counter: 30 seconds.
 * The search takes 50 NIKs: a family view costs one call.
 */
export const DISNAKER_ENTITIES = {
  cardByNik: {
    name: 'cardByNik',
    sensitivity: 'personal',
    version: 1,
    maxBatchSize: MAX_NIKS_PER_SEARCH,
    ttlSeconds: 600,
  },
  application: {
    name: 'application',
    sensitivity: 'personal',
    version: 1,
    maxBatchSize: 1,
    ttlSeconds: 30,
  },
} as const satisfies Record<string, EntityPolicy>;

export interface DisnakerLoaderDeps {
  upstream: Upstream;
  client: DisnakerClient;
  journal: WriteJournal | undefined;
  timeoutMs: number;
  logger: Logger;
}

export function createDisnakerLoaders(
  deps: DisnakerLoaderDeps,
  scope: RequestScope,
): DisnakerLoaders {
  const { upstream, client } = deps;
  const byNik: BatchFetch<JobSeekerCardRecord> = async (niks, call) => {
    const found = new Map<string, JobSeekerCardRecord | null>(niks.map((n) => [n, null]));
    for (const card of await client.cardsByNik(niks, call)) {
      const record = toJobSeekerCard(card);
      const seen = found.get(card.nik);
      // A resident who applied again after expiry may have two cards: the latest counts.
      if (!seen || seen.issuedOn < record.issuedOn) found.set(card.nik, record);
    }
    return found;
  };
  const applications: BatchFetch<JobSeekerApplicationRecord> = async (numbers, call) => {
    const found = new Map<string, JobSeekerApplicationRecord | null>();
    for (const n of numbers) {
      const p = await client.application(n, call);
      found.set(n, p && toJobSeekerApplication(p));
    }
    return found;
  };
  return {
    cardByNik: new DataLoader((niks) =>
      upstream.load(DISNAKER_ENTITIES.cardByNik, niks, scope, byNik),
    ),
    application: new DataLoader((ns) =>
      upstream.load(DISNAKER_ENTITIES.application, ns, scope, applications),
    ),
    writes: createDisnakerWrites(deps, scope),
  };
}
