import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, sha256Hex } from '../../src/config';
import type { ConnectorDefinition } from '../../src/connectors/core/types';
import { registry } from '../../src/connectors/registry';
import { createLogger } from '../../src/observability/logger';
import { agencyModules, type AgencyModule } from '../../src/resolvers';
import { startGateway, type RunningGateway } from '../../src/server/gateway';
import { startWorldMocks, type MockDeployment, type RunningWorldMocks } from '../../mocks';
import type { GraphqlBody } from '../support/gateway';

/** Counter clients of each MPP, and a provincial operator working for both. */
export const CLIENTS = {
  langsa: { id: 'langsa-counter', key: 'langsa-counter-key-0123456789', tenants: ['langsa'] },
  lhokseumawe: {
    id: 'lhokseumawe-counter',
    key: 'lhokseumawe-counter-key-012345',
    tenants: ['lhokseumawe'],
  },
  province: {
    id: 'aceh-province',
    key: 'aceh-province-operator-key-0123',
    tenants: ['langsa', 'lhokseumawe'],
  },
} as const;
export type ClientName = keyof typeof CLIENTS;

const ALL_SCOPES = [
  'dukcapil:read',
  'bpkd:read',
  'pdam:read',
  'bpjs-kesehatan:read',
  'bpjs-ketenagakerjaan:read',
  'imigrasi:read',
  'pii:read',
  'ops:read',
];

export interface WorldGateway {
  gateway: RunningGateway;
  mocks: RunningWorldMocks;
  url: string;
  deploymentFile: string;
  gql<T = Record<string, unknown>>(
    client: ClientName,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: GraphqlBody<T> }>;
  stop(): Promise<void>;
}

/**
 * The real gateway over the two-city mock world with a deployment file (written to a temp
 * dir), three registered clients, and `env` overrides (breaker settings...). `deployment`
 * may rewrite the derived deployment (drop a tenant, add hundreds); `extra` adds agency
 * modules (a test-only regional connector).
 */
export async function startWorldGateway(
  options: {
    env?: Record<string, string>;
    deployment?: (d: MockDeployment) => MockDeployment;
    extra?: readonly AgencyModule[];
    mocks?: RunningWorldMocks;
    /** `memory`: the in-memory shared cache; default none (every load reaches the mocks). */
    cache?: 'memory';
  } = {},
): Promise<WorldGateway> {
  const mocks = options.mocks ?? (await startWorldMocks());
  const dir = mkdtempSync(path.join(tmpdir(), 'mpp-tenancy-'));
  const deploymentFile = path.join(dir, 'deployment.json');
  const deployment = options.deployment ? options.deployment(mocks.deployment) : mocks.deployment;
  writeFileSync(deploymentFile, JSON.stringify(deployment));
  const agencies = [...agencyModules, ...(options.extra ?? [])];
  const definitions: ConnectorDefinition[] = [
    ...registry,
    ...agencies.slice(registry.length).map((a) => a.connector),
  ];
  const known = new Set(deployment.tenants.map((t) => t.id));
  const env = {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_BURST: '100000',
    RATE_LIMIT_PER_SECOND: '100000',
    AUDIT_LOG_FILE: path.join(dir, 'audit.jsonl'),
    DEPLOYMENT_FILE: deploymentFile,
    API_CLIENTS: JSON.stringify(
      Object.values(CLIENTS)
        .map((c) => ({
          id: c.id,
          keySha256: sha256Hex(c.key),
          scopes: [...ALL_SCOPES, ...(options.extra ?? []).map((a) => `${a.connector.key}:read`)],
          tenants: c.tenants.filter((t) => known.has(t)),
        }))
        .filter((c) => c.tenants.length > 0),
    ),
    ...options.env,
  };
  const config = loadConfig(env, definitions, mocks.env);
  const gateway = await startGateway({
    config,
    logger: createLogger(config.logLevel),
    agencies,
    cache: options.cache === 'memory' ? undefined : null,
    security: config.security,
    probes: { intervalMs: 0 },
  });
  const url = gateway.url;
  return {
    gateway,
    mocks,
    url,
    deploymentFile,
    async gql(client, query, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': CLIENTS[client].key,
          'x-officer-id': 'test-officer',
          'x-purpose': 'TEST-CASE-1',
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GraphqlBody<never> };
    },
    async stop() {
      await gateway.stop(1_000);
      if (!options.mocks) await mocks.stop();
    },
  };
}
