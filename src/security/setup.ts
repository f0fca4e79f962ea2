import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLSchema, ParseOptions, ValidationRule } from 'graphql';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { FileAuditSink } from './audit/file-sink';
import { auditPlugin } from './audit/plugin';
import type { AuditSink } from './audit/record';
import { RedisAuditSink } from './audit/redis-sink';
import { adminAuditor, type AdminAuditor } from './audit/admin-audit';
import { RedisCentralSink } from './audit/central';
import { auditKeys, devSigningKey } from './audit/keys';
import { SpoolAuditLog } from './audit/spool-log';
import { processingTrailResolvers } from './audit/trail';
import { authenticate, type HeaderSource } from './auth';
import type { Caller } from './caller';
import type { SecurityConfig } from './config';
import { AuthenticationError, formatSecurityError, RateLimitedError } from './errors';
import { queryLimits } from './limits';
import {
  allowListGate,
  allowListPlugin,
  loadManifest,
  manifestCache,
  MemoryKeyValueCache,
  privacySafeCache,
  RedisKeyValueCache,
  type KeyValueCache,
} from './persisted';
import { personalDataPostOnlyPlugin } from './post-only';
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
  /** Wraps the chosen sink (metrics and spans of each append). Default: none. */
  observeAudit?: (sink: AuditSink) => AuditSink;
}

/** Everything the gateway wires in, built once at start-up from the security config. */
export interface SecurityLayer {
  /**
   * Authenticates and takes one rate-limit token of the caller's identity; call in Apollo's
   * `context` function. A request without valid credentials takes a token of its source
   * address's bucket instead, and once that is empty is answered 429 rather than 401.
   */
  callerOf(headers: HeaderSource, sourceAddress: string): Promise<Caller>;
  /**
   * Allow-list mode: throws OperationNotAllowedError (403) for a request's `query` text that is
   * not registered; call right after `callerOf`, before Apollo parses anything. A no-op otherwise.
   */
  checkOperationText(query: unknown): void;
  /** Wraps fields carrying `@requiresScope`; apply to the composed schema. */
  secureSchema(schema: GraphQLSchema): GraphQLSchema;
  /** Resolvers of `Query.processingTrail` (add to the schema's resolvers). */
  trailResolvers: ReturnType<typeof processingTrailResolvers>;
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  /** Apollo's `persistedQueries` option. */
  persistedQueries: false | { cache: KeyValueCache; ttl: number };
  /** Limits (variables), GET refusal, allow-list (when on) and audit plugins, in that order. */
  plugins: ApolloServerPlugin[];
  /** Compose first in `formatError`. */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined;
  auditSink: AuditSink;
  /**
   * The spool audit (sink `spool`): `state()` for metrics and the status page, `ready()` for
   * /readyz (false = the spool cannot be written and personal data is withheld).
   */
  auditLog: SpoolAuditLog | undefined;
  /** Pass to the admin handler (`AdminDeps.audit`): admin actions in the chain. */
  adminAudit: AdminAuditor | undefined;
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

  const auditLog =
    !deps.auditSink && config.audit.sink === 'spool'
      ? await openSpoolLog(config, redis, log)
      : undefined;
  const chosenSink =
    deps.auditSink ??
    auditLog ??
    ((config.audit.sink === 'redis' || (config.audit.sink === 'auto' && redis)) && redis
      ? new RedisAuditSink(redis, { prefix: config.audit.redisKeyPrefix })
      : await FileAuditSink.open(config.audit.file));
  if (config.audit.sink === 'redis' && !redis)
    throw new Error('AUDIT_SINK=redis needs Redis (REDIS_URL)');
  const auditSink = deps.observeAudit ? deps.observeAudit(chosenSink) : chosenSink;

  const limits = queryLimits(config.queryLimits);
  const personalDataScopes = config.purposeRequiredScopes.length
    ? config.purposeRequiredScopes
    : DEFAULT_PERSONAL_DATA_SCOPES;
  const plugins: ApolloServerPlugin[] = [
    limits.plugin,
    personalDataPostOnlyPlugin(personalDataScopes),
  ];

  let persistedQueries: SecurityLayer['persistedQueries'] = false;
  let checkOperationText: SecurityLayer['checkOperationText'] = () => undefined;
  if (config.persistedQueries.mode === 'allow-list') {
    const manifest = loadManifest(config.persistedQueries.manifestPath!);
    persistedQueries = { cache: manifestCache(manifest), ttl: 0 };
    checkOperationText = allowListGate(manifest);
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
      personalDataScopes,
      onError: (err) => log.error({ err: errText(err) }, 'audit log append failed: data withheld'),
    }) as ApolloServerPlugin,
  );

  return {
    async callerOf(headers, sourceAddress) {
      let caller: Caller;
      try {
        caller = await authenticate(headers, config);
      } catch (err) {
        if (err instanceof AuthenticationError && config.rateLimit.enabled) {
          const d = await limiter.take(`addr:${sourceAddress}`, config.rateLimit.unauthenticated);
          if (!d.allowed) throw new RateLimitedError(d.retryAfterSeconds, 'source-address');
        }
        throw err;
      }
      if (config.rateLimit.enabled) {
        // A client's own budget belongs to its API key; a token naming the same id is not it.
        const own =
          caller.method === 'api-key'
            ? config.clients.find((c) => c.id === caller.clientId)?.rateLimit
            : undefined;
        await enforceRateLimit(limiter, caller, own ?? config.rateLimit);
      }
      return caller;
    },
    checkOperationText,
    secureSchema: (schema) =>
      applyScopeDirective(schema, { purposeRequiredScopes: config.purposeRequiredScopes }),
    trailResolvers: processingTrailResolvers(auditSink, config.audit.hmacSecret),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    persistedQueries,
    plugins,
    formatError: formatSecurityError,
    auditSink,
    auditLog,
    adminAudit: auditLog
      ? adminAuditor(auditLog, config.audit.hmacSecret, (err) =>
          log.error({ err: errText(err) }, 'audit: admin action not recorded'),
        )
      : undefined,
    close: () => auditSink.close(),
  };
}

/** The spool, shipping to the Redis stream when Redis is configured. */
async function openSpoolLog(
  config: SecurityConfig,
  redis: Redis | Cluster | undefined,
  log: Logger,
): Promise<SpoolAuditLog> {
  const s = config.audit.spool;
  const signingKey = s.signingKey ?? (await devSigningKey(s.dir));
  let shipErrors = 0;
  return SpoolAuditLog.open({
    spool: {
      dir: s.dir,
      keys: auditKeys(signingKey, s.macKey),
      instanceId: s.instanceId,
      checkpointEvery: s.checkpointEvery,
      checkpointSeconds: s.checkpointSeconds,
      segmentBytes: s.segmentMb * 1024 * 1024,
    },
    central: redis
      ? new RedisCentralSink(redis, { prefix: config.audit.redisKeyPrefix })
      : undefined,
    shipper: {
      // Logged at the first failure and every 100th after: the backlog is in state().
      onError: (err) => {
        if (shipErrors++ % 100 === 0)
          log.warn({ err: errText(err) }, 'audit shipping failed; records wait in the spool');
      },
    },
    retentionMs: s.retentionDays * 86_400_000,
    onError: (err) => log.warn({ err: errText(err) }, 'audit spool housekeeping failed'),
  });
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));
