import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { OpsHistory } from '../observability/history';
import { historyPlugin } from '../observability/history-plugin';
import type { GatewayMetrics } from '../observability/metrics';
import { tracingPlugin } from '../observability/tracing-plugin';
import type { GatewayContext } from '../resolvers';
import type { SecurityLayer } from '../security';
import { formatError } from './format-error';
import { localizedErrorsPlugin } from './localize-errors';
import { formatOperationNotSupported, OperationTypeSupportedRule } from './operation-type-rule';
import { operationLogPlugin, staleDataPlugin } from './plugins';

/** Apollo Server's options and plugin order, in one place. */
export function createApollo(deps: {
  schema: GraphQLSchema;
  security: SecurityLayer;
  config: GatewayConfig;
  logger: Logger;
  metrics: GatewayMetrics;
  /** The status page's request history. Default: none. */
  history?: OpsHistory;
}): ApolloServer<GatewayContext> {
  const { schema, security, config, logger, metrics } = deps;
  return new ApolloServer<GatewayContext>({
    schema,
    formatError: (formatted, error) =>
      security.formatError(formatted, error) ??
      formatOperationNotSupported(formatted, error) ??
      formatError(formatted, error),
    includeStacktraceInErrorResponses: false,
    introspection: config.nodeEnv !== 'production',
    hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Compact JSON: Apollo's default pretty-prints (indentation costs CPU and bytes).
    stringifyResult: (result) => JSON.stringify(result),
    validationRules: [...security.validationRules, OperationTypeSupportedRule],
    parseOptions: security.parseOptions,
    persistedQueries: security.persistedQueries,
    // Ours is the only shutdown: Apollo's own SIGTERM handler (on outside NODE_ENV=test) would
    // stop Apollo under the requests we are draining, then re-raise the signal.
    stopOnTerminationSignals: false,
    // Order: the security plugins (limits, allow-list, audit) first; the stale marker edits
    // the response before the log plugin reads it; the language plugin only rewrites messages
    // (codes stay), so where it runs does not matter. We send no cache-control hints, and
    // Apollo's cache-control plugin would otherwise run on every resolved field.
    // The tracing plugin names the request span before anything can fail the operation.
    plugins: [
      tracingPlugin<GatewayContext>((name) => metrics.operationLabel(name)),
      ...security.plugins,
      localizedErrorsPlugin(config.errorLanguage),
      staleDataPlugin(),
      operationLogPlugin(logger, metrics),
      ...(deps.history ? [historyPlugin<GatewayContext>(deps.history)] : []),
      ApolloServerPluginCacheControlDisabled(),
    ],
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m) => logger.warn(String(m)),
      error: (m) => logger.error(String(m)),
    },
  });
}
