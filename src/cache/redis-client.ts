import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '../config';
import { RedisGuard } from './redis-guard';

/** Who uses a connection: named in logs and in `CLIENT LIST` (connectionName). */
export type RedisRole = 'cache' | 'security' | 'purge' | (string & {});

/** The one set of fail-fast settings of every Redis connection of the gateway. */
export interface RedisClientTuning {
  /** Per command: ioredis rejects a command that got no reply in time. Default: the config's (100 ms). */
  commandTimeoutMs: number;
  /** TCP connect + handshake budget of one connection attempt. Default: 1 000 ms. */
  connectTimeoutMs: number;
  /** First reconnect delay; doubles on each failed attempt, with jitter. Default: 50 ms. */
  retryBaseDelayMs: number;
  /** Cap of the reconnect delay; reconnection never gives up. Default: 2 000 ms. */
  retryMaxDelayMs: number;
}

export const DEFAULT_REDIS_CLIENT_TUNING: Readonly<RedisClientTuning> = Object.freeze({
  commandTimeoutMs: 100,
  connectTimeoutMs: 1_000,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 2_000,
});

export interface RedisClientOptions extends Partial<RedisClientTuning> {
  /**
   * Log the outage and the recovery (once each per outage). Default true; false for a
   * caller that reports them itself (the cache store), so they are not logged twice.
   */
  logOutages?: boolean;
  /**
   * The Redis breaker and health check (`redis-guard.ts`) this client's commands go through.
   * The gateway creates ONE and gives it to every client (cache, security), so they share one
   * view of Redis. Default: a guard of this client's own, stopped when the client ends.
   */
  guard?: RedisGuard;
}

export type RedisClient = Redis | Cluster;

/** Capped exponential backoff with jitter so that many instances do not reconnect in step. */
export function reconnectDelay(attempt: number, baseMs: number, maxMs: number): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxMs);
  return Math.round(delay * (0.8 + Math.random() * 0.2));
}

/** Which of the three connection modes a configuration names; throws unless exactly one. */
export function connectionMode(config: RedisConfig): 'standalone' | 'sentinel' | 'cluster' {
  const modes = [config.url, config.sentinels, config.clusterNodes].filter(Boolean).length;
  if (modes !== 1)
    throw new TypeError('createRedisClient: give exactly one of url, sentinels or clusterNodes');
  if (config.url !== undefined) {
    if (!/^rediss?:\/\//.test(config.url))
      throw new TypeError('createRedisClient: url must start with redis:// or rediss://');
    return 'standalone';
  }
  if (config.sentinels) {
    if (!config.sentinelName)
      throw new TypeError('createRedisClient: sentinels need the master group name');
    return 'sentinel';
  }
  return 'cluster';
}

/**
 * The one Redis client factory (cache, rate limits, APQ, audit). Fail fast: no offline queue
 * (with no connection a command is rejected at once instead of queued), one retry, a command
 * timeout, so a dead or slow Redis costs at most `commandTimeoutMs`, never a hung request.
 * The connection mode (standalone URL, Sentinel or Cluster) is chosen here and only here, and
 * every client is put behind the Redis breaker here, so that no user of Redis can bypass it.
 */
export function createRedisClient(
  config: RedisConfig,
  role: RedisRole,
  logger: Logger,
  options: RedisClientOptions = {},
): RedisClient {
  const mode = connectionMode(config);
  const tuning: RedisClientTuning = {
    ...DEFAULT_REDIS_CLIENT_TUNING,
    commandTimeoutMs: config.commandTimeoutMs ?? DEFAULT_REDIS_CLIENT_TUNING.commandTimeoutMs,
  };
  for (const key of Object.keys(DEFAULT_REDIS_CLIENT_TUNING) as Array<keyof RedisClientTuning>) {
    const value = options[key];
    if (value !== undefined) tuning[key] = value;
  }
  const retryStrategy = (times: number) =>
    reconnectDelay(times, tuning.retryBaseDelayMs, tuning.retryMaxDelayMs);
  const common: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: tuning.commandTimeoutMs,
    connectTimeout: tuning.connectTimeoutMs,
    retryStrategy,
    autoResubscribe: false,
    connectionName: `mpp-gateway-${role}`,
    username: config.username,
    password: config.password,
    ...(config.tls ? { tls: {} } : {}),
  };

  let client: RedisClient;
  if (mode === 'cluster') {
    const clusterOptions: ClusterOptions = {
      enableOfflineQueue: false,
      clusterRetryStrategy: retryStrategy,
      // Keys of one batch live in different slots, so MGET / multi-key DEL are impossible;
      // auto-pipelining sends the per-key commands of one tick as one pipeline per node.
      enableAutoPipelining: true,
      scaleReads: 'master',
      redisOptions: common,
    };
    client = new Cluster(config.clusterNodes ?? [], clusterOptions);
  } else if (mode === 'sentinel') {
    client = new Redis({
      ...common,
      sentinels: config.sentinels,
      name: config.sentinelName,
      sentinelPassword: config.sentinelPassword,
      sentinelRetryStrategy: retryStrategy,
    });
  } else {
    client = new Redis(config.url ?? '', common);
  }
  watchOutages(client, role, logger, options.logOutages ?? true);
  const guard = options.guard ?? new RedisGuard(logger);
  guard.attach(client);
  if (!options.guard) client.once('end', () => guard.close());
  return client;
}

/**
 * Without an error listener ioredis prints every failed reconnect (and an unhandled 'error'
 * would crash the process); an outage is logged once instead, and its end once.
 */
function watchOutages(client: RedisClient, role: RedisRole, logger: Logger, log: boolean): void {
  const log_ = logger.child({ component: 'redis', role });
  let down = false;
  client.on('error', (err: unknown) => {
    if (!down && log)
      log_.warn({ err: err instanceof Error ? err.message : String(err) }, 'Redis unavailable');
    down = true;
  });
  client.on('ready', () => {
    if (down && log) log_.info('Redis available again');
    down = false;
  });
}
