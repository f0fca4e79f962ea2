import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { trace } from '@opentelemetry/api';

/**
 * Names the request span after the operation (its bounded metric label, never the query
 * text or variables) and records its type, outcome and error codes. The span itself is
 * opened by the HTTP layer (`inRequestSpan`), so that loader and upstream spans nest in it.
 */
export function tracingPlugin<TContext extends BaseContext>(
  operationLabel: (name: string | null | undefined) => string,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return undefined;
      return {
        async didResolveOperation({ operation, operationName }) {
          const label = operationLabel(operationName);
          const type = operation?.operation ?? 'unknown';
          span.setAttributes({ 'graphql.operation.type': type, 'graphql.operation.name': label });
          span.updateName(`graphql ${type} ${label}`);
        },
        async willSendResponse({ response, errors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = [
            ...new Set(
              (body?.errors ?? [])
                .map((e) => e.extensions?.['code'])
                .filter((c): c is string => typeof c === 'string' && /^[A-Z_]{1,40}$/.test(c)),
            ),
          ];
          const hasErrors = (errors?.length ?? 0) > 0 || codes.length > 0;
          span.setAttribute(
            'mpp.graphql.outcome',
            !hasErrors ? 'ok' : body?.data ? 'partial' : 'error',
          );
          if (codes.length > 0) span.setAttribute('mpp.graphql.error_codes', codes);
        },
      };
    },
  };
}
