import { z } from 'zod';
import type { ConnectorDefinition } from '../core/types';
import { DukcapilClient } from './client';
import { DUKCAPIL_ENTITIES, createDukcapilLoaders, type DukcapilLoaders } from './loaders';

export type { DukcapilLoaders } from './loaders';
export type { CitizenRecord, FamilyRecord } from './domain';

/**
 * Credentials of the data-access agreement with Dukcapil, read from DUKCAPIL_CONSUMER,
 * DUKCAPIL_USER_ID, DUKCAPIL_PASSWORD and DUKCAPIL_IP_USER. None has a default.
 */
export const dukcapilConfigSchema = z.object({
  /** The consumer name Dukcapil registered for the agreement (a URL path segment). */
  consumer: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,64}$/,
      'must be the registered consumer name (letters, digits, _ or -)',
    ),
  userId: z.string().min(1),
  password: z.string().min(1),
  /** The caller IP on Dukcapil's allow-list for the agreement. */
  ipUser: z.union([z.ipv4(), z.ipv6()]),
});
export type DukcapilConfig = z.infer<typeof dukcapilConfigSchema>;

/**
 * Not a valid NIK (province 00 does not exist), so a health probe never reads anyone's
 * record: "Data Tidak Ditemukan" proves the service answers and accepts our credentials.
 */
const PROBE_NIK = '0000000000000000';

export const dukcapil: ConnectorDefinition<'dukcapil', DukcapilConfig, DukcapilLoaders> = {
  key: 'dukcapil',
  title: 'Dukcapil (civil registry)',
  envPrefix: 'DUKCAPIL',
  configSchema: dukcapilConfigSchema,
  entities: Object.values(DUKCAPIL_ENTITIES),
  create({ config, upstream }) {
    const client = new DukcapilClient(upstream, config);
    return {
      createLoaders: (scope) => createDukcapilLoaders(upstream, client, scope),
      probe: async (call) => {
        await client.findByNik(call, PROBE_NIK);
      },
    };
  },
};
