import type { GraphQLSchema } from 'graphql';
import type { ConnectorDefinition } from '../connectors/core/types';
import { registry } from '../connectors/registry';
import { buildSchema } from '../server/schema';

/**
 * The gateway's composed schema as clients see it (with `@requiresScope` and
 * `processingTrail`), for tools that need it outside a running gateway: the manifest
 * builder validates operations against it.
 */
export function buildSecuredSchema(
  definitions: readonly ConnectorDefinition[] = registry,
  resolvers: object[] = [],
): GraphQLSchema {
  return buildSchema(definitions, resolvers);
}
