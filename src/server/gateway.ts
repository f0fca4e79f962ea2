import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { version } from '../../package.json';
import type { GatewayConfig } from '../config';
import type { ConnectorUpstream } from '../connectors/core/upstream';
import { ConnectorStats } from '../observability/connector-stats';
import { GatewayMetrics } from '../observability/metrics';
import type { OpsView } from '../observability/ops-view';
import { evaluateReadiness, type Readiness } from '../observability/readiness';
import { paymentsApi, type AgencyModule } from '../resolvers';
import {
  createSecurityLayer,
  uncoveredRootFields,
  type AuditSink,
  type SecurityConfig,
} from '../security';
import { createApollo } from './apollo';
import { createGatewayCache, type GatewayCache } from './cache-wiring';
import { createGraphqlHandler, type GraphqlServing } from './graphql-handler';
import { LifecycleMachine, sleep } from './lifecycle';
import { startPayments, type RunningPayments } from './payments-wiring';
import type { IdleProbeOptions } from './probes';
import { createRouter } from './router';
import { buildSchema } from './schema';
import { createSecurityRedis } from './security-wiring';
import { pipelineObserver, Upstreams } from './upstreams';
import { LedgerWriteJournal } from './write-journal';

export type { GatewayCache } from './cache-wiring';

export interface GatewayDeps {
  config: GatewayConfig;
  logger: Logger;
  /** Every agency module known to the build; config decides which are enabled. */
  agencies: readonly AgencyModule[];
  /** The shared cache; default: built from config (Redis or memory). `null` = no shared cache. */
  cache?: GatewayCache | null;
  /** Clients, scopes, audit, limits (src/security, `loadSecurityConfig`). */
  security: SecurityConfig;
  /** Overrides the audit sink chosen from config (tests). */
  auditSink?: AuditSink;
  /** Clock of the shared cache's TTL windows (epoch ms). Default `Date.now`; tests inject one. */
  now?: () => number;
  /** Health probes of idle connectors (status page). Default: every 60 s. */
  probes?: IdleProbeOptions;
}

/** How `stop()` drains. */
export interface StopOptions {
  /**
   * After readiness turns 503, GraphQL requests are still accepted this long (ms), so that
   * load balancers that still route here while they notice do not see errors. Default 0.
   */
  graceMs?: number;
  /** Longest wait for in-flight GraphQL requests after the grace (ms). Default 10000. */
  drainMs?: number;
}

export interface RunningGateway {
  url: string;
  metrics: GatewayMetrics;
  ops: OpsView;
  upstreams: Map<string, ConnectorUpstream>;
  /** Payments (bank link, ledger, service) once started; undefined when off or not started. */
  readonly payments: RunningPayments | undefined;
  /** What /readyz answers now. */
  readiness(): Readiness;
  /**
   * Graceful stop: readiness 503 at once (probes keep being answered), GraphQL accepted for
   * `graceMs`, then refused with 503 while in-flight requests finish (at most `drainMs`);
   * then the listener closes and Apollo, connectors, breakers, cache and agents are released.
   * A number is `drainMs`. Calling it again returns the same promise.
   */
  stop(options?: StopOptions | number): Promise<void>;
}

/** A gateway whose listener can open before it is ready, so probes see "starting". */
export interface Gateway extends RunningGateway {
  /** Opens the HTTP listener: /healthz 200, /readyz 503 "starting", GraphQL 503. Returns the URL. */
  listen(): Promise<string>;
  /** Starts Apollo (schema and plugins): from here on /readyz follows the cache and lifecycle. */
  start(): Promise<void>;
}

/**
 * Opens the listener, then starts serving: the usual entry point. On a start-up failure the
 * listener is closed again before the error is rethrown.
 */
export async function startGateway(deps: GatewayDeps): Promise<RunningGateway> {
  const gateway = createGateway(deps);
  await gateway.listen();
  try {
    await gateway.start();
  } catch (err) {
    await gateway.stop({ drainMs: 0 });
    throw err;
  }
  return gateway;
}

/**
 * Assembles the process-wide parts once (metrics, cache, upstreams, security Redis) and the
 * HTTP server over them; `start()` adds the parts that need async start-up (the security
 * layer's audit sink, the schema and Apollo).
 */
export function createGateway(deps: GatewayDeps): Gateway {
  const { config, logger } = deps;
  const enabled = deps.agencies.filter(
    (a) => config.connectors.find((c) => c.key === a.connector.key)?.enabled,
  );
  const lifecycle = new LifecycleMachine();
  const stats = new ConnectorStats();
  const metrics = new GatewayMetrics({
    version,
    probe: () => ({ ready: readiness().ready, inFlight: lifecycle.inFlight }),
  });
  const cache =
    deps.cache === undefined
      ? createGatewayCache(
          config,
          logger,
          {
            error: (source, op, reason) => metrics.cacheErrors.inc({ source, op, reason }),
            latency: (op, ms) => metrics.cacheStoreDuration.observe({ op }, ms / 1000),
            storeDown: () => metrics.cacheStoreUp.set(0),
            storeUp: () => metrics.cacheStoreUp.set(1),
          },
          deps.now,
        )
      : (deps.cache ?? undefined);
  // Only Redis can be "not ready": the in-memory store is ready as long as the process is.
  const cacheKind = !cache ? 'none' : config.redis ? 'redis' : 'memory';
  // Agency writes are journaled in the payments ledger when one is configured.
  const journal = config.payments ? new LedgerWriteJournal() : undefined;
  const upstreams = new Upstreams({
    journal,
    config,
    logger,
    agencies: enabled,
    cache: cache?.pipeline,
    metrics,
    stats,
    probes: deps.probes,
  });
  const securityRedis = createSecurityRedis(config.redis, logger);
  let serving: GraphqlServing | undefined;
  let payments: RunningPayments | undefined;

  function readiness(): Readiness {
    return evaluateReadiness(lifecycle.current, {
      kind: cacheKind,
      health: () => cache?.health() ?? { ready: true },
    });
  }

  const server = http.createServer(
    createRouter({
      logger,
      metrics,
      lifecycle,
      upstreams,
      readiness,
      graphql: createGraphqlHandler({
        config,
        logger,
        metrics,
        lifecycle,
        upstreams,
        serving: () => serving,
      }),
      admin: { token: config.adminToken, upstreams: upstreams.byKey, cache, logger },
      payments: async () => (payments ? payments.status() : null),
    }),
  );
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  let boundUrl: string | undefined;
  let stopping: Promise<void> | undefined;

  async function start(): Promise<void> {
    if (lifecycle.current.phase !== 'starting')
      throw new Error(`cannot start when ${lifecycle.current.phase}`);
    // The ledger opens (and recovery starts) before anything is served: a payment left unknown
    // by a crash is resolved whether or not this instance ever takes a request.
    if (config.payments) {
      payments = await startPayments({
        config: config.payments,
        logger,
        observer: pipelineObserver(metrics, stats),
        cache: cache?.pipeline,
        bpkd: upstreams.byKey.get('bpkd'),
      });
      journal?.attach(payments.writeLedger);
      metrics.setBreakerState('bank-aceh', payments.upstream.breaker.state);
    }
    const security = await createSecurityLayer({
      config: deps.security,
      logger,
      redis: securityRedis,
      auditSink: deps.auditSink,
    });
    const schema = security.secureSchema(
      payments
        ? buildSchema(
            enabled,
            [security.trailResolvers, paymentsApi.resolvers],
            [paymentsApi.typeDefs],
          )
        : buildSchema(enabled, [security.trailResolvers]),
    );
    // Every entry point must say who may call it: an unannotated root field fails start-up.
    const uncovered = uncoveredRootFields(schema);
    if (uncovered.length > 0) {
      await security.close();
      throw new Error(`root fields without @requiresScope: ${uncovered.join(', ')}`);
    }
    const apollo = createApollo({ schema, security, config, logger, metrics });
    await apollo.start();
    serving = { apollo, security, payments: payments?.access };
    lifecycle.serve();
  }

  async function shutdown(options: StopOptions): Promise<void> {
    const wasListening = boundUrl !== undefined;
    lifecycle.drain(options.graceMs ?? 0);
    if (options.graceMs) await sleep(options.graceMs);
    await lifecycle.waitForInFlight(options.drainMs ?? 10_000, logger);
    // Only now stop listening: probes were answered (503) throughout the drain.
    if (wasListening) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    lifecycle.stopped();
    await serving?.apollo.stop();
    await serving?.security.close();
    await payments?.close();
    securityRedis?.disconnect();
    await upstreams.close();
    await cache?.close();
  }

  return {
    get url(): string {
      if (!boundUrl) throw new Error('the gateway is not listening yet: call listen() first');
      return boundUrl;
    },
    metrics,
    ops: upstreams.ops,
    upstreams: upstreams.byKey,
    get payments() {
      return payments;
    },
    readiness,
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const host = address.address.includes(':') ? `[${address.address}]` : address.address;
      boundUrl = `http://${host}:${address.port}`;
      return boundUrl;
    },
    start,
    stop(options = {}) {
      stopping ??= shutdown(typeof options === 'number' ? { drainMs: options } : options);
      return stopping;
    },
  };
}
