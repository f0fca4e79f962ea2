import { DEV_API_KEY, KNOWN_DEV_SECRETS } from './dev-values';
import type { EnvReader } from './env-reader';
import { bool } from './schemas';
import { sha256Hex, type SecurityConfig } from './security';

/** Names of settings that hold secrets (credentials, keys, tokens). */
const SECRET_NAME = /PASSWORD|SECRET|KEY|TOKEN/;
/** The example file's placeholders (`CHANGE-ME`, `CHANGE+ME` inside base64). */
const PLACEHOLDER = /CHANGE[-+]ME/;

/**
 * Production refusals that span sections ("fail closed"): a secret that is a published
 * development value, and personal data that would sit in Redis in clear. Each names its setting.
 */
export function checkProductionSafety(
  r: EnvReader,
  facts: { security: SecurityConfig; redis: boolean; encrypted: boolean; personalData: boolean },
): void {
  // Only for running the production code path against this repository's mock agencies,
  // which accept nothing but their published credentials. Logged at every start.
  const acceptMock = r.read('ACCEPT_MOCK_CREDENTIALS', bool, false);
  for (const [name, value] of r.values) {
    if (PLACEHOLDER.test(value)) {
      r.problem(`${name}: still the placeholder of .env.production.example; set the real value`);
      continue;
    }
    if (!SECRET_NAME.test(name) || !KNOWN_DEV_SECRETS.has(value)) continue;
    if (acceptMock && name !== 'AUTH_DEV_API_KEY')
      r.warn(
        `${name}: a published development value, accepted because ACCEPT_MOCK_CREDENTIALS=true`,
      );
    else
      r.problem(
        `${name}: is a development value published in this repository; configure the real secret`,
      );
  }
  const published = new Set([sha256Hex(DEV_API_KEY), sha256Hex('CHANGE-ME')]);
  for (const client of facts.security.clients) {
    if (published.has(client.keySha256))
      r.problem(
        `API_CLIENTS: client "${client.id}" has a key published in this repository; issue it a new key`,
      );
  }
  if (facts.redis && !facts.encrypted && facts.personalData)
    r.problem(
      'CACHE_ENCRYPTION_KEYS is required in production with Redis (personal data would be ' +
        'stored in clear); or set CACHE_PERSONAL_DATA=off to cache no personal or specific data',
    );
}
