import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { ConnectorDefinition } from '../connectors/core/types';
import { coreResolvers } from '../resolvers/core';
import { loadTypeDefs, scalarResolvers } from '../schema';

/**
 * The schema, composed once at start-up from the core modules (scalars, ops, security: the
 * `@requiresScope` directive and `processingTrail`) and each enabled connector's module.
 * Resolvers must match the schema: a resolver for a missing field fails start-up.
 * `extraResolvers` are those of core modules built at run time (the audit trail's).
 */
export function buildSchema(
  connectors: readonly ConnectorDefinition[],
  extraResolvers: object[] = [],
): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: [
      loadTypeDefs('core'),
      loadTypeDefs('ops'),
      loadTypeDefs('security'),
      ...connectors.map((c) => c.typeDefs),
    ],
    resolvers: [
      scalarResolvers,
      coreResolvers,
      ...extraResolvers,
      ...connectors.map((c) => c.resolvers),
    ] as never,
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
}
