import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { registry } from '../../src/connectors/registry';
import { createLogger } from '../../src/observability/logger';
import { startGateway, type GatewayCache, type RunningGateway } from '../../src/server/gateway';
import { startMocks, type RunningMocks } from '../../mocks';

export interface TestGateway {
  gateway: RunningGateway;
  mocks: RunningMocks;
  url: string;
  /** Every JSON log line the gateway wrote. */
  logs: string[];
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
  options: { env?: Record<string, string>; cache?: GatewayCache | null; mocks?: RunningMocks } = {},
): Promise<TestGateway> {
  const mocks = options.mocks ?? (await startMocks());
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig(
    { NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...options.env },
    registry,
    mocks.env,
  );
  const logger = createLogger(config.logLevel, sink);
  const gateway = await startGateway({
    config,
    logger,
    definitions: registry,
    cache: options.cache,
  });
  const url = gateway.url;
  return {
    gateway,
    mocks,
    url,
    logs,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
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
