import type { Logger } from 'pino';
import { createRedisClient, type RedisClient } from '../cache/redis-client';
import type { RedisConfig } from '../config';

/**
 * The Redis client of the security layer (shared rate limits, the audit stream, APQ), from
 * the one Redis factory: the same connection mode and fail-fast settings as the cache's.
 */
export function createSecurityRedis(
  redis: RedisConfig | undefined,
  logger: Logger,
): RedisClient | undefined {
  return redis ? createRedisClient(redis, 'security', logger) : undefined;
}
