import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { ConnectorDefinition, ConnectorRuntime } from '../connectors/core/types';
import { createHttpAgents, createHttpClient } from '../connectors/core/http';
import {
  ConnectorUpstream,
  type PipelineCache,
  type PipelineObserver,
} from '../connectors/core/upstream';
import type { Loaders } from '../connectors/registry';
import { ConnectorStats } from '../observability/connector-stats';
import { GatewayMetrics } from '../observability/metrics';
import type { GatewayContext } from './context';
import { formatError } from './format-error';
import { OpsView } from './ops-view';
import { operationLogPlugin, staleDataPlugin } from './plugins';
import { RequestReportCollector } from './request-report';
import { buildSchema } from './schema';
import { handleAdmin } from './admin';
import { STATUS_PAGE } from './status-page';
import { createGatewayCache } from './cache-wiring';

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
}

export interface RunningGateway {
  url: string;
  metrics: GatewayMetrics;
  ops: OpsView;
  upstreams: Map<string, ConnectorUpstream>;
  /** Drains in-flight requests (bounded), then closes everything. */
  stop(drainMs?: number): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_BODY_BYTES = 100 * 1024;

/** Assembles process-wide parts once (agents, breakers, cache, metrics, schema) and serves HTTP. */
export async function startGateway(deps: GatewayDeps): Promise<RunningGateway> {
  const { config, logger } = deps;
  const enabled = deps.definitions.filter(
    (d) => config.connectors.find((c) => c.key === d.key)?.enabled,
  );
  const metrics = new GatewayMetrics(enabled.map((d) => d.key));
  const stats = new ConnectorStats();
  const agents = createHttpAgents();
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

  const observer: PipelineObserver = {
    call: (connector, outcome, ms, code) => {
      metrics.upstreamDuration.observe({ connector, outcome }, ms / 1000);
      stats.call(connector, outcome === 'ok', ms, code);
    },
    retry: (connector) => metrics.retries.inc({ connector }),
    bulkheadRejected: (connector) => metrics.bulkheadRejections.inc({ connector }),
    cache: (connector, entity, event) => {
      metrics.cacheEvents.inc({ connector, entity, event });
      if (event !== 'stale')
        stats.cacheLookup(connector, event === 'hit' || event === 'revalidate');
    },
    batch: (connector, entity, size) => metrics.batchSize.observe({ connector, entity }, size),
    refused: (connector, code) => stats.error(connector, code),
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
    });
    upstreams.set(def.key, upstream);
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

  const schema = buildSchema(enabled);
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.nodeEnv !== 'production',
    hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    plugins: [staleDataPlugin(), operationLogPlugin(logger, metrics)],
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m) => logger.warn(String(m)),
      error: (m) => logger.error(String(m)),
    },
  });
  await apollo.start();

  let draining = false;
  let inFlight = 0;

  const readiness = (): { ready: boolean; reason?: string } => {
    if (draining) return { ready: false, reason: 'shutting down' };
    const cacheHealth = cache?.health();
    if (config.redis && cacheHealth && !cacheHealth.ready)
      return { ready: false, reason: `redis: ${cacheHealth.reason ?? 'not ready'}` };
    return { ready: true };
  };

  const handleGraphql = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    requestId: string,
  ) => {
    const body = req.method === 'POST' ? await readJsonBody(req, res) : undefined;
    if (body === INVALID) return;
    const controller = new AbortController();
    const deadline = Date.now() + config.requestDeadlineMs;
    const timer = setTimeout(() => controller.abort(), config.requestDeadlineMs);
    // A client that hangs up frees its upstream calls too.
    res.on('close', () => controller.abort());
    const report = new RequestReportCollector();
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    try {
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => {
          const scope = { requestId, deadline, signal: controller.signal, report };
          const loaders: Record<string, unknown> = {};
          for (const [key, runtime] of runtimes) loaders[key] = runtime.createLoaders(scope);
          return { requestId, scope, loaders: loaders as Loaders, now: new Date(), ops };
        },
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        res.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } finally {
      clearTimeout(timer);
    }
  };

  const server = http.createServer((req, res) => {
    const started = performance.now();
    inFlight++;
    const incoming = req.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://gateway');
    const route = routeOf(url.pathname);
    res.on('finish', () => {
      inFlight--;
      metrics.httpDuration.observe(
        {
          route,
          method: req.method === 'GET' || req.method === 'POST' ? req.method : 'other',
          status: `${Math.floor(res.statusCode / 100)}xx`,
        },
        (performance.now() - started) / 1000,
      );
    });
    res.on('close', () => {
      if (!res.writableFinished) inFlight--;
    });
    void (async () => {
      switch (route) {
        case '/graphql':
          return handleGraphql(req, res, url, requestId);
        case '/healthz':
          return sendJson(res, 200, { status: 'ok' });
        case '/readyz': {
          const r = readiness();
          return sendJson(
            res,
            r.ready ? 200 : 503,
            r.ready ? { status: 'ready' } : { status: 'not ready', reason: r.reason },
          );
        }
        case '/metrics': {
          res.setHeader('content-type', metrics.registry.contentType);
          return res.end(await metrics.registry.metrics());
        }
        case '/status':
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.setHeader(
            'content-security-policy',
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
          );
          return res.end(STATUS_PAGE);
        case '/status.json':
          return sendJson(res, 200, { connectors: ops.list() });
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url,
    metrics,
    ops,
    upstreams,
    async stop(drainMs = 10_000) {
      draining = true;
      server.close();
      const until = Date.now() + drainMs;
      while (inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      server.closeAllConnections();
      await apollo.stop();
      for (const runtime of runtimes.values()) await runtime.close?.();
      for (const u of upstreams.values()) u.shutdown();
      await cache?.close();
      agents.destroy();
    },
  };
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

const INVALID = Symbol('invalid body');

/** Reads a JSON body with a size cap; answers 413/400 itself when the body is unusable. */
async function readJsonBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      sendGraphqlError(res, 413, 'BAD_REQUEST', `request body larger than ${MAX_BODY_BYTES} bytes`);
      req.destroy();
      return INVALID;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    sendGraphqlError(res, 400, 'BAD_REQUEST', 'request body is not valid JSON');
    return INVALID;
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
