import { z } from 'zod';
import type { ConnectorDefinition } from '../core/types';
import { ImigrasiClient } from './client';
import { IMIGRASI_ENTITIES, createImigrasiLoaders, type ImigrasiLoaders } from './loaders';
import { RevalidationMemo } from './revalidation';

export type { ImigrasiLoaders } from './loaders';
export type { PassportApplicationRecord } from './domain';
export { validateApplicationNumber } from './application-number';

/**
 * Imigrasi settings: IMIGRASI_API_KEY (no default) and IMIGRASI_REVALIDATION_ENTRIES
 * (env values arrive as strings, hence the coercion).
 */
export const imigrasiConfigSchema = z.object({
  /** The API key the office issued to the MPP, sent as `X-Api-Key`. No default. */
  apiKey: z.string().min(1),
  /**
   * Applications whose ETag is remembered for conditional refreshes (see revalidation.ts).
   * Default 1000; 0 turns conditional requests off.
   */
  revalidationEntries: z.coerce.number().int().min(0).max(100_000).default(1_000),
});
export type ImigrasiConfig = z.infer<typeof imigrasiConfigSchema>;

/** How long a remembered ETag lives after its last confirmation: 30 minutes. */
const REVALIDATION_TTL_MS = 30 * 60 * 1000;

/**
 * Serial 00000 is never issued (the validator refuses it), so the probe reads no one's
 * application: "not found" proves the office answers and accepts our key.
 */
const PROBE_NUMBER = 'LGS000101000000';

export const imigrasi: ConnectorDefinition<'imigrasi', ImigrasiConfig, ImigrasiLoaders> = {
  key: 'imigrasi',
  title: 'Kantor Imigrasi Langsa (immigration)',
  envPrefix: 'IMIGRASI',
  configSchema: imigrasiConfigSchema,
  entities: Object.values(IMIGRASI_ENTITIES),
  create({ config, upstream }) {
    const client = new ImigrasiClient(upstream, config.apiKey);
    // Process-wide: validators outlive requests (that is their point).
    const memo = new RevalidationMemo(config.revalidationEntries, REVALIDATION_TTL_MS);
    return {
      createLoaders: (scope) => createImigrasiLoaders(upstream, client, memo, scope),
      probe: async (call) => {
        await client.application(PROBE_NUMBER, call);
      },
    };
  },
};
