import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import type { ConnectorDefinition } from '../core/types';
import { AssertionTokenSource } from './assertion-token';
import { DisnakerClient } from './client';
import type { WriteJournal } from './journal';
import { createDisnakerLoaders, DISNAKER_ENTITIES, type DisnakerLoaders } from './loaders';

export type { DisnakerLoaders } from './loaders';
export type { WriteJournal, WriteIntent, WriteOutcome } from './journal';
export type { JobSeekerApplicationRecord, JobSeekerCardRecord } from './domain';
export { AssertionTokenSource } from './assertion-token';
export { DisnakerClient } from './client';

/**
 * Disnaker settings: DISNAKER_CLIENT_ID, DISNAKER_PRIVATE_KEY (no defaults), DISNAKER_KEY_ID,
 * DISNAKER_ASSERTION_SECONDS.
 */
export const disnakerConfigSchema = z.object({
  /** The client id Disnaker registered for the MPP (the assertions' iss and sub). No default. */
  clientId: z.string().min(1),
  /**
   * The MPP's RSA private key, PKCS#8 PEM (`\n` escapes accepted, for one-line env files).
   * Disnaker holds its public key. No default.
   */
  privateKey: z
    .string()
    .min(1)
    .transform((pem) => pem.replace(/\\n/g, '\n'))
    .refine((pem) => /-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem), 'must be a PEM private key'),
  /** `kid` of the key, when Disnaker registered several. Default: none. */
  keyId: z.string().min(1).optional(),
  /** Lifetime of one client assertion, seconds. Default 60 (short: a stolen one dies fast). */
  assertionSeconds: z.coerce.number().int().min(10).max(300).default(60),
});
export type DisnakerConfig = z.infer<typeof disnakerConfigSchema>;

/** What the composition root injects into Disnaker. */
export interface DisnakerOptions {
  /**
   * The durable write ledger (shared with payments). Without it the office's Idempotency-Key
   * dedupe is the only guard against a doubled write, and start-up logs a warning.
   */
  journal?: WriteJournal;
}

/** A NIK that validates structurally but is never issued: the probe reads nobody's card. */
const PROBE_NIK = '1173030101909999';

export function createDisnaker(
  options: DisnakerOptions = {},
): ConnectorDefinition<'disnaker', DisnakerConfig, DisnakerLoaders> {
  return {
    key: 'disnaker',
    title: 'Disnaker Kota Langsa (manpower office, AK/1)',
    envPrefix: 'DISNAKER',
    configSchema: disnakerConfigSchema,
    entities: Object.values(DISNAKER_ENTITIES),
    writes: true,
    create({ config, upstream, logger, journal: injected }) {
      const journal = options.journal ?? injected;
      // Parsed once at start: a broken key stops start-up naming the setting, not the first request.
      let privateKey;
      try {
        privateKey = createPrivateKey(config.privateKey);
      } catch {
        throw new Error('DISNAKER_PRIVATE_KEY: not a readable private key');
      }
      const tokens = new AssertionTokenSource({
        upstream,
        clientId: config.clientId,
        privateKey,
        keyId: config.keyId,
        tokenUrl: `${config.baseUrl.replace(/\/+$/, '')}/oauth2/token`,
        timeoutMs: config.timeoutMs,
        assertionSeconds: config.assertionSeconds,
      });
      const client = new DisnakerClient(upstream, tokens);
      if (!journal)
        logger.warn(
          { connector: 'disnaker' },
          'no write journal: AK/1 writes rely on the office idempotency key alone',
        );
      const deps = {
        upstream,
        client,
        journal,
        timeoutMs: config.timeoutMs,
        logger,
      };
      return {
        createLoaders: (scope) => createDisnakerLoaders(deps, scope),
        probe: async (call) => {
          await client.cardsByNik([PROBE_NIK], call);
        },
      };
    },
  };
}

/** The registered definition; the composition root may build its own with `createDisnaker({ journal })`. */
export const disnaker = createDisnaker();
