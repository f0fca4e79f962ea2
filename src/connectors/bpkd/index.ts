import { z } from 'zod';
import type { ConnectorDefinition } from '../core/types';
import { createBpkdClient } from './client';
import { BPKD_ENTITIES, createBpkdLoaders, type BpkdLoaders } from './loaders';
import { LEGACY_PENALTY_RULE } from './penalty';

/**
 * BPKD settings, from BPKD_USERNAME, BPKD_PASSWORD, BPKD_PENALTY_RATE_PERCENT and
 * BPKD_PENALTY_MAX_MONTHS (env values arrive as strings, hence the coercion).
 */
export const bpkdConfigSchema = z.object({
  /** WS-Security UsernameToken user issued by BPKD. No default. */
  username: z.string().min(1),
  /** Its password. No default. */
  password: z.string().min(1),
  /** Late penalty, % of the amount per month or part of a month. Default 2 (legacy PBB rule). */
  penaltyRatePercent: z.coerce.number().min(0).max(100).default(LEGACY_PENALTY_RULE.ratePercent),
  /** Most months the penalty counts. Default 24 (legacy PBB rule). */
  penaltyMaxMonths: z.coerce.number().int().min(0).max(240).default(LEGACY_PENALTY_RULE.maxMonths),
});
export type BpkdConfig = z.infer<typeof bpkdConfigSchema>;

// A NOP no region issues (all zeros): the answer "not found" proves the service and our
// credentials work without reading anyone's data.
const PROBE_NOP = '000000000000000000';

export const bpkd: ConnectorDefinition<'bpkd', BpkdConfig, BpkdLoaders> = {
  key: 'bpkd',
  // City-neutral: a regional connector's instances serve several cities (docs/tenancy.md).
  title: 'BPKD (PBB-P2 property tax)',
  envPrefix: 'BPKD',
  scope: 'regional',
  configSchema: bpkdConfigSchema,
  entities: Object.values(BPKD_ENTITIES),
  create({ config, upstream }) {
    const client = createBpkdClient(upstream, {
      username: config.username,
      password: config.password,
    });
    const penaltyRule = {
      ratePercent: config.penaltyRatePercent,
      maxMonths: config.penaltyMaxMonths,
    };
    return {
      createLoaders: (scope) => createBpkdLoaders({ upstream, client, penaltyRule }, scope),
      async probe(call) {
        await client.billsByNop([PROBE_NOP], call);
      },
    };
  },
};

export type { BpkdLoaders } from './loaders';
export type { TaxObjectRecord, TaxBillRecord } from './domain';
