import DataLoader from 'dataloader';
import type { BatchFetch, CallContext, EntityPolicy, RequestScope, Upstream } from '../core/types';
import type { DukcapilClient } from './client';
import type { CitizenRecord, FamilyRecord } from './domain';
import { toCitizen, toFamily } from './mapping';

/**
 * Dukcapil has no batch endpoint: one NIK or one KK number per call (maxBatchSize 1), so the
 * pipeline fans a batch out into bounded parallel calls. Civil records change seldom (a birth,
 * a move), so an hour of freshness is safe; they are personal data, cached encrypted.
 */
export const DUKCAPIL_ENTITIES = {
  citizen: {
    name: 'citizen',
    sensitivity: 'personal',
    version: 1,
    maxBatchSize: 1,
    ttlSeconds: 3600,
  },
  family: {
    name: 'family',
    sensitivity: 'personal',
    version: 1,
    maxBatchSize: 1,
    ttlSeconds: 3600,
  },
} as const satisfies Record<string, EntityPolicy>;

/** Per-request loaders of the Dukcapil connector (`ctx.loaders.dukcapil`). */
export interface DukcapilLoaders {
  /** By NIK (16 digits, already validated): CALL_NIK, or a member of a family loaded in this request. */
  citizen: DataLoader<string, CitizenRecord | null>;
  /** By KK number (16 digits, already validated): CALL_KK. */
  family: DataLoader<string, FamilyRecord | null>;
}

/** Adapts a one-id fetch to the pipeline's batch contract (ids absent from the map are "not found"). */
function oneByOne<T>(
  fetchOne: (id: string, call: CallContext) => Promise<T | null>,
): BatchFetch<T> {
  return async (ids, call) =>
    new Map(await Promise.all(ids.map(async (id) => [id, await fetchOne(id, call)] as const)));
}

export function createDukcapilLoaders(
  upstream: Upstream,
  client: DukcapilClient,
  scope: RequestScope,
): DukcapilLoaders {
  const fetchCitizen = oneByOne(async (nik, call) => {
    const person = await client.findByNik(call, nik);
    return person && toCitizen(person);
  });
  const fetchFamily = oneByOne(async (kk, call) => toFamily(kk, await client.findByKk(call, kk)));

  const citizen = new DataLoader<string, CitizenRecord | null>((niks) =>
    upstream.load(DUKCAPIL_ENTITIES.citizen, niks, scope, fetchCitizen),
  );
  const family = new DataLoader<string, FamilyRecord | null>(async (kks) => {
    const families = await upstream.load(DUKCAPIL_ENTITIES.family, kks, scope, fetchFamily);
    // A family card already holds every member's full record: priming the citizen loader
    // makes `family { members { ... } }` and later lookups of those NIKs cost no further call.
    // prime() keeps an entry already loaded, so a CALL_NIK answer is never overwritten.
    for (const result of families) {
      if (result === null || result instanceof Error) continue;
      for (const member of result.members) citizen.prime(member.nik, member);
    }
    return families;
  });

  return { citizen, family };
}
