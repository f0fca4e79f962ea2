import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { mockModule, type MockAgency } from '../../mocks';
import { getDataset } from '../../mocks/data/dataset';
import {
  CacheKeys,
  EntityCache,
  Keyring,
  MemoryStore,
  type CacheStore,
  type CacheWrite,
} from '../../src/cache';
import {
  connectorSettings,
  DEFAULT_CONNECTOR_POLICY,
  loadConfig,
  type ConnectorPolicy,
} from '../../src/config';
import { createHttpAgents, createHttpClient } from '../../src/connectors/core/http';
import type {
  CallContext,
  ConnectorDefinition,
  ConnectorRuntime,
  RequestScope,
} from '../../src/connectors/core/types';
import { ConnectorUpstream } from '../../src/connectors/core/upstream';

/** Overrides of the default policy for one harness (deep enough for the suite's needs). */
export interface PolicyOverrides {
  timeoutMs?: number;
  breaker?: Partial<ConnectorPolicy['breaker']>;
  retry?: Partial<ConnectorPolicy['retry']>;
}

export interface HarnessOptions {
  /** Settings overriding the mock's dev settings (e.g. wrong credentials). */
  env?: Record<string, string>;
  policy?: PolicyOverrides;
  /** Put the shared cache (EntityCache over a recording MemoryStore) in the pipeline. */
  cache?: boolean;
}

/** A MemoryStore that remembers every write, so a test can read the keys and values stored. */
export class RecordingStore implements CacheStore {
  readonly kind = 'memory';
  readonly writes: CacheWrite[] = [];
  private readonly inner = new MemoryStore();
  mget(keys: string[]) {
    return this.inner.mget(keys);
  }
  async mset(entries: CacheWrite[]) {
    this.writes.push(...entries);
    await this.inner.mset(entries);
  }
  del(keys: string[]) {
    return this.inner.del(keys);
  }
  deletePrefix(prefix: string) {
    return this.inner.deletePrefix(prefix);
  }
  health() {
    return this.inner.health();
  }
  close() {
    return this.inner.close();
  }
}

export interface Harness {
  agency: MockAgency;
  upstream: ConnectorUpstream;
  runtime: ConnectorRuntime<unknown>;
  /** Every log line the pipeline and the connector wrote (debug and up), parsed. */
  logs: Array<Record<string, unknown>>;
  store: RecordingStore | undefined;
  /** A fresh request scope with `budgetMs` until its deadline. */
  scope(budgetMs?: number): RequestScope;
  call(timeoutMs?: number): CallContext;
  close(): Promise<void>;
}

/**
 * One connector wired exactly as the gateway wires it (config parsed by loadConfig from the
 * mock's dev settings, the real ConnectorUpstream, keep-alive HTTP over loopback), against a
 * private instance of its mock agency.
 */
export async function startHarness(
  definition: ConnectorDefinition,
  options: HarnessOptions = {},
): Promise<Harness> {
  const module = mockModule(definition.key);
  if (!module)
    throw new Error(`no mock agency registered for "${definition.key}" in mocks/index.ts`);
  const agency = await module.create(getDataset(), {}).start();
  const config = loadConfig(
    { NODE_ENV: 'test', ...options.env },
    [definition],
    module.devEnv(agency),
  );
  const cc = config.connectors[0]!;
  const policy: ConnectorPolicy = {
    ...DEFAULT_CONNECTOR_POLICY,
    timeoutMs: options.policy?.timeoutMs ?? DEFAULT_CONNECTOR_POLICY.timeoutMs,
    breaker: { ...DEFAULT_CONNECTOR_POLICY.breaker, ...options.policy?.breaker },
    retry: { ...DEFAULT_CONNECTOR_POLICY.retry, retries: 0, ...options.policy?.retry },
  };
  const logs: Array<Record<string, unknown>> = [];
  const logger: Logger = pino(
    { level: 'debug' },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const store = options.cache ? new RecordingStore() : undefined;
  const cache = store
    ? new EntityCache({
        store,
        keys: new CacheKeys(randomBytes(32)),
        keyring: Keyring.parse(`contract:${randomBytes(32).toString('base64')}`),
      })
    : undefined;
  const agents = createHttpAgents();
  const upstream = new ConnectorUpstream({
    connector: definition.key,
    http: createHttpClient(cc.baseUrl, agents),
    policy,
    logger,
    cache,
  });
  const runtime = definition.create({
    config: { ...connectorSettings(definition, cc), timeoutMs: policy.timeoutMs },
    upstream,
    logger,
  });
  let requests = 0;
  return {
    agency,
    upstream,
    runtime,
    logs,
    store,
    scope: (budgetMs = 5_000) => ({
      requestId: `contract-${++requests}`,
      deadline: Date.now() + budgetMs,
      signal: new AbortController().signal,
      report: { stale: () => undefined, upstreamCall: () => undefined },
    }),
    call: (timeoutMs = 2_000) => ({
      connector: definition.key,
      requestId: `contract-probe-${++requests}`,
      signal: AbortSignal.timeout(timeoutMs),
      timeoutMs,
    }),
    async close() {
      await runtime.close?.();
      upstream.shutdown();
      agents.destroy();
      await agency.stop();
    },
  };
}

export { waitFor } from '../support/wait';
