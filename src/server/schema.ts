import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from '../generated/graphql';
import { coreResolvers, nodeResolvers, type AgencyModule, type GatewayContext } from '../resolvers';
import { loadTypeDefs, scalarResolvers } from '../schema';

/**
 * The schema, composed once at start-up from the core modules (scalars, ops, security: the
 * `@requiresScope` directive and `processingTrail`) and each enabled agency's module.
 * Resolvers must match the schema: a resolver for a missing field fails start-up.
 * `extraResolvers` are those of core modules built at run time (the audit trail's), and of
 * modules served only when configured (payments, with their `extraTypeDefs`).
 */
export function buildSchema(
  agencies: readonly AgencyModule[],
  extraResolvers: readonly Resolvers[] = [],
  extraTypeDefs: readonly string[] = [],
): GraphQLSchema {
  return makeExecutableSchema<GatewayContext>({
    typeDefs: [
      loadTypeDefs('core'),
      loadTypeDefs('ops'),
      loadTypeDefs('security'),
      loadTypeDefs('node'),
      ...agencies.map((a) => a.typeDefs),
      ...extraTypeDefs,
    ],
    resolvers: [
      scalarResolvers,
      coreResolvers,
      nodeResolvers,
      ...extraResolvers,
      ...agencies.map((a) => a.resolvers),
    ],
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
}
