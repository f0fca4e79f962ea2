import { setMaxListeners } from 'node:events';
import type http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import { OPERATION_LABEL, type GatewayMetrics } from '../observability/metrics';
import type { GatewayContext, PaymentsAccess } from '../resolvers';
import type { SecurityLayer } from '../security';
import { readJsonBody, Rejected, sendGraphqlError } from './http-io';
import type { LifecycleMachine } from './lifecycle';
import { RequestReportCollector } from './request-report';
import type { Upstreams } from './upstreams';

/** What the GraphQL handler serves with, once Apollo and the security layer have started. */
export interface GraphqlServing {
  apollo: ApolloServer<GatewayContext>;
  security: SecurityLayer;
  /** Present when payments are on. */
  payments?: PaymentsAccess;
}

export interface GraphqlHandlerDeps {
  config: GatewayConfig;
  logger: Logger;
  metrics: GatewayMetrics;
  lifecycle: LifecycleMachine;
  upstreams: Upstreams;
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
  const logRejected = rejectionLogger(deps.logger, deps.metrics);

  return async (req, res, url, requestId, started) => {
    const refusal = lifecycle.refusal();
    const serving = deps.serving();
    if (refusal || !serving) {
      const message = refusal?.message ?? 'the gateway is starting';
      res.setHeader('retry-after', '1');
      sendGraphqlError(res, 503, refusal?.code ?? 'UNAVAILABLE', message);
      return logRejected(requestId, started, 503, message);
    }
    lifecycle.track(res);

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
    try {
      const result = await serving.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => {
          // Security first: nothing per-request is built for a caller that is refused (401/429).
          const caller = await serving.security.callerOf(req.headers);
          const scope = { requestId, deadline, signal: controller.signal, report };
          const loaders = upstreams.createLoaders(scope);
          return {
            requestId,
            scope,
            loaders,
            now: new Date(),
            ops: upstreams.ops,
            caller,
            payments: serving.payments,
          };
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
  };
}

/** One line (and one duration sample) for a GraphQL request that no Apollo plugin saw. */
function rejectionLogger(logger: Logger, metrics: GatewayMetrics) {
  return (requestId: string, started: number, httpStatus: number, reason: string): void => {
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
