import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../observability/metrics';
import type { GatewayContext } from '../resolvers/context';
import { RequestReportCollector } from './request-report';

/** The per-request collector the HTTP layer put in the scope (absent only in foreign contexts). */
function reportOf(context: GatewayContext): RequestReportCollector | undefined {
  const report = context.scope.report;
  return report instanceof RequestReportCollector ? report : undefined;
}

/**
 * Says when data came from a stale cache entry (an agency was failing): never silently.
 * `extensions.stale` lists each such connector and the age of its data in seconds.
 */
export function staleDataPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const report = reportOf(contextValue);
          if (!report || report.staleAges.size === 0 || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            stale: [...report.staleAges].map(([connector, ageSeconds]) => ({
              connector,
              ageSeconds,
            })),
          };
        },
      };
    },
  };
}

/** ok: no errors; partial: data with errors (an agency failed); error: no data. */
export type OperationOutcome = 'ok' | 'partial' | 'error';

/**
 * One log line and one histogram sample per GraphQL operation: request id, operation name
 * (as its bounded metric label), HTTP status, duration, outcome, error codes and the
 * per-connector call summary. Never the query text or variables: they hold NIKs.
 * Requests Apollo refuses before any plugin runs (CSRF, no query) are logged by the HTTP
 * layer instead, which sees `operationLogged` still false.
 */
export function operationLogPlugin(
  logger: Logger,
  metrics: GatewayMetrics,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, contextValue, operationName, errors }) {
          const ms = performance.now() - started;
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const hasErrors = (errors?.length ?? 0) > 0 || (body?.errors?.length ?? 0) > 0;
          const outcome: OperationOutcome = !hasErrors ? 'ok' : body?.data ? 'partial' : 'error';
          const label = metrics.operationLabel(operationName);
          metrics.operationDuration.observe({ operation: label, outcome }, ms / 1000);
          const report = reportOf(contextValue);
          if (report) report.operationLogged = true;
          const errorCodes = body?.errors
            ?.map((e) => e.extensions?.['code'])
            .filter((c): c is string => typeof c === 'string');
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: label,
              outcome,
              httpStatus: response.http.status ?? 200,
              durationMs: Math.round(ms * 10) / 10,
              ...(errorCodes && errorCodes.length > 0 ? { errorCodes } : {}),
              upstream: report?.summary() ?? {},
              ...(report && report.staleAges.size > 0
                ? { stale: Object.fromEntries(report.staleAges) }
                : {}),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
