import { Writable } from 'node:stream';
import { agencyModules } from '../../src/resolvers';
import { CONNECTOR_KEYS } from './connector-keys';
import { loadConfig } from '../../src/config';
import { registry } from '../../src/connectors/registry';
import { createLogger } from '../../src/observability/logger';
import type { IdleProbeOptions } from '../../src/server/probes';
import { startGateway, type GatewayCache, type RunningGateway } from '../../src/server/gateway';
import { startMocks, type RunningMocks } from '../../mocks';
import { loadSecurityConfig, type AuditSink } from '../../src/security';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mockAgencyAllowances, productionAuditEnv } from './production-env';

/** The test client: the development client (every scope), with an officer and a purpose. */
export const TEST_API_KEY = 'test-dev-key-0123456789abcdef';
export const TEST_HEADERS: Readonly<Record<string, string>> = {
  'x-api-key': TEST_API_KEY,
  'x-officer-id': 'test-officer',
  'x-purpose': 'TEST-CASE-1',
};

export interface TestGateway {
  gateway: RunningGateway;
  mocks: RunningMocks;
  url: string;
  /** Every JSON log line the gateway wrote. */
  logs: string[];
  /** The audit log file (when the audit sink is the file). */
  auditFile: string;
  /** POSTs a GraphQL operation; returns status, headers and the parsed body. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: GraphqlBody<T> }>;
  /** Upstream calls per mock endpoint since the last `resetCalls()`. */
  calls(): Record<string, Record<string, number>>;
  resetCalls(): void;
  stop(): Promise<void>;
}

export interface GraphqlBody<T> {
  data?: T | null;
  errors?: Array<{
    message: string;
    path?: Array<string | number>;
    extensions?: Record<string, unknown>;
  }>;
  extensions?: Record<string, unknown>;
}

/**
 * The real gateway against the real mock agencies over loopback HTTP, on free ports.
 * `env` overrides settings (e.g. breaker thresholds); the shared cache is in-memory unless
 * REDIS_URL is given, or off with `cache: null`.
 */
export async function startTestGateway(
  options: {
    env?: Record<string, string>;
    cache?: GatewayCache | null;
    mocks?: RunningMocks;
    auditSink?: AuditSink;
    /** Clock of the shared cache's TTL windows (see `testClock`). */
    now?: () => number;
    /** Idle-connector health probes; default off in tests (they would add agency calls). */
    probes?: IdleProbeOptions;
  } = {},
): Promise<TestGateway> {
  const mocks = options.mocks ?? (await startMocks());
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const production = options.env?.NODE_ENV === 'production';
  const env = {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'info',
    // Production refuses development credentials, and ignores the mocks' dev defaults.
    ...(production
      ? { ...mocks.env, ...mockAgencyAllowances(), ...productionAuditEnv() }
      : { AUTH_DEV_API_KEY: TEST_API_KEY }),
    // Tests fire bursts far above a counter's pace; the limiter has its own tests.
    RATE_LIMIT_BURST: '100000',
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_UNAUTHENTICATED_BURST: '100000',
    RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '6000000',
    AUDIT_LOG_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'mpp-audit-')), 'audit.jsonl'),
    // With Redis the audit goes through a spool: each gateway of a test gets its own folder
    // (without Redis the file sink stays, and suites read `auditFile`).
    ...(options.env?.REDIS_URL
      ? { AUDIT_SPOOL_DIR: mkdtempSync(path.join(tmpdir(), 'mpp-spool-')) }
      : {}),
    // Payments are on outside production (the bank mock runs): a ledger of its own per gateway.
    ...(production
      ? {}
      : {
          LEDGER_URL: path.join(mkdtempSync(path.join(tmpdir(), 'mpp-ledger-')), 'ledger.sqlite'),
        }),
    ...options.env,
  };
  const config = loadConfig(env, registry, mocks.env);
  const logger = createLogger(config.logLevel, sink);
  const gateway = await startGateway({
    config,
    logger,
    agencies: agencyModules,
    cache: options.cache,
    security: loadSecurityConfig(env, CONNECTOR_KEYS),
    auditSink: options.auditSink,
    now: options.now,
    probes: options.probes ?? { intervalMs: 0 },
  });
  const url = gateway.url;
  return {
    gateway,
    mocks,
    url,
    logs,
    auditFile: env.AUDIT_LOG_FILE,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TEST_HEADERS, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      return {
        status: res.status,
        headers: res.headers,
        body: JSON.parse(text) as GraphqlBody<never>,
      };
    },
    calls() {
      const out: Record<string, Record<string, number>> = {};
      for (const [key, agency] of Object.entries(mocks.agencies)) out[key] = agency.calls.all();
      return out;
    },
    resetCalls() {
      for (const agency of Object.values(mocks.agencies)) agency.calls.reset();
    },
    async stop() {
      await gateway.stop(1_000);
      if (!options.mocks) await mocks.stop();
    },
  };
}
