import type { Logger } from 'pino';
import { createRedisClient, type RedisClient } from '../cache/redis-client';
import type { RedisGuard } from '../cache/redis-guard';
import type { RedisConfig } from '../config';

/**
 * The Redis client of the security layer (shared rate limits, the audit stream, APQ), from
 * the one Redis factory: the same connection mode and fail-fast settings as the cache's.
 */
export function createSecurityRedis(
  redis: RedisConfig | undefined,
  logger: Logger,
  /** The process's shared Redis breaker, so rate limits stop waiting when the cache does. */
  guard?: RedisGuard,
): RedisClient | undefined {
  return redis ? createRedisClient(redis, 'security', logger, { guard }) : undefined;
}
