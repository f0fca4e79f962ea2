import type { Logger } from 'pino';
import {
  CacheKeys,
  createCacheStore,
  EntityCache,
  Keyring,
  type CachePolicy,
  type CacheObserver,
  type RedisGuard,
} from '../cache';
import type { GatewayConfig } from '../config';
import type { PipelineCache } from '../connectors/core/upstream';

/** The shared cache as the gateway sees it: the pipeline's view plus lifecycle and admin. */
export interface GatewayCache {
  pipeline: PipelineCache;
  health(): { ready: boolean; reason?: string };
  purgeConnector(connector: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Builds the shared cache from config: Redis when configured (standalone URL, Sentinel or
 * Cluster), else the bounded in-memory LRU; keys HMAC'd with CACHE_HMAC_SECRET; personal
 * data encrypted with CACHE_ENCRYPTION_KEYS; TTL windows per connector from its policy.
 */
export function createGatewayCache(
  config: GatewayConfig,
  logger: Logger,
  observer?: CacheObserver,
  /** Clock of the TTL windows (epoch ms). Default `Date.now`; tests inject one. */
  now?: () => number,
  /** The process's shared Redis breaker (gateway.ts creates it). Default: the store's own. */
  guard?: RedisGuard,
): GatewayCache {
  const r = config.redis;
  const store = createCacheStore({
    // The connection mode is chosen once, by the Redis client factory.
    redisUrl: r?.url,
    redis: r
      ? {
          sentinels: r.sentinels,
          name: r.sentinelName,
          sentinelPassword: r.sentinelPassword,
          clusterNodes: r.clusterNodes,
          username: r.username,
          password: r.password,
          tls: r.tls,
          // A longer command timeout (REDIS_COMMAND_TIMEOUT_MS) moves the store's bound with it.
          ...(r.commandTimeoutMs !== undefined
            ? { commandTimeoutMs: r.commandTimeoutMs, operationTimeoutMs: r.commandTimeoutMs + 50 }
            : {}),
          guard,
        }
      : undefined,
    memory: { maxEntries: config.cache.memoryMaxEntries },
    logger: logger.child({ component: 'cache' }),
    observer,
  });
  const policy: CachePolicy = { connectors: {} };
  // Regional agency instances (`pdam@lhokseumawe`) have their own cache namespace and the
  // windows of their instance's policy.
  for (const c of [...config.connectors, ...config.tenancy.instances]) {
    policy.connectors![c.key] = {
      ...(c.policy.cache.freshSeconds !== undefined ? { fresh: c.policy.cache.freshSeconds } : {}),
      staleWhileRevalidate: c.policy.cache.staleWhileRevalidateSeconds,
      staleIfError: c.policy.cache.staleIfErrorSeconds,
      negative: c.policy.cache.negativeSeconds,
    };
  }
  const entities = new EntityCache({
    store,
    keys: new CacheKeys(config.cache.hmacSecret),
    keyring: config.cache.encryptionKeys ? Keyring.parse(config.cache.encryptionKeys) : undefined,
    policy,
    observer,
    now,
  });
  return {
    pipeline: config.cache.personalData ? entities : publicDataOnly(entities),
    health: () => store.health(),
    purgeConnector: (connector) => entities.purgeConnector(connector),
    close: () => store.close(),
  };
}

/**
 * `CACHE_PERSONAL_DATA=off`: personal and specific entities always miss and are never
 * written, so no personal data reaches the store whatever its encryption.
 */
export function publicDataOnly(cache: PipelineCache): PipelineCache {
  return {
    getMany: (connector, entity, ids) =>
      entity.sensitivity === 'public'
        ? cache.getMany(connector, entity, ids)
        : Promise.resolve(new Map()),
    setMany: (connector, entity, entries) =>
      entity.sensitivity === 'public'
        ? cache.setMany(connector, entity, entries)
        : Promise.resolve(),
    purgeRecord: (connector, entity, id) => cache.purgeRecord(connector, entity, id),
  };
}
