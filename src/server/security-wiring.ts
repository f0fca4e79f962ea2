import { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '../config';

/**
 * The Redis client of the security layer (shared rate limits, the audit stream, APQ), from
 * the same settings as the cache. Fail-fast like the cache's: no offline queue, one retry,
 * short command timeout, so a dead Redis is an error at once, never a hung request.
 */
export function createSecurityRedis(
  redis: RedisConfig | undefined,
  logger: Logger,
): Redis | Cluster | undefined {
  if (!redis) return undefined;
  const options = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 200,
    connectTimeout: 1_000,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, 2_000),
  };
  const client = redis.sentinels
    ? new Redis({ ...options, sentinels: redis.sentinels, name: redis.sentinelName })
    : redis.clusterNodes
      ? new Cluster(redis.clusterNodes, { enableOfflineQueue: false, redisOptions: options })
      : new Redis(redis.url!, options);
  let down = false;
  client.on('error', (err: Error) => {
    // Logged once per outage: ioredis emits an error at every reconnect attempt.
    if (!down)
      logger.warn({ component: 'security', err: err.message }, 'security Redis unavailable');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ component: 'security' }, 'security Redis available again');
    down = false;
  });
  return client;
}
