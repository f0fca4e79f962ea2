import { setMaxListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { version } from '../../package.json';
import type { GatewayConfig } from '../config';
import type { ConnectorDefinition, ConnectorRuntime } from '../connectors/core/types';
import { createHttpAgents, createHttpClient } from '../connectors/core/http';
import {
  ConnectorUpstream,
  type PipelineCache,
  type PipelineObserver,
} from '../connectors/core/upstream';
import type { Loaders } from '../connectors/registry';
import { ErrorCode } from '../errors';
import { ConnectorStats } from '../observability/connector-stats';
import { GatewayMetrics, OPERATION_LABEL } from '../observability/metrics';
import { evaluateReadiness, type Lifecycle, type Readiness } from '../observability/readiness';
import { resolveRequestId } from '../observability/request-id';
import type { GatewayContext } from './context';
import { formatError } from './format-error';
import { OpsView } from './ops-view';
import { operationLogPlugin, staleDataPlugin } from './plugins';
import { RequestReportCollector } from './request-report';
import { buildSchema } from './schema';
import { handleAdmin } from './admin';
import { STATUS_PAGE, STATUS_PAGE_CSP } from './status-page';
import { createGatewayCache } from './cache-wiring';
import { createSecurityRedis } from './security-wiring';
import {
  createSecurityLayer,
  uncoveredRootFields,
  type AuditSink,
  type SecurityConfig,
  type SecurityLayer,
} from '../security';

/** The shared cache as the gateway sees it: the pipeline's view plus lifecycle and admin. */
export interface GatewayCache {
  pipeline: PipelineCache;
  health(): { ready: boolean; reason?: string };
  purgeConnector(connector: string): Promise<number>;
  close(): Promise<void>;
}

export interface GatewayDeps {
  config: GatewayConfig;
  logger: Logger;
  definitions: readonly ConnectorDefinition[];
  /** The shared cache; default: built from config (Redis or memory). `null` = no shared cache. */
  cache?: GatewayCache | null;
  /** Clients, scopes, audit, limits (src/security, `loadSecurityConfig`). */
  security: SecurityConfig;
  /** Overrides the audit sink chosen from config (tests). */
  auditSink?: AuditSink;
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

const MAX_BODY_BYTES = 100 * 1024;

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

/** Assembles process-wide parts once (agents, breakers, cache, metrics, schema) and the HTTP server. */
export function createGateway(deps: GatewayDeps): Gateway {
  const { config, logger } = deps;
  const enabled = deps.definitions.filter(
    (d) => config.connectors.find((c) => c.key === d.key)?.enabled,
  );
  let lifecycle: Lifecycle = { phase: 'starting', since: Date.now() };
  /** GraphQL requests accepted and not yet answered: what a shutdown drain waits for. */
  let inFlight = 0;

  const stats = new ConnectorStats();
  const agents = createHttpAgents();
  // Metrics exist before the upstreams (their observer feeds them); breaker gauges are
  // seeded below, once the breakers exist and their initial state (closed/disabled) is known.
  const metrics = new GatewayMetrics({
    connectors: [],
    version,
    probe: () => ({ ready: readiness().ready, inFlight }),
  });
  const cache =
    deps.cache === undefined
      ? createGatewayCache(config, logger, {
          hit: () => undefined,
          miss: () => undefined,
          latency: () => undefined,
          error: (source, op, reason) => metrics.cacheErrors.inc({ source, op, reason }),
          storeDown: () => metrics.cacheStoreUp.set(0),
          storeUp: () => metrics.cacheStoreUp.set(1),
        })
      : (deps.cache ?? undefined);
  // Only Redis can be "not ready": the in-memory store is ready as long as the process is.
  const cacheKind = !cache ? 'none' : config.redis ? 'redis' : 'memory';

  const observer: PipelineObserver = {
    call: (connector, outcome, ms, code) => {
      metrics.upstreamDuration.observe({ connector, outcome }, ms / 1000);
      if (outcome === 'error') metrics.upstreamError(connector, code);
      stats.call(connector, outcome === 'ok', ms, code);
    },
    retry: (connector) => metrics.retries.inc({ connector }),
    bulkheadRejected: (connector) => metrics.bulkheadRejections.inc({ connector }),
    cache: (connector, entity, event) => {
      metrics.cacheEvents.inc({ connector, entity, event });
      // A stale serve follows a miss already counted: counting it again would skew the ratio.
      if (event !== 'stale')
        stats.cacheLookup(connector, event === 'hit' || event === 'revalidate');
    },
    batch: (connector, entity, size) => metrics.batchSize.observe({ connector, entity }, size),
    refused: (connector, code) => {
      if (code === ErrorCode.CircuitOpen) metrics.breakerRejections.inc({ connector });
      stats.error(connector, code);
    },
    transition: (connector, to) => {
      metrics.setBreakerState(connector, to);
      metrics.breakerTransitions.inc({ connector, to });
    },
  };

  const upstreams = new Map<string, ConnectorUpstream>();
  const runtimes = new Map<string, ConnectorRuntime<unknown>>();
  for (const def of enabled) {
    const cc = config.connectors.find((c) => c.key === def.key)!;
    const upstream = new ConnectorUpstream({
      connector: def.key,
      http: createHttpClient(cc.baseUrl, agents),
      policy: cc.policy,
      logger: logger.child({ connector: def.key }),
      cache: cache?.pipeline,
      observer,
      entities: def.entities,
    });
    upstreams.set(def.key, upstream);
    metrics.setBreakerState(def.key, upstream.breaker.state);
    runtimes.set(
      def.key,
      def.create({
        config: { ...(cc.settings as object), baseUrl: cc.baseUrl, timeoutMs: cc.policy.timeoutMs },
        upstream,
        logger: logger.child({ connector: def.key }),
      }),
    );
  }
  const ops = new OpsView(
    enabled.map((d) => ({ key: d.key, title: d.title, upstream: upstreams.get(d.key)! })),
    stats,
  );

  const securityRedis = createSecurityRedis(config.redis, logger);
  // Built in start(): the security layer opens its audit sink (async), and Apollo needs it.
  let security: SecurityLayer | undefined;
  let apollo: ApolloServer<GatewayContext> | undefined;

  async function startApollo(): Promise<void> {
    security = await createSecurityLayer({
      config: deps.security,
      logger,
      redis: securityRedis,
      auditSink: deps.auditSink,
    });
    const layer = security;
    const schema = layer.secureSchema(buildSchema(enabled, [layer.trailResolvers]));
    // Every entry point must say who may call it: an unannotated root field fails start-up.
    const uncovered = uncoveredRootFields(schema);
    if (uncovered.length > 0) {
      throw new Error(`root fields without @requiresScope: ${uncovered.join(', ')}`);
    }
    apollo = new ApolloServer<GatewayContext>({
      schema,
      formatError: (formatted, error) =>
        layer.formatError(formatted, error) ?? formatError(formatted, error),
      includeStacktraceInErrorResponses: false,
      introspection: config.nodeEnv !== 'production',
      hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      // Compact JSON: Apollo's default pretty-prints (indentation costs CPU and bytes).
      stringifyResult: (result) => JSON.stringify(result),
      validationRules: layer.validationRules,
      parseOptions: layer.parseOptions,
      persistedQueries: layer.persistedQueries,
      // Ours is the only shutdown: Apollo's own SIGTERM handler (on outside NODE_ENV=test) would
      // stop Apollo under the requests we are draining, then re-raise the signal.
      stopOnTerminationSignals: false,
      // Order: the security plugins (limits, allow-list, audit) first; the stale marker edits
      // the response before the log plugin reads it. We send no cache-control hints, and
      // Apollo's cache-control plugin would otherwise run on every resolved field.
      plugins: [
        ...layer.plugins,
        staleDataPlugin(),
        operationLogPlugin(logger, metrics),
        ApolloServerPluginCacheControlDisabled(),
      ],
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (m) => logger.warn(String(m)),
        error: (m) => logger.error(String(m)),
      },
    });
    await apollo.start();
  }

  function readiness(): Readiness {
    return evaluateReadiness(lifecycle, {
      kind: cacheKind,
      health: () => cache?.health() ?? { ready: true },
    });
  }

  /** One line for a GraphQL request that no Apollo plugin saw (refused before parsing). */
  function logRejected(
    requestId: string,
    started: number,
    httpStatus: number,
    reason: string,
  ): void {
    const ms = performance.now() - started;
    metrics.operationDuration.observe(
      { operation: OPERATION_LABEL.rejected, outcome: 'rejected' },
      ms / 1000,
    );
    logger.info(
      {
        requestId,
        operation: OPERATION_LABEL.rejected,
        outcome: 'rejected',
        httpStatus,
        durationMs: Math.round(ms * 10) / 10,
        reason,
        upstream: {},
      },
      'graphql request',
    );
  }

  async function handleGraphql(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    requestId: string,
    started: number,
  ): Promise<void> {
    const refusal = refusalOf(lifecycle);
    if (refusal) {
      res.setHeader('retry-after', '1');
      sendGraphqlError(res, 503, refusal.code, refusal.message);
      return logRejected(requestId, started, 503, refusal.message);
    }
    inFlight++;
    res.once('close', () => inFlight--);

    const body = req.method === 'POST' ? await readJsonBody(req, res) : undefined;
    if (body instanceof Rejected) return logRejected(requestId, started, body.status, body.reason);
    const controller = new AbortController();
    // Every upstream call of the request listens to this signal while it runs: a family view
    // or an aliased query fans out to dozens at once, which is by design, not a leak.
    setMaxListeners(1_000, controller.signal);
    const deadline = Date.now() + config.requestDeadlineMs;
    const timer = setTimeout(() => controller.abort(), config.requestDeadlineMs);
    // A client that hangs up frees its upstream calls too. After a complete response there is
    // nothing left to cancel (and building the abort reason showed in profiles).
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const report = new RequestReportCollector();
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    // Only reachable once serving (refusalOf above), so both exist.
    const [graphql, layer] = [apollo!, security!];
    try {
      const result = await graphql.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => {
          // Security first: nothing per-request is built for a caller that is refused (401/429).
          const caller = await layer.callerOf(req.headers);
          const scope = { requestId, deadline, signal: controller.signal, report };
          const loaders: Record<string, unknown> = {};
          for (const [key, runtime] of runtimes) loaders[key] = runtime.createLoaders(scope);
          return { requestId, scope, loaders: loaders as Loaders, now: new Date(), ops, caller };
        },
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        res.end(result.body.string);
        if (!report.operationLogged)
          logRejected(requestId, started, res.statusCode, rejectionReason(result.body.string));
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } finally {
      clearTimeout(timer);
    }
  }

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const requestId = resolveRequestId(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    // While draining, every answer tells keep-alive clients to reconnect (elsewhere).
    if (lifecycle.phase === 'draining') res.setHeader('connection', 'close');
    const url = new URL(req.url ?? '/', 'http://gateway');
    const route = routeOf(url.pathname);
    const method = req.method === 'GET' || req.method === 'POST' ? req.method : 'other';
    // 'close' fires once per response, finished or not: one sample, never two.
    res.once('close', () => {
      const status = res.writableFinished ? `${Math.floor(res.statusCode / 100)}xx` : 'aborted';
      metrics.httpDuration.observe({ route, method, status }, (performance.now() - started) / 1000);
    });
    void (async () => {
      switch (route) {
        case '/graphql':
          return handleGraphql(req, res, url, requestId, started);
        case '/healthz':
          return sendJson(res, 200, { status: 'ok', phase: lifecycle.phase });
        case '/readyz': {
          const r = readiness();
          return sendJson(res, r.ready ? 200 : 503, {
            status: r.ready ? 'ready' : 'not ready',
            ...r,
          });
        }
        case '/metrics': {
          res.setHeader('content-type', metrics.registry.contentType);
          res.setHeader('cache-control', 'no-store');
          return res.end(await metrics.registry.metrics());
        }
        case '/status':
          res.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': STATUS_PAGE_CSP,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
            'referrer-policy': 'no-referrer',
          });
          return res.end(STATUS_PAGE);
        case '/status.json': {
          const r = readiness();
          res.setHeader('cache-control', 'no-store');
          return sendJson(res, 200, {
            generatedAt: new Date().toISOString(),
            windowSeconds: ops.windowSeconds,
            gateway: { ready: r.ready, phase: r.phase, reason: r.reason ?? null, version },
            connectors: ops.list(),
          });
        }
        case '/admin':
          return handleAdmin(req, res, url, { token: config.adminToken, upstreams, cache, logger });
        default:
          return sendJson(res, 404, { error: 'not found' });
      }
    })().catch((err: unknown) => {
      logger.error({ err, requestId }, 'unhandled error while serving a request');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  let boundUrl: string | undefined;
  let stopping: Promise<void> | undefined;

  async function shutdown(options: StopOptions): Promise<void> {
    const graceMs = options.graceMs ?? 0;
    const drainMs = options.drainMs ?? 10_000;
    const now = Date.now();
    const wasListening = boundUrl !== undefined;
    lifecycle = { phase: 'draining', since: now, acceptUntil: now + graceMs };
    if (graceMs > 0) await sleep(graceMs);
    const until = Date.now() + drainMs;
    while (inFlight > 0 && Date.now() < until) await sleep(25);
    if (inFlight > 0) logger.warn({ inFlight, drainMs }, 'drain timed out: cutting requests');
    // Only now stop listening: probes were answered (503) throughout the drain.
    if (wasListening) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    lifecycle = { phase: 'stopped', since: Date.now() };
    await apollo?.stop();
    await security?.close();
    securityRedis?.disconnect();
    for (const runtime of runtimes.values()) await runtime.close?.();
    for (const u of upstreams.values()) u.shutdown();
    await cache?.close();
    agents.destroy();
  }

  return {
    get url(): string {
      if (!boundUrl) throw new Error('the gateway is not listening yet: call listen() first');
      return boundUrl;
    },
    metrics,
    ops,
    upstreams,
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
    async start() {
      if (lifecycle.phase !== 'starting') throw new Error(`cannot start when ${lifecycle.phase}`);
      await startApollo();
      // A stop() that came during start-up wins: do not resurrect the gateway.
      if (lifecycle.phase === 'starting') lifecycle = { phase: 'serving', since: Date.now() };
    },
    stop(options = {}) {
      stopping ??= shutdown(typeof options === 'number' ? { drainMs: options } : options);
      return stopping;
    },
  };
}

/** Why a new GraphQL request is refused in this phase (undefined: serve it). */
function refusalOf(lifecycle: Lifecycle): { code: string; message: string } | undefined {
  switch (lifecycle.phase) {
    case 'starting':
      return { code: 'UNAVAILABLE', message: 'the gateway is starting' };
    case 'serving':
      return undefined;
    case 'draining':
      return Date.now() < lifecycle.acceptUntil
        ? undefined
        : { code: 'UNAVAILABLE', message: 'the gateway is shutting down' };
    case 'stopped':
      return { code: 'UNAVAILABLE', message: 'the gateway is stopped' };
    default: {
      const unreachable: never = lifecycle;
      return unreachable;
    }
  }
}

/** The error codes of a response Apollo's HTTP layer refused (CSRF, no query...), for the log. */
function rejectionReason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    const codes = (parsed.errors ?? [])
      .map((e) => e.extensions?.code)
      .filter((c): c is string => typeof c === 'string');
    return codes.length > 0 ? codes.join(',') : 'refused by the GraphQL HTTP layer';
  } catch {
    return 'refused by the GraphQL HTTP layer';
  }
}

function routeOf(pathname: string): string {
  if (
    pathname === '/graphql' ||
    pathname === '/healthz' ||
    pathname === '/readyz' ||
    pathname === '/metrics'
  )
    return pathname;
  if (pathname === '/status' || pathname === '/status/') return '/status';
  if (pathname === '/status.json' || pathname === '/status/status.json') return '/status.json';
  if (pathname.startsWith('/admin/')) return '/admin';
  return 'other';
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A body the HTTP layer refused itself (already answered). */
class Rejected {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {}
}

/** Reads a JSON body with a size cap; answers 413/400 itself when the body is unusable. */
async function readJsonBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> {
  const tooLarge = () => {
    // Answer at once and close the connection; the rest of the upload is read and dropped
    // (not reset), so the client reliably receives the 413.
    res.setHeader('connection', 'close');
    sendGraphqlError(res, 413, 'BAD_REQUEST', `request body larger than ${MAX_BODY_BYTES} bytes`);
    req.resume();
    return new Rejected(413, 'body too large');
  };
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const text = await new Promise<string | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.off('end', onEnd);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
  if (text === undefined) return tooLarge();
  if (text.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    sendGraphqlError(res, 400, 'BAD_REQUEST', 'request body is not valid JSON');
    return new Rejected(400, 'invalid JSON');
  }
}

function sendGraphqlError(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
