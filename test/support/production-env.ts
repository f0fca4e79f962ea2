import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registry } from '../../src/connectors/registry';

/**
 * What a production start needs on top of `mocks.env` to run against this repository's
 * mock agencies: each agency's plain-http allowance (the mocks listen on loopback http) and
 * the explicit acceptance of the mocks' published credentials.
 */
export function mockAgencyAllowances(): Record<string, string> {
  const env: Record<string, string> = { ACCEPT_MOCK_CREDENTIALS: 'true' };
  for (const definition of registry) env[`${definition.envPrefix}_ALLOW_HTTP`] = 'true';
  return env;
}

/**
 * The audit settings production requires (the spool is its default sink): a fresh Ed25519
 * signing key, a MAC key and a spool folder of the test's own; and the opaque ids' ID_SECRET.
 */
export function productionAuditEnv(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    AUDIT_SIGNING_KEY: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    AUDIT_MAC_KEY: randomBytes(32).toString('base64'),
    AUDIT_SPOOL_DIR: mkdtempSync(path.join(tmpdir(), 'mpp-spool-')),
    ID_SECRET: randomBytes(32).toString('base64'),
  };
}
