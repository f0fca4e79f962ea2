import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GATEWAY_SERIES, type OpsHistory } from './history';

/**
 * Records each GraphQL operation in the gateway-wide series of the status page: its
 * duration, and an error when the response carries any (a failed agency included).
 * Requests refused before Apollo's plugins run are recorded by the HTTP layer.
 */
export function historyPlugin<TContext extends BaseContext>(
  history: OpsHistory,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, errors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const failed = (errors?.length ?? 0) > 0 || (body?.errors?.length ?? 0) > 0;
          history.call(GATEWAY_SERIES, !failed, performance.now() - started);
        },
      };
    },
  };
}
