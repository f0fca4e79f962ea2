import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { version } from '../../package.json';
import { RedisGuard } from '../cache/redis-guard';
import type { GatewayConfig } from '../config';
import type { ConnectorUpstream } from '../connectors/core/upstream';
import { ConnectorStats } from '../observability/connector-stats';
import { OpsHistory } from '../observability/history';
import { GatewayMetrics } from '../observability/metrics';
import type { OpsView } from '../observability/ops-view';
import type { Readiness } from '../observability/readiness';
import { ServiceEvents } from '../observability/service-events';
import type { AgencyModule } from '../resolvers';
import {
  clientAddressResolver,
  FailureThrottle,
  type AuditSink,
  type SecurityConfig,
} from '../security';
import { corsRegistryOf, createCorsPolicy } from './cors';
import {
  createExplorer,
  developmentHeaders,
  ExplorerNotBuiltError,
  type Explorer,
} from './explorer';
import { createGatewayCache, type GatewayCache } from './cache-wiring';
import { createGraphqlHandler, type GraphqlServing } from './graphql-handler';
import { createStatusModel } from './gateway-status';
import { LifecycleMachine, sleep } from './lifecycle';
import { startPayments, type RunningPayments } from './payments-wiring';
import type { IdleProbeOptions } from './probes';
import { createRouter } from './router';
import { createOpaqueIds } from '../identifiers/opaque-id';
import { createSecurityRedis } from './security-wiring';
import { startServing } from './serving-start';
import { TenantRouter } from './tenant-routing';
import { pipelineObserver, Upstreams } from './upstreams';
import { LedgerWriteJournal } from './write-journal';

export type { GatewayCache } from './cache-wiring';

/**
 * The offline GraphiQL bundle with the development client's headers preset. A missing bundle
 * (`npm run build:explorer` not run) costs the explorer, never the start.
 */
function loadExplorer(security: SecurityConfig, logger: Logger): Explorer | undefined {
  try {
    return createExplorer({ headers: security.dev ? developmentHeaders(security.dev) : {} });
  } catch (err) {
    if (!(err instanceof ExplorerNotBuiltError)) throw err;
    logger.warn('explorer bundle not built (npm run build:explorer): GET /graphql has no explorer');
    return undefined;
  }
}

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
   * After readiness turns 503, the listener stays open and requests are served this long (ms)
   * with `Connection: close`, so that load balancers still routing here while they notice see
   * no errors. Default 0 (config: SHUTDOWN_GRACE_MS, 5000 in production).
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
   * Graceful stop: readiness 503 at once, requests still served for `graceMs` (with
   * `Connection: close`), then the listener closes (new connections refused) while in-flight
   * requests finish (at most `drainMs`); then Apollo, connectors, breakers, cache and agents
   * are released.
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
  // The status page's hour of history and refusal/audit counts (bounded, in-process).
  const history = new OpsHistory();
  const events = new ServiceEvents();
  const metrics = new GatewayMetrics({
    version,
    probe: () => ({ ready: readiness().ready, inFlight: lifecycle.inFlight }),
    audit: () => auditMetrics(),
  });
  // One breaker on Redis for the whole process: the cache and the security layer's client
  // share it, so a hung Redis is detected once and bypassed by every user at once.
  const redisGuard = config.redis ? new RedisGuard(logger, config.redisGuard) : undefined;
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
          redisGuard,
        )
      : (deps.cache ?? undefined);
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
    history,
    probes: deps.probes,
  });
  const tenants = new TenantRouter(config.tenancy, upstreams);
  const securityRedis = createSecurityRedis(config.redis, logger, redisGuard);
  const cors = createCorsPolicy(corsRegistryOf(deps.security));
  const explorer = config.explorer ? loadExplorer(deps.security, logger) : undefined;
  const addressOf = clientAddressResolver(deps.security.trustedProxies);
  let serving: GraphqlServing | undefined;
  let payments: RunningPayments | undefined;

  const { readiness, status, auditMetrics } = createStatusModel({
    lifecycle,
    cacheKind,
    cache,
    redisGuard,
    upstreams,
    history,
    events,
    rateLimit: { enabled: deps.security.rateLimit.enabled, redis: securityRedis !== undefined },
    serving: () => serving,
  });

  const server = http.createServer(
    createRouter({
      logger,
      metrics,
      lifecycle,
      upstreams,
      readiness,
      status,
      graphql: createGraphqlHandler({
        cors,
        explorer,
        config,
        ids: createOpaqueIds(config.idSecret),
        logger,
        metrics,
        lifecycle,
        upstreams,
        addressOf,
        history,
        events,
        tenants,
        serving: () => serving,
      }),
      admin: {
        token: config.adminToken,
        upstreams: upstreams.byKey,
        cache,
        logger,
        addressOf,
        throttle: new FailureThrottle({
          maxFailures: deps.security.adminAuth.maxFailures,
          windowMs: deps.security.adminAuth.windowSeconds * 1000,
        }),
        // Admin actions are audited once the security layer (and its spool) has started.
        get audit() {
          return serving?.security.adminAudit;
        },
      },
      explorer,
      // The SDL for client tooling, where the explorer is served (development by default).
      schemaSdl: config.explorer ? () => serving?.sdl : () => undefined,
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
        observer: pipelineObserver(metrics, stats, history),
        cache: cache?.pipeline,
        bpkd: upstreams.byKey.get('bpkd'),
      });
      journal?.attach(payments.writeLedger);
      metrics.setBreakerState('bank-aceh', payments.upstream.breaker.state);
    }
    serving = await startServing({
      config,
      security: deps.security,
      logger,
      metrics,
      history,
      events,
      agencies: enabled,
      securityRedis,
      auditSink: deps.auditSink,
      payments: payments?.access,
    });
    lifecycle.serve();
  }

  async function shutdown(options: StopOptions): Promise<void> {
    const wasListening = boundUrl !== undefined;
    // 1. Readiness 503 at once; every response now says `Connection: close`, so keep-alive
    //    clients (a balancer's upstream pool) move to other instances as they are answered.
    lifecycle.drain(options.graceMs ?? 0);
    if (options.graceMs) await sleep(options.graceMs);
    // 2. Stop accepting connections: a balancer that still picks this instance gets a refused
    //    connection (nothing sent, so it retries elsewhere, POST included), never a 503.
    //    Node also closes the connections idle now; a balancer whose idle upstream timeout is
    //    below the grace has closed its own already (deploy/nginx), so no request races it.
    const closed = wasListening
      ? new Promise<void>((resolve) => server.close(() => resolve()))
      : Promise.resolve();
    // 3. Requests in flight (and any still arriving on open connections) finish, bounded.
    await lifecycle.waitForInFlight(options.drainMs ?? 10_000, logger);
    if (wasListening) {
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
    redisGuard?.close();
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
