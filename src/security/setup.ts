import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLSchema, ParseOptions, ValidationRule } from 'graphql';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { FileAuditSink } from './audit/file-sink';
import { auditPlugin } from './audit/plugin';
import type { AuditSink } from './audit/record';
import { RedisAuditSink } from './audit/redis-sink';
import { processingTrailResolvers } from './audit/trail';
import { authenticate, type HeaderSource } from './auth';
import type { Caller } from './caller';
import type { SecurityConfig } from './config';
import { formatSecurityError } from './errors';
import { queryLimits } from './limits';
import {
  allowListPlugin,
  loadManifest,
  manifestCache,
  MemoryKeyValueCache,
  privacySafeCache,
  RedisKeyValueCache,
  type KeyValueCache,
} from './persisted';
import {
  enforceRateLimit,
  MemoryRateLimiter,
  RedisRateLimiter,
  type RateLimiter,
} from './rate-limit';
import { applyScopeDirective, DEFAULT_PERSONAL_DATA_SCOPES } from './scopes';

export interface SecurityLayerDeps {
  config: SecurityConfig;
  logger: Logger;
  /**
   * A fail-fast ioredis client (enableOfflineQueue false, maxRetriesPerRequest 1, a
   * commandTimeout), when Redis is configured: shared rate limits, the audit stream and APQ.
   * Absent: memory limits, the audit file, in-process APQ.
   */
  redis?: Redis | Cluster;
  /** Overrides the sink chosen from config (tests). */
  auditSink?: AuditSink;
}

/** Everything the gateway wires in, built once at start-up from the security config. */
export interface SecurityLayer {
  /** Authenticates and takes one rate-limit token; call in Apollo's `context` function. */
  callerOf(headers: HeaderSource): Promise<Caller>;
  /** Wraps fields carrying `@requiresScope`; apply to the composed schema. */
  secureSchema(schema: GraphQLSchema): GraphQLSchema;
  /** Resolvers of `Query.processingTrail` (add to the schema's resolvers). */
  trailResolvers: ReturnType<typeof processingTrailResolvers>;
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  /** Apollo's `persistedQueries` option. */
  persistedQueries: false | { cache: KeyValueCache; ttl: number };
  /** Limits (variables), allow-list (when on) and audit plugins, in that order. */
  plugins: ApolloServerPlugin[];
  /** Compose first in `formatError`. */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined;
  auditSink: AuditSink;
  close(): Promise<void>;
}

/** Assembles the security modules from config: one call for the gateway to wire. */
export async function createSecurityLayer(deps: SecurityLayerDeps): Promise<SecurityLayer> {
  const { config, logger, redis } = deps;
  const log = logger.child({ component: 'security' });

  const limiter: RateLimiter = redis
    ? new RedisRateLimiter(redis, {
        instances: config.rateLimit.instances,
        onError: (err) =>
          log.warn({ err: errText(err) }, 'rate limiter: Redis failed, limiting per instance'),
      })
    : new MemoryRateLimiter();

  const auditSink =
    deps.auditSink ??
    ((config.audit.sink === 'redis' || (config.audit.sink === 'auto' && redis)) && redis
      ? new RedisAuditSink(redis, { prefix: config.audit.redisKeyPrefix })
      : await FileAuditSink.open(config.audit.file));
  if (config.audit.sink === 'redis' && !redis)
    throw new Error('AUDIT_SINK=redis needs Redis (REDIS_URL)');

  const limits = queryLimits(config.queryLimits);
  const plugins: ApolloServerPlugin[] = [limits.plugin];

  let persistedQueries: SecurityLayer['persistedQueries'] = false;
  if (config.persistedQueries.mode === 'allow-list') {
    const manifest = loadManifest(config.persistedQueries.manifestPath!);
    persistedQueries = { cache: manifestCache(manifest), ttl: 0 };
    plugins.push(allowListPlugin(manifest));
    log.info({ operations: manifest.size }, 'persisted operations: allow-list mode');
  } else if (config.persistedQueries.mode === 'apq') {
    persistedQueries = {
      cache: privacySafeCache(redis ? new RedisKeyValueCache(redis) : new MemoryKeyValueCache()),
      ttl: 86_400,
    };
  }

  plugins.push(
    auditPlugin(auditSink, {
      hmacSecret: config.audit.hmacSecret,
      personalDataScopes: config.purposeRequiredScopes.length
        ? config.purposeRequiredScopes
        : DEFAULT_PERSONAL_DATA_SCOPES,
      onError: (err) => log.error({ err: errText(err) }, 'audit log append failed: data withheld'),
    }) as ApolloServerPlugin,
  );

  return {
    async callerOf(headers) {
      const caller = await authenticate(headers, config);
      if (config.rateLimit.enabled) {
        const own = config.clients.find((c) => c.id === caller.clientId)?.rateLimit;
        await enforceRateLimit(limiter, caller, own ?? config.rateLimit);
      }
      return caller;
    },
    secureSchema: (schema) =>
      applyScopeDirective(schema, { purposeRequiredScopes: config.purposeRequiredScopes }),
    trailResolvers: processingTrailResolvers(auditSink, config.audit.hmacSecret),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    persistedQueries,
    plugins,
    formatError: formatSecurityError,
    auditSink,
    close: () => auditSink.close(),
  };
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));
