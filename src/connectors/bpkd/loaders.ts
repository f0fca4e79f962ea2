import DataLoader from 'dataloader';
import type { BatchFetch, EntityPolicy, RequestScope, Upstream } from '../core/types';
import type { BpkdClient } from './client';
import type { TaxBillRecord, TaxObjectRecord } from './domain';
import { toNopList, toTaxObject } from './mapping';
import { latePenalty, type PenaltyRule } from './penalty';

/** Per-request loaders of the BPKD connector (`ctx.loaders.bpkd`). */
export interface BpkdLoaders {
  /** Owner NIK → the tax objects whose taxpayer subject it is (with bills); null when none. */
  taxObjectsByOwner: DataLoader<string, TaxObjectRecord[] | null>;
  /** NOP → the tax object with every bill; null when the NOP is unknown. */
  taxObject: DataLoader<string, TaxObjectRecord | null>;
  /** The late penalty on a bill as of `now`, by the configured rule (whole rupiah). */
  penalty(bill: TaxBillRecord, now: Date): number;
}

/**
 * What BPKD data is cached, and how. Bills change when paid at a bank, so they live shorter
 * than the list of objects a subject holds, which changes on a land transfer.
 */
export const BPKD_ENTITIES = {
  /** NIK → NOPs (GetObjekPajakBySubjek). */
  objectsBySubject: {
    name: 'objectsBySubject',
    sensitivity: 'specific',
    version: 1,
    maxBatchSize: 50,
    ttlSeconds: 3_600,
  },
  /** NOP → object and bills (GetTagihanSppt). */
  taxObject: {
    name: 'taxObject',
    sensitivity: 'specific',
    version: 1,
    maxBatchSize: 50,
    ttlSeconds: 600,
  },
} as const satisfies Record<string, EntityPolicy>;

export interface BpkdLoaderDeps {
  upstream: Upstream;
  client: BpkdClient;
  penaltyRule: PenaltyRule;
}

export function createBpkdLoaders(deps: BpkdLoaderDeps, scope: RequestScope): BpkdLoaders {
  const { upstream, client, penaltyRule } = deps;

  const fetchNopsBySubject: BatchFetch<string[]> = async (niks, call) => {
    const results = await client.objectsBySubject(niks, call);
    return new Map(results.map((r) => [r.SubjekPajakId, toNopList(r, upstream.connector)]));
  };

  const fetchTaxObjects: BatchFetch<TaxObjectRecord> = async (nops, call) => {
    const results = await client.billsByNop(nops, call);
    return new Map(results.map((r) => [r.Nop, toTaxObject(r, upstream.connector)]));
  };

  const taxObject = new DataLoader<string, TaxObjectRecord | null>((nops) =>
    upstream.load(BPKD_ENTITIES.taxObject, nops, scope, fetchTaxObjects),
  );

  // Two steps, each batched: the owners' NOP lists in one GetObjekPajakBySubjek call, then
  // every NOP of every owner through `taxObject`, so a whole family costs one GetTagihanSppt
  // call and a later `taxObject.load(nop)` in the same request costs none.
  const taxObjectsByOwner = new DataLoader<string, TaxObjectRecord[] | null>(async (niks) => {
    const nopLists = await upstream.load(
      BPKD_ENTITIES.objectsBySubject,
      niks,
      scope,
      fetchNopsBySubject,
    );
    const nops = [...new Set(nopLists.flatMap((list) => (Array.isArray(list) ? list : [])))];
    const objects = await taxObject.loadMany(nops);
    const byNop = new Map(nops.map((nop, i) => [nop, objects[i]]));
    return nopLists.map((list) => {
      if (list === null || list instanceof Error) return list;
      const records: TaxObjectRecord[] = [];
      for (const nop of list) {
        const object = byNop.get(nop);
        // One failed object fails the owner's list: a silently shorter list would understate
        // what the citizen owes.
        if (object instanceof Error) return object;
        // Listed for the subject but without any SPPT yet (a newly registered object).
        if (object) records.push(object);
      }
      return records;
    });
  });

  return {
    taxObjectsByOwner,
    taxObject,
    penalty: (bill, now) => latePenalty(bill, now, penaltyRule),
  };
}
