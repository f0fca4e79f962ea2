import { z } from 'zod';
import type { ConnectorDefinition } from '../core/types';
import { BpjsKetenagakerjaanClient } from './client';
import {
  BPJS_KETENAGAKERJAAN_ENTITIES,
  createBpjsKetenagakerjaanLoaders,
  type BpjsKetenagakerjaanLoaders,
} from './loaders';
import { AccessTokenSource } from './token';

/**
 * OAuth2 client credentials issued to the MPP by BPJS Ketenagakerjaan:
 * BPJS_KETENAGAKERJAAN_CLIENT_ID and BPJS_KETENAGAKERJAAN_CLIENT_SECRET (no defaults).
 */
const configSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
export type BpjsKetenagakerjaanConfig = z.infer<typeof configSchema>;

export type { BpjsKetenagakerjaanLoaders } from './loaders';
export type { EmploymentInsuranceRecord } from './domain';

export const bpjsKetenagakerjaan: ConnectorDefinition<
  'bpjs-ketenagakerjaan',
  BpjsKetenagakerjaanConfig,
  BpjsKetenagakerjaanLoaders
> = {
  key: 'bpjs-ketenagakerjaan',
  title: 'BPJS Ketenagakerjaan (employment insurance)',
  envPrefix: 'BPJS_KETENAGAKERJAAN',
  configSchema,
  entities: Object.values(BPJS_KETENAGAKERJAAN_ENTITIES),
  create({ config, upstream, logger }) {
    // Process-wide: the token outlives requests and is shared by all of them.
    const tokens = new AccessTokenSource({
      upstream,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      timeoutMs: config.timeoutMs,
    });
    const client = new BpjsKetenagakerjaanClient(upstream, tokens);
    return {
      createLoaders: (scope) =>
        createBpjsKetenagakerjaanLoaders({ upstream, client, logger }, scope),
      // An empty search proves the token endpoint, our credentials and the API, with no member data.
      probe: async (call) => {
        await client.searchByNik([], call);
      },
    };
  },
};
