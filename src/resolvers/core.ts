import type { BreakerState as BreakerStateEnum, Resolvers } from '../generated/graphql';
import type { BreakerState } from '../connectors/core/breaker';
import { version } from '../../package.json';

/** The pipeline's breaker states as the schema's enum values (a closed mapping, checked by tsc). */
const BREAKER_STATE: Record<BreakerState, BreakerStateEnum> = {
  closed: 'CLOSED',
  open: 'OPEN',
  'half-open': 'HALF_OPEN',
  'forced-open': 'FORCED_OPEN',
  'forced-closed': 'FORCED_CLOSED',
  disabled: 'DISABLED',
};

/** Resolvers of core.graphql and ops.graphql (no agency behind them). */
export const coreResolvers: Resolvers = {
  Query: {
    gatewayVersion: () => version,
    connectors: (_parent, _args, ctx) =>
      ctx.ops.list().map((c) => ({ ...c, breakerState: BREAKER_STATE[c.breakerState] })),
  },
};
