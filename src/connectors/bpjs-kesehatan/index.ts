import { z } from 'zod';
import type { ConnectorDefinition } from '../core/types';
import { VClaimClient } from './client';
import {
  BPJS_KESEHATAN_ENTITIES,
  createBpjsKesehatanLoaders,
  type BpjsKesehatanLoaders,
} from './loaders';

export type { BpjsKesehatanLoaders } from './loaders';
export type { HealthInsuranceRecord } from './domain';

/** Credentials issued by BPJS Kesehatan with a VClaim bridging agreement. */
const configSchema = z.object({
  /** Consumer id (`X-cons-id`). Env: BPJS_KESEHATAN_CONS_ID. */
  consId: z.string().min(1),
  /** Consumer secret: signs requests and keys response decryption. Env: BPJS_KESEHATAN_SECRET_KEY. */
  secretKey: z.string().min(1),
  /** API gateway key (`user_key` header). Env: BPJS_KESEHATAN_USER_KEY. */
  userKey: z.string().min(1),
  /**
   * Service path under the base URL. Default "/vclaim-rest" (production); BPJS's development
   * host serves "/vclaim-rest-dev". Env: BPJS_KESEHATAN_SERVICE_PATH.
   */
  servicePath: z
    .string()
    .regex(/^(\/[A-Za-z0-9._-]+)+$/, 'a path such as /vclaim-rest')
    .default('/vclaim-rest'),
});
export type BpjsKesehatanConfig = z.infer<typeof configSchema>;

export const bpjsKesehatan: ConnectorDefinition<
  'bpjs-kesehatan',
  BpjsKesehatanConfig,
  BpjsKesehatanLoaders
> = {
  key: 'bpjs-kesehatan',
  title: 'BPJS Kesehatan (health insurance, VClaim)',
  envPrefix: 'BPJS_KESEHATAN',
  configSchema,
  entities: Object.values(BPJS_KESEHATAN_ENTITIES),
  create({ config, upstream }) {
    const client = new VClaimClient(upstream, config);
    return {
      createLoaders: (scope) => createBpjsKesehatanLoaders(upstream, client, scope),
      probe: async (call) => {
        await client.provinces(call);
      },
    };
  },
};
