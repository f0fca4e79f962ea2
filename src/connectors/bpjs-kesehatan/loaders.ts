import DataLoader from 'dataloader';
import type { BatchFetch, CallContext, EntityPolicy, RequestScope, Upstream } from '../core/types';
import type { VClaimClient } from './client';
import type { HealthInsuranceRecord } from './domain';
import { toHealthInsurance } from './mapping';
import type { VClaimParticipant } from './payloads';

/** Per-request loaders of the BPJS Kesehatan connector. */
export interface BpjsKesehatanLoaders {
  /** Membership by NIK; null when BPJS Kesehatan has no participant with that NIK. */
  participantByNik: DataLoader<string, HealthInsuranceRecord | null>;
  /** Membership by 13-digit card number (noKartu); null when the card does not exist. */
  participantByCard: DataLoader<string, HealthInsuranceRecord | null>;
}

/**
 * VClaim has no batch endpoint, hence maxBatchSize 1 (the pipeline fans out with bounded
 * concurrency). Health data is 'specific' personal data: cached only when encrypted. A short
 * TTL because the status flips as soon as arrears are paid, and a front desk acts on it.
 */
const participantPolicy = (name: string): EntityPolicy => ({
  name,
  sensitivity: 'specific',
  version: 1,
  maxBatchSize: 1,
  ttlSeconds: 600,
});
export const BPJS_KESEHATAN_ENTITIES = {
  participantByNik: participantPolicy('participantByNik'),
  participantByCard: participantPolicy('participantByCard'),
};

type FetchOne = (id: string, call: CallContext) => Promise<VClaimParticipant | null>;

/** A BatchFetch over a one-id-per-call endpoint, mapping each answer once. */
function fetchEach(fetchOne: FetchOne): BatchFetch<HealthInsuranceRecord> {
  return async (ids, call) => {
    const records = await Promise.all(ids.map((id) => fetchOne(id, call)));
    return new Map(ids.map((id, i) => [id, records[i] ? toHealthInsurance(records[i]) : null]));
  };
}

export function createBpjsKesehatanLoaders(
  upstream: Upstream,
  client: VClaimClient,
  scope: RequestScope,
): BpjsKesehatanLoaders {
  const byNik = fetchEach((nik, call) => client.participantByNik(nik, call));
  const byCard = fetchEach((card, call) => client.participantByCard(card, call));

  // A participant found one way is the same record the other way: prime the sibling loader
  // so that `citizen { healthInsurance }` followed by `healthInsurance(cardNumber)` in the
  // same request costs one VClaim call, not two.
  const loaders: BpjsKesehatanLoaders = {
    participantByNik: new DataLoader(async (niks) => {
      const results = await upstream.load(
        BPJS_KESEHATAN_ENTITIES.participantByNik,
        niks,
        scope,
        byNik,
      );
      for (const r of results) if (isRecord(r)) loaders.participantByCard.prime(r.cardNumber, r);
      return results;
    }),
    participantByCard: new DataLoader(async (cards) => {
      const results = await upstream.load(
        BPJS_KESEHATAN_ENTITIES.participantByCard,
        cards,
        scope,
        byCard,
      );
      for (const r of results) if (isRecord(r) && r.nik) loaders.participantByNik.prime(r.nik, r);
      return results;
    }),
  };
  return loaders;
}

const isRecord = (r: HealthInsuranceRecord | null | Error): r is HealthInsuranceRecord =>
  r !== null && !(r instanceof Error);
