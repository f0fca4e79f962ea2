import { z } from 'zod';
import type { ConnectorDefinition } from '../core/types';
import { BeaCukaiClient } from './client';
import { BEA_CUKAI_ENTITIES, createBeaCukaiLoaders, type BeaCukaiLoaders } from './loaders';
import { CeisaSession } from './session';

export type { BeaCukaiLoaders } from './loaders';
export type { CustomsRegistrationRecord, CustomsShipmentRecord } from './domain';
export { CeisaSession } from './session';
export { BeaCukaiClient } from './client';
export { validateAirWaybill, validateNib, validateNpwp } from './identifiers';

/**
 * CEISA host-to-host credentials issued to the MPP: BEA_CUKAI_USERNAME, BEA_CUKAI_PASSWORD
 * (no defaults), and BEA_CUKAI_REFRESH_MARGIN_MS.
 */
export const beaCukaiConfigSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  /**
   * How long before the 5-minute access token expires it is renewed, in ms. Default 30 000;
   * capped at half the token's lifetime.
   */
  refreshMarginMs: z.coerce.number().int().min(0).max(120_000).default(30_000),
});
export type BeaCukaiConfig = z.infer<typeof beaCukaiConfigSchema>;

/**
 * Check digit 0 of serial 0000000 is valid, and the airline prefix 000 is never assigned: the
 * probe logs in (proving our credentials) and reads nobody's shipment.
 */
const PROBE_AIR_WAYBILL = '00000000000';

export const beaCukai: ConnectorDefinition<'bea-cukai', BeaCukaiConfig, BeaCukaiLoaders> = {
  key: 'bea-cukai',
  title: 'Bea Cukai (customs and excise)',
  envPrefix: 'BEA_CUKAI',
  configSchema: beaCukaiConfigSchema,
  entities: Object.values(BEA_CUKAI_ENTITIES),
  create({ config, upstream }) {
    // Process-wide: one CEISA session shared by every request.
    const session = new CeisaSession({
      upstream,
      username: config.username,
      password: config.password,
      timeoutMs: config.timeoutMs,
      refreshMarginMs: config.refreshMarginMs,
    });
    const client = new BeaCukaiClient(upstream, session);
    return {
      createLoaders: (scope) => createBeaCukaiLoaders(upstream, client, scope),
      probe: async (call) => {
        await client.shipment(PROBE_AIR_WAYBILL, call);
      },
    };
  },
};
