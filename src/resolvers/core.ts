import type { Resolvers } from '../generated/graphql';
import { version } from '../../package.json';

/** Resolvers of core.graphql and ops.graphql (no agency behind them). */
export const coreResolvers: Resolvers = {
  Query: {
    gatewayVersion: () => version,
    connectors: (_parent, _args, ctx) =>
      ctx.ops.list().map((c) => ({
        ...c,
        breakerState: c.breakerState.toUpperCase().replace('-', '_') as never,
      })),
  },
};
