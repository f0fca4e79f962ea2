import { setMaxListeners } from 'node:events';
import type http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { OpaqueIds } from '../identifiers/opaque-id';
import { GATEWAY_SERIES, type OpsHistory } from '../observability/history';
import { OPERATION_LABEL, type GatewayMetrics } from '../observability/metrics';
import type { ServiceEvents } from '../observability/service-events';
import type { GatewayContext, PaymentsAccess } from '../resolvers';
import type { ClientAddressResolver, SecurityLayer } from '../security';
import { languageOf, localize } from '../errors/messages';
import type { CorsPolicy } from './cors';
import type { Explorer, ExplorerResponse } from './explorer';
import { readJsonBody, Rejected, sendGraphqlError, setGraphqlResponseHeaders } from './http-io';
import { localizeResponseBody } from './localize-errors';
import type { LifecycleMachine } from './lifecycle';
import { RequestReportCollector } from './request-report';
import { countRefusal } from './security-observer';
import type { TenantRouter } from './tenant-routing';
import type { Upstreams } from './upstreams';

/** What the GraphQL handler serves with, once Apollo and the security layer have started. */
export interface GraphqlServing {
  apollo: ApolloServer<GatewayContext>;
  security: SecurityLayer;
  /** The served schema as SDL (sorted), for GET /schema.graphql. */
  sdl: string;
  /** Present when payments are on. */
  payments?: PaymentsAccess;
}

export interface GraphqlHandlerDeps {
  /** Which browser origins may call, per client (src/server/cors.ts). */
  cors: CorsPolicy;
  /** The offline GraphiQL explorer for browsers' GET /graphql; undefined when off. */
  explorer: Explorer | undefined;
  config: GatewayConfig;
  /** The opaque-id codec (created once from `config.idSecret`). */
  ids: OpaqueIds;
  logger: Logger;
  metrics: GatewayMetrics;
  lifecycle: LifecycleMachine;
  upstreams: Upstreams;
  /** The source address of a request (per-address limits), honouring TRUSTED_PROXIES. */
  addressOf: ClientAddressResolver;
  /** The status page's request history (refused requests count as errors). Default: none. */
  history?: OpsHistory;
  /** Counts of 401 and 429 refusals for the status page. Default: none. */
  events?: ServiceEvents;
  /** Which MPP a request is for, and its agency instances (src/server/tenant-routing.ts). */
  tenants: TenantRouter;
  /** Undefined until start-up finished (the lifecycle refuses GraphQL until then). */
  serving(): GraphqlServing | undefined;
}

export type GraphqlHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  requestId: string,
  started: number,
) => Promise<void>;

/**
 * POST/GET /graphql: refuses while not serving, reads the body, builds the per-request
 * context (caller first, then deadline, report and fresh DataLoaders) and hands the request
 * to Apollo. Requests that no Apollo plugin saw still get their one log line.
 */
export function createGraphqlHandler(deps: GraphqlHandlerDeps): GraphqlHandler {
  const { config, lifecycle, upstreams } = deps;
  const logRejected = rejectionLogger(deps.logger, deps.metrics, deps.history);

  return async (req, res, url, requestId, started) => {
    const corsRequest = {
      method: req.method ?? 'GET',
      origin: req.headers.origin,
      requestMethod: req.headers['access-control-request-method'],
    };
    // A preflight never reaches Apollo: its CSRF prevention would refuse the OPTIONS.
    if (deps.cors.isPreflight(corsRequest)) {
      const decision = deps.cors.preflight(corsRequest);
      res.writeHead(decision.kind === 'preflight' ? decision.status : 204, decision.headers);
      return void res.end();
    }
    if (deps.explorer && wantsExplorer(req, url)) return sendExplorer(res, deps.explorer.page());
    setGraphqlResponseHeaders(res);
    // Until the caller is known, any configured origin may read the answer (a 401, 429 or
    // 503 the page should show); once known, only that client's own origins.
    applyCors(res, deps.cors.actual(corsRequest, undefined).headers);
    const lang = languageOf(req.headers['accept-language'], config.errorLanguage);
    const refusal = lifecycle.refusal();
    const serving = deps.serving();
    if (refusal || !serving) {
      const code = refusal?.code ?? 'UNAVAILABLE';
      const message = refusal?.message ?? 'the gateway is starting';
      res.setHeader('retry-after', '1');
      sendGraphqlError(res, 503, code, localize(code, lang) ?? message, message);
      return logRejected(requestId, started, 503, message);
    }
    lifecycle.track(res);

    const body = req.method === 'POST' ? await readJsonBody(req, res, lang) : undefined;
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
    try {
      const result = await serving.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => {
          // Security first: nothing per-request is built for a caller that is refused (401/429).
          const source = deps.addressOf({
            remoteAddress: req.socket.remoteAddress,
            forwardedFor: req.headers['x-forwarded-for'],
          });
          const caller = await serving.security
            .callerOf(req.headers, source)
            .catch((err: unknown) => {
              if (deps.events) countRefusal(err, deps.metrics, deps.events);
              throw err;
            });
          applyCors(res, deps.cors.actual(corsRequest, caller).headers);
          // Allow-list mode refuses unregistered text here, before Apollo parses or validates it.
          serving.security.checkOperationText(queryTextOf(body, url));
          const scope = { requestId, deadline, signal: controller.signal, report };
          const { tenant, tenants } = deps.tenants.tenantOf(caller, req.headers);
          deps.metrics.tenantRequests.inc({ tenant });
          const { loaders, tenancy } = deps.tenants.forRequest(scope, tenant, tenants);
          return {
            requestId,
            scope,
            loaders,
            now: new Date(),
            ops: upstreams.ops,
            caller: { ...caller, tenant },
            tenancy,
            ids: deps.ids,
            payments: serving.payments,
          };
        },
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      setGraphqlResponseHeaders(res);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        // Refusals from the context function (401, 429) never passed the language plugin.
        res.end(
          report.operationLogged
            ? result.body.string
            : localizeResponseBody(result.body.string, lang),
        );
        if (!report.operationLogged)
          logRejected(requestId, started, res.statusCode, rejectionReason(result.body.string));
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } finally {
      clearTimeout(timer);
    }
  };
}

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
];

/** Replaces the CORS headers of the answer with `headers` (the decision for this request). */
function applyCors(res: http.ServerResponse, headers: Record<string, string>): void {
  for (const name of CORS_HEADERS) res.removeHeader(name);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** A browser navigating to /graphql (not a GraphQL GET, which carries a query). */
function wantsExplorer(req: http.IncomingMessage, url: URL): boolean {
  return (
    req.method === 'GET' &&
    !url.searchParams.has('query') &&
    (req.headers.accept ?? '').includes('text/html')
  );
}

function sendExplorer(res: http.ServerResponse, answer: ExplorerResponse): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/** The operation text of a request (POST body or GET query string), as Apollo will read it. */
function queryTextOf(body: unknown, url: URL): unknown {
  if (body !== null && typeof body === 'object' && !Array.isArray(body))
    return (body as { query?: unknown }).query;
  return body === undefined ? (url.searchParams.get('query') ?? undefined) : undefined;
}

/** One line (and one duration sample) for a GraphQL request that no Apollo plugin saw. */
function rejectionLogger(logger: Logger, metrics: GatewayMetrics, history?: OpsHistory) {
  return (requestId: string, started: number, httpStatus: number, reason: string): void => {
    const ms = performance.now() - started;
    history?.call(GATEWAY_SERIES, false, ms);
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
  };
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
