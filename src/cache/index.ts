/**
 * The shared (process-wide) cache. Exports here are the public API of `src/cache`; the
 * per-request DataLoader memo lives elsewhere.
 */
import type { Logger } from 'pino';
import { MemoryStore, type MemoryStoreOptions } from './memory-store';
import type { CacheObserver } from './observer';
import { createRedisStore, type RedisStoreOptions } from './redis-store';
import type { CacheStore } from './store';

export type { CacheStore, CacheWrite, StoreHealth } from './store';
export { MemoryStore, DEFAULT_MEMORY_STORE_OPTIONS, type MemoryStoreOptions } from './memory-store';
export {
  RedisStore,
  createRedisStore,
  DEFAULT_REDIS_STORE_OPTIONS,
  type RedisConnection,
  type RedisHost,
  type RedisStoreOptions,
  type RedisStoreTuning,
} from './redis-store';
export {
  RedisGuard,
  RedisBreakerOpenError,
  DEFAULT_REDIS_GUARD_OPTIONS,
  type RedisGuardOptions,
  type RedisGuardHealth,
} from './redis-guard';
export { CacheKeys, KEY_NAMESPACE, connectorPrefix, entityPrefix, type EntityKeyRef } from './keys';
export { Keyring } from './crypto';
export { EntityCache, type CacheEntry, type EntityCacheOptions } from './entity-cache';
export {
  DEFAULT_TTL_WINDOWS,
  type CachePolicy,
  type ConnectorCachePolicy,
  type TtlWindows,
} from './policy';
export {
  NOOP_CACHE_OBSERVER,
  type CacheObserver,
  type CacheState,
  type EntityOp,
  type StoreOp,
} from './observer';

export interface CacheStoreConfig {
  /**
   * Standalone Redis (`REDIS_URL`: `redis://` or `rediss://`). Default: unset; with no
   * `redis.sentinels` / `redis.clusterNodes` either, the in-process memory store is used.
   */
  redisUrl?: string;
  /** Sentinel / Cluster connection and fail-fast tuning. Default: `DEFAULT_REDIS_STORE_OPTIONS`. */
  redis?: Omit<RedisStoreOptions, 'logger' | 'observer' | 'url'>;
  /** Bounds of the memory store. Default: `DEFAULT_MEMORY_STORE_OPTIONS`. */
  memory?: Partial<Omit<MemoryStoreOptions, 'observer'>>;
  /** Receives the Redis outage / recovery lines. Required. */
  logger: Logger;
  /** Metrics hooks. Default: none. */
  observer?: CacheObserver;
}

/** Redis when one is configured, otherwise a bounded in-process LRU. */
export function createCacheStore(config: CacheStoreConfig): CacheStore {
  const { redisUrl, redis, memory, logger, observer } = config;
  if (redisUrl || redis?.sentinels || redis?.clusterNodes) {
    return createRedisStore({ ...redis, url: redisUrl || undefined, logger, observer });
  }
  return new MemoryStore({ ...memory, observer });
}
