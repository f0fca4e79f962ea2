import { z } from 'zod';
import type { ConnectorDefinition } from '../core/types';
import { PdamClient } from './client';
import { PDAM_ENTITIES, createPdamLoaders, type PdamLoaders } from './loaders';

export type { PdamLoaders } from './loaders';
export type { WaterAccountRecord, WaterBillRecord } from './domain';

/** Credentials for PDAM's billing API, read from PDAM_API_KEY. No default. */
export const pdamConfigSchema = z.object({
  /** The API key PDAM issued to the MPP, sent as `X-Api-Key`. */
  apiKey: z.string().min(1),
});
export type PdamConfig = z.infer<typeof pdamConfigSchema>;

/**
 * All zeros is never issued (the identifier validator refuses it), so the probe reads no
 * one's bills: "NOMOR PELANGGAN TIDAK DITEMUKAN" proves PDAM answers and accepts our key.
 */
const PROBE_CUSTOMER_NUMBER = '0000000000';

export const pdam: ConnectorDefinition<'pdam', PdamConfig, PdamLoaders> = {
  key: 'pdam',
  // City-neutral: a regional connector's instances serve several cities (docs/tenancy.md).
  title: 'PDAM (water utility)',
  envPrefix: 'PDAM',
  scope: 'regional',
  configSchema: pdamConfigSchema,
  entities: Object.values(PDAM_ENTITIES),
  create({ config, upstream }) {
    const client = new PdamClient(upstream, config.apiKey);
    return {
      createLoaders: (scope) => createPdamLoaders(upstream, client, scope),
      probe: async (call) => {
        await client.inquiry(PROBE_CUSTOMER_NUMBER, call);
      },
    };
  },
};
