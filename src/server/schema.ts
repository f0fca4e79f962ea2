import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { ConnectorDefinition } from '../connectors/core/types';
import { coreResolvers } from '../resolvers/core';
import { loadTypeDefs, scalarResolvers } from '../schema';

/**
 * The schema, composed once at start-up from the core modules and each enabled connector's
 * module. Resolvers must match the schema: a resolver for a missing field fails start-up.
 */
export function buildSchema(connectors: readonly ConnectorDefinition[]): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: [loadTypeDefs('core'), loadTypeDefs('ops'), ...connectors.map((c) => c.typeDefs)],
    resolvers: [scalarResolvers, coreResolvers, ...connectors.map((c) => c.resolvers)] as never,
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
}
