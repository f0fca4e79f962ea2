import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { BatchFetch, EntityPolicy, RequestScope, Upstream } from '../core/types';
import { MAX_NIKS_PER_SEARCH, type BpjsKetenagakerjaanClient } from './client';
import type { EmploymentInsuranceRecord } from './domain';
import { preferredMembershipByNik, toEmploymentInsurance, unknownProgrammeCodes } from './mapping';
import type { Peserta } from './payloads';

export interface BpjsKetenagakerjaanLoaders {
  /** Membership by NIK, batched through the search endpoint (up to 50 NIKs a call). */
  membershipByNik: DataLoader<string, EmploymentInsuranceRecord | null>;
  /** Membership by KPJ number, one call per KPJ (the API has no batch lookup by KPJ). */
  membershipByKpj: DataLoader<string, EmploymentInsuranceRecord | null>;
}

// Financial data ('specific'): cached only when cache encryption is on. Contributions are
// booked monthly, so an hour old JHT balance or status is still the answer a counter needs.
export const BPJS_KETENAGAKERJAAN_ENTITIES = {
  membershipByNik: {
    name: 'membershipByNik',
    sensitivity: 'specific',
    version: 1,
    maxBatchSize: MAX_NIKS_PER_SEARCH,
    ttlSeconds: 3600,
  },
  membershipByKpj: {
    name: 'membershipByKpj',
    sensitivity: 'specific',
    version: 1,
    maxBatchSize: 1,
    ttlSeconds: 3600,
  },
} as const satisfies Record<string, EntityPolicy>;

export interface LoaderDeps {
  upstream: Upstream;
  client: BpjsKetenagakerjaanClient;
  logger: Logger;
}

/** Fresh loaders for one request. Each primes the other, so a member is fetched once per request. */
export function createBpjsKetenagakerjaanLoaders(
  deps: LoaderDeps,
  scope: RequestScope,
): BpjsKetenagakerjaanLoaders {
  const { upstream } = deps;
  const { byNik, byKpj } = createFetchers(deps);

  // This assumes one membership per NIK (BPJS has merged member numbers under the NIK); the
  // search picks the preferred one when it still finds several.
  const membershipByNik = new DataLoader<string, EmploymentInsuranceRecord | null>(async (niks) => {
    const results = await upstream.load(
      BPJS_KETENAGAKERJAAN_ENTITIES.membershipByNik,
      niks,
      scope,
      byNik,
    );
    for (const r of results) if (r && !(r instanceof Error)) membershipByKpj.prime(r.kpj, r);
    return results;
  });
  const membershipByKpj = new DataLoader<string, EmploymentInsuranceRecord | null>(async (kpjs) => {
    const results = await upstream.load(
      BPJS_KETENAGAKERJAAN_ENTITIES.membershipByKpj,
      kpjs,
      scope,
      byKpj,
    );
    for (const r of results) if (r && !(r instanceof Error)) membershipByNik.prime(r.nik, r);
    return results;
  });
  return { membershipByNik, membershipByKpj };
}

function createFetchers({ client, logger }: LoaderDeps) {
  const toDomain = (p: Peserta): EmploymentInsuranceRecord => {
    const unknown = unknownProgrammeCodes(p);
    // Codes only (no member data): tells operators the schema lags behind the agency.
    if (unknown.length > 0) {
      logger.warn({ programmes: unknown }, 'unknown BPJS TK programme codes dropped');
    }
    return toEmploymentInsurance(p);
  };

  const byNik: BatchFetch<EmploymentInsuranceRecord> = async (niks, call) => {
    const found = await client.searchByNik(niks, call);
    return preferredMembershipByNik(found.map(toDomain));
  };

  // maxBatchSize 1 makes this one KPJ per call; a longer list is still honoured, call by call.
  const byKpj: BatchFetch<EmploymentInsuranceRecord> = async (kpjs, call) => {
    const entries = await Promise.all(
      kpjs.map(async (kpj) => {
        const p = await client.pesertaByKpj(kpj, call);
        return [kpj, p ? toDomain(p) : null] as const;
      }),
    );
    return new Map(entries);
  };

  return { byNik, byKpj };
}
