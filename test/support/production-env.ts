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
