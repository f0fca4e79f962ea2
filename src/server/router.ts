import type http from 'node:http';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../observability/metrics';
import type { OperatorStatus } from '../observability/operator-status';
import { inRequestSpan } from '../observability/request-span';
import type { Readiness } from '../observability/readiness';
import { resolveRequestId } from '../observability/request-id';
import { handleAdmin, type AdminDeps } from './admin';
import { EXPLORER_ASSETS_PATH, type Explorer } from './explorer';
import type { GraphqlHandler } from './graphql-handler';
import { sendJson } from './http-io';
import type { LifecycleMachine } from './lifecycle';
import type { PaymentsStatus } from './payments-wiring';
import { STATUS_PAGE_CSP, statusPage, statusPageLanguage } from './status-page';
import type { Upstreams } from './upstreams';
import type { AuditLogState } from '../security/audit/spool-log';

export interface RouterDeps {
  logger: Logger;
  metrics: GatewayMetrics;
  lifecycle: LifecycleMachine;
  upstreams: Upstreams;
  graphql: GraphqlHandler;
  readiness(): Readiness;
  /** What /status.json answers: the operator page's model (numbers, codes and names only). */
  status(tenant?: string): OperatorStatus & { auditSpool: AuditLogState | null };
  admin: AdminDeps;
  /** The offline explorer's assets (under /explorer/); undefined when off. */
  explorer: Explorer | undefined;
  /** The served SDL for GET /schema.graphql; undefined when not offered. */
  schemaSdl(): string | undefined;
  /** The bank link and payments in flight for status.json; null when payments are off. */
  payments?: () => Promise<PaymentsStatus | null>;
}

/**
 * The HTTP routes: /graphql, the probes, /metrics, the status page and its JSON, /admin.
 * Every response carries the request id and one duration sample; while draining, every
 * answer tells keep-alive clients to reconnect elsewhere.
 */
export function createRouter(deps: RouterDeps): http.RequestListener {
  const { logger, metrics, lifecycle } = deps;
  return (req, res) => {
    const started = performance.now();
    const requestId = resolveRequestId(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    if (lifecycle.current.phase === 'draining') res.setHeader('connection', 'close');
    const url = new URL(req.url ?? '/', 'http://gateway');
    const route = routeOf(url.pathname);
    const method = req.method === 'GET' || req.method === 'POST' ? req.method : 'other';
    // 'close' fires once per response, finished or not: one sample, never two.
    res.once('close', () => {
      const status = res.writableFinished ? `${Math.floor(res.statusCode / 100)}xx` : 'aborted';
      metrics.httpDuration.observe({ route, method, status }, (performance.now() - started) / 1000);
    });
    serve(deps, route, req, res, url, requestId, started).catch((err: unknown) => {
      logger.error({ err, requestId }, 'unhandled error while serving a request');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  };
}

async function serve(
  deps: RouterDeps,
  route: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  requestId: string,
  started: number,
): Promise<void> {
  switch (route) {
    case '/graphql':
      // The request's span (tracing on): Apollo, the loaders and every upstream call nest in it.
      return void (await inRequestSpan(req.headers, req.method ?? 'GET', async () => {
        await deps.graphql(req, res, url, requestId, started);
        return res.statusCode;
      }));
    case '/healthz':
      return sendJson(res, 200, { status: 'ok', phase: deps.lifecycle.current.phase });
    case '/readyz': {
      const r = deps.readiness();
      res.setHeader('cache-control', 'no-store');
      return sendJson(res, r.ready ? 200 : 503, r);
    }
    case '/metrics': {
      res.setHeader('content-type', deps.metrics.registry.contentType);
      res.setHeader('cache-control', 'no-store');
      return void res.end(await deps.metrics.registry.metrics());
    }
    case '/status':
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': STATUS_PAGE_CSP,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        vary: 'accept-language',
      });
      return void res.end(statusPage(statusPageLanguage(req.headers['accept-language'])));
    case '/status.json':
      res.setHeader('cache-control', 'no-store');
      // `?mpp=<tenant>`: the national agencies and that MPP's own instances only.
      return sendJson(res, 200, {
        ...deps.status(url.searchParams.get('mpp') ?? undefined),
        payments: (await deps.payments?.()) ?? null,
      });
    case '/admin':
      return handleAdmin(req, res, url, deps.admin);
    case '/explorer': {
      const asset = deps.explorer?.asset(url.pathname);
      if (!asset) return sendJson(res, 404, { error: 'not found' });
      res.writeHead(asset.status, asset.headers);
      return void res.end(asset.body);
    }
    case '/schema.graphql': {
      const sdl = deps.schemaSdl();
      if (sdl === undefined) return sendJson(res, 404, { error: 'not found' });
      res.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(sdl);
    }
    default:
      return sendJson(res, 404, { error: 'not found' });
  }
}

/** The bounded route label of a path (metrics never see raw paths). */
function routeOf(pathname: string): string {
  switch (pathname) {
    case '/graphql':
    case '/healthz':
    case '/readyz':
    case '/metrics':
    case '/schema.graphql':
      return pathname;
    case '/status':
    case '/status/':
      return '/status';
    case '/status.json':
    case '/status/status.json':
      return '/status.json';
    default:
      if (pathname.startsWith(EXPLORER_ASSETS_PATH)) return '/explorer';
      return pathname.startsWith('/admin/') ? '/admin' : 'other';
  }
}
