import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../observability/metrics';
import type { GatewayContext } from './context';
import type { RequestReportCollector } from './request-report';

/**
 * Says when data came from a stale cache entry (an agency was failing): never silently.
 * `extensions.stale` lists each such connector and the age of its data in seconds.
 */
export function staleDataPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const report = contextValue.scope.report as RequestReportCollector;
          if (report.staleAges.size === 0 || response.body.kind !== 'single') return;
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

/**
 * One log line and one histogram sample per GraphQL operation: request id, operation name,
 * duration, outcome and the per-connector call summary. Never variables (they hold NIKs).
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
          const outcome = !hasErrors ? 'ok' : body?.data ? 'partial' : 'error';
          const label = metrics.operationLabel(operationName);
          metrics.operationDuration.observe({ operation: label, outcome }, ms / 1000);
          const report = contextValue.scope.report as RequestReportCollector;
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: label,
              outcome,
              durationMs: Math.round(ms * 10) / 10,
              errorCodes: body?.errors?.map((e) => e.extensions?.['code']).filter(Boolean),
              upstream: report.summary(),
              stale: report.staleAges.size > 0 ? Object.fromEntries(report.staleAges) : undefined,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
