import DataLoader from 'dataloader';
import type { BatchFetch, EntityPolicy, RequestScope, Upstream } from '../core/types';
import { MAX_RECIPIENTS_PER_SEARCH, type BeaCukaiClient } from './client';
import type { CustomsRegistrationRecord, CustomsShipmentRecord } from './domain';
import { groupByRecipient, toCustomsRegistration, toCustomsShipment } from './mapping';

/** Per-request DataLoaders of the Bea Cukai connector (`ctx.loaders['bea-cukai']`). */
export interface BeaCukaiLoaders {
  /** A personal shipment by validated air waybill / postal item number. */
  shipment: DataLoader<string, CustomsShipmentRecord | null>;
  /** Shipments addressed to a resident, by NIK (`[]` when none); up to 50 NIKs a search. */
  shipmentsByRecipient: DataLoader<string, CustomsShipmentRecord[] | null>;
  /** A business's customs registration by NIB. */
  registrationByNib: DataLoader<string, CustomsRegistrationRecord | null>;
  /** A business's customs registration by 16-digit NPWP. */
  registrationByNpwp: DataLoader<string, CustomsRegistrationRecord | null>;
}

/**
 * Cache policies. A shipment names its recipient and what they bought, and its duties are
 * financial: `specific` (cached only encrypted). Short TTL: citizens ask when the status
 * moves. A registration is a business's public-register fact: `public`, an hour.
 * Lookups by number have no batch form (one call each); the recipient search takes 50 NIKs.
 */
export const BEA_CUKAI_ENTITIES = {
  shipment: {
    name: 'shipment',
    sensitivity: 'specific',
    version: 1,
    maxBatchSize: 1,
    ttlSeconds: 120,
  },
  shipmentsByRecipient: {
    name: 'shipmentsByRecipient',
    sensitivity: 'specific',
    version: 1,
    maxBatchSize: MAX_RECIPIENTS_PER_SEARCH,
    ttlSeconds: 120,
  },
  registrationByNib: {
    name: 'registrationByNib',
    sensitivity: 'public',
    version: 1,
    maxBatchSize: 1,
    ttlSeconds: 3_600,
  },
  registrationByNpwp: {
    name: 'registrationByNpwp',
    sensitivity: 'public',
    version: 1,
    maxBatchSize: 1,
    ttlSeconds: 3_600,
  },
} as const satisfies Record<string, EntityPolicy>;

/** One call per id (maxBatchSize 1); the loop keeps the contract if that ever changes. */
function oneByOne<T>(
  get: (id: string, call: Parameters<BatchFetch<T>>[1]) => Promise<T | null>,
): BatchFetch<T> {
  return async (ids, call) => {
    const found = new Map<string, T | null>();
    for (const id of ids) found.set(id, await get(id, call));
    return found;
  };
}

export function createBeaCukaiLoaders(
  upstream: Upstream,
  client: BeaCukaiClient,
  scope: RequestScope,
): BeaCukaiLoaders {
  const shipments = oneByOne(async (n, call) => {
    const item = await client.shipment(n, call);
    return item && toCustomsShipment(item);
  });
  const byNib = oneByOne(async (nib, call) => {
    const item = await client.registration('nib', nib, call);
    return item && toCustomsRegistration(item);
  });
  const byNpwp = oneByOne(async (npwp, call) => {
    const item = await client.registration('npwp', npwp, call);
    return item && toCustomsRegistration(item);
  });
  const registrationByNib = new DataLoader<string, CustomsRegistrationRecord | null>((ids) =>
    upstream.load(BEA_CUKAI_ENTITIES.registrationByNib, ids, scope, byNib),
  );
  const registrationByNpwp = new DataLoader<string, CustomsRegistrationRecord | null>(
    async (ids) => {
      const found = await upstream.load(BEA_CUKAI_ENTITIES.registrationByNpwp, ids, scope, byNpwp);
      // Found by NPWP = found by NIB: a later lookup in this request costs no call.
      for (const r of found) if (r && !(r instanceof Error)) registrationByNib.prime(r.nib, r);
      return found;
    },
  );
  const shipment = new DataLoader<string, CustomsShipmentRecord | null>((ids) =>
    upstream.load(BEA_CUKAI_ENTITIES.shipment, ids, scope, shipments),
  );
  const byRecipient: BatchFetch<CustomsShipmentRecord[]> = async (niks, call) =>
    groupByRecipient(niks, await client.shipmentsByRecipient(niks, call));
  const shipmentsByRecipient = new DataLoader<string, CustomsShipmentRecord[] | null>(
    async (niks) => {
      const lists = await upstream.load(
        BEA_CUKAI_ENTITIES.shipmentsByRecipient,
        niks,
        scope,
        byRecipient,
      );
      // Found by recipient = found by number: a later lookup in this request costs no call.
      for (const list of lists)
        if (Array.isArray(list)) for (const s of list) shipment.prime(s.airWaybill, s);
      return lists;
    },
  );
  return {
    shipment,
    shipmentsByRecipient,
    registrationByNib,
    registrationByNpwp,
  };
}
