import { lexicographicSortSchema, printSchema } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { GatewayMetrics } from '../observability/metrics';
import type { OpsHistory } from '../observability/history';
import type { ServiceEvents } from '../observability/service-events';
import { paymentsApi, type AgencyModule } from '../resolvers';
import {
  createSecurityLayer,
  uncoveredRootFields,
  type AuditSink,
  type SecurityConfig,
} from '../security';
import { createApollo } from './apollo';
import type { GraphqlServing } from './graphql-handler';
import { buildSchema } from './schema';
import { observedAuditSink } from './security-observer';
import type { createSecurityRedis } from './security-wiring';

/** What the serving start-up needs from the assembled gateway. */
export interface ServingDeps {
  config: GatewayConfig;
  security: SecurityConfig;
  logger: Logger;
  metrics: GatewayMetrics;
  history: OpsHistory;
  events: ServiceEvents;
  /** The enabled agencies' modules. */
  agencies: readonly AgencyModule[];
  /** The security layer's Redis (rate limits, APQ, legacy audit stream), when configured. */
  securityRedis: ReturnType<typeof createSecurityRedis>;
  /** Overrides the audit sink chosen from config (tests). */
  auditSink?: AuditSink;
  /** Whether the payments module is served (its ledger has started). */
  payments: GraphqlServing['payments'];
}

/**
 * The async half of start-up: the security layer (its audit sink opens here), the schema
 * composed from the enabled agencies (and payments when on) and secured, and Apollo started.
 * Refuses a schema with a root field that does not say who may call it.
 */
export async function startServing(deps: ServingDeps): Promise<GraphqlServing> {
  const { config, logger, metrics, history, events, agencies } = deps;
  const security = await createSecurityLayer({
    config: deps.security,
    logger,
    redis: deps.securityRedis,
    auditSink: deps.auditSink,
    observeAudit: (sink) => observedAuditSink(sink, metrics, events),
  });
  const schema = security.secureSchema(
    deps.payments
      ? buildSchema(
          agencies,
          [security.trailResolvers, paymentsApi.resolvers],
          [paymentsApi.typeDefs],
        )
      : buildSchema(agencies, [security.trailResolvers]),
  );
  // Every entry point must say who may call it: an unannotated root field fails start-up.
  const uncovered = uncoveredRootFields(schema);
  if (uncovered.length > 0) {
    await security.close();
    throw new Error(`root fields without @requiresScope: ${uncovered.join(', ')}`);
  }
  const apollo = createApollo({ schema, security, config, logger, metrics, history });
  await apollo.start();
  return {
    apollo,
    security,
    sdl: printSchema(lexicographicSortSchema(schema)),
    payments: deps.payments,
  };
}
