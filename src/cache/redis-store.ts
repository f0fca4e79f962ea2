import { Cluster, type Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '../config';
import { createRedisClient, DEFAULT_REDIS_CLIENT_TUNING, type RedisClient } from './redis-client';
import { RedisGuard } from './redis-guard';
import { safeObserver, type CacheObserver, type StoreOp } from './observer';
import type { CacheStore, CacheWrite, StoreHealth } from './store';

/** A Redis host, for Sentinel and Cluster configurations. */
export interface RedisHost {
  host: string;
  port: number;
}

/**
 * How to reach Redis: exactly one of `url`, `sentinels` (+ `name`) or `clusterNodes`.
 * Credentials may be in the URL or in `username` / `password`; they are never logged.
 */
export interface RedisConnection {
  /** Standalone server: `redis://[user:pass@]host:port[/db]`, or `rediss://` for TLS. */
  url?: string;
  /** Sentinel: the sentinels to ask for the current master of `name`. */
  sentinels?: RedisHost[];
  /** Sentinel: the master group name (required with `sentinels`). */
  name?: string;
  /** Sentinel: password of the sentinels themselves, when they require one. */
  sentinelPassword?: string;
  /** Cluster: some of the nodes (the rest are discovered). */
  clusterNodes?: RedisHost[];
  /** ACL user (Sentinel / Cluster; for standalone, prefer the URL). */
  username?: string;
  /** Password (Sentinel / Cluster; for standalone, prefer the URL). */
  password?: string;
  /** TLS to the data nodes (Sentinel / Cluster; `rediss://` turns it on for a URL). Default: false. */
  tls?: boolean;
}

/** Tuning of the fail-fast behaviour. */
export interface RedisStoreTuning {
  /** Per command: ioredis rejects a command that got no reply in time. Default: 100 ms. */
  commandTimeoutMs: number;
  /**
   * Per store call (mget / mset / del), raced against the call whatever ioredis does, so no
   * caller ever waits longer than this on the cache. Default: 150 ms.
   */
  operationTimeoutMs: number;
  /** Bound on a whole `deletePrefix` (SCAN + UNLINK over the keyspace). Default: 30 000 ms. */
  purgeTimeoutMs: number;
  /** TCP connect + handshake budget of one connection attempt. Default: 1 000 ms. */
  connectTimeoutMs: number;
  /** First reconnect delay; doubles on each failed attempt. Default: 50 ms. */
  retryBaseDelayMs: number;
  /** Cap of the reconnect delay; reconnection never gives up. Default: 2 000 ms. */
  retryMaxDelayMs: number;
  /** Keys per SCAN step and per UNLINK batch in `deletePrefix`. Default: 500. */
  scanCount: number;
}

export interface RedisStoreOptions extends RedisConnection, Partial<RedisStoreTuning> {
  /** Where the outage and recovery are logged (once each per outage). Required. */
  logger: Logger;
  /** Metrics hooks. Default: none. */
  observer?: CacheObserver;
  /** The process's shared Redis breaker. Default: one of the client's own. */
  guard?: RedisGuard;
}

export const DEFAULT_REDIS_STORE_OPTIONS: Readonly<RedisStoreTuning> = Object.freeze({
  ...DEFAULT_REDIS_CLIENT_TUNING,
  operationTimeoutMs: 150,
  purgeTimeoutMs: 30_000,
  scanCount: 500,
});

export { reconnectDelay } from './redis-client';

/**
 * Builds the store on a client from the one Redis factory (`createRedisClient`, the same
 * fail-fast settings as the security layer's connection).
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const tuning: RedisStoreTuning = { ...DEFAULT_REDIS_STORE_OPTIONS, ...definedOnly(options) };
  const config: RedisConfig = {
    url: options.url,
    sentinels: options.sentinels,
    sentinelName: options.name,
    sentinelPassword: options.sentinelPassword,
    clusterNodes: options.clusterNodes,
    username: options.username,
    password: options.password,
    tls: options.tls,
  };
  // The store reads the breaker's state too (health, short-circuit), so it owns one when the
  // caller shares none.
  const guard = options.guard ?? new RedisGuard(options.logger);
  // The store logs outages itself (with its metrics), so the factory stays quiet.
  const client = createRedisClient(config, 'cache', options.logger, {
    commandTimeoutMs: tuning.commandTimeoutMs,
    connectTimeoutMs: tuning.connectTimeoutMs,
    retryBaseDelayMs: tuning.retryBaseDelayMs,
    retryMaxDelayMs: tuning.retryMaxDelayMs,
    logOutages: false,
    guard,
  });
  if (!options.guard) client.once('end', () => guard.close());
  return new RedisStore(client, {
    ...tuning,
    logger: options.logger,
    observer: options.observer,
    guard,
  });
}

/** ioredis rejects undefined option values poorly; keep only what the caller set. */
function definedOnly(options: Partial<RedisStoreTuning>): Partial<RedisStoreTuning> {
  const out: Partial<RedisStoreTuning> = {};
  for (const key of Object.keys(DEFAULT_REDIS_STORE_OPTIONS) as Array<keyof RedisStoreTuning>) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

class OperationTimeout extends Error {
  readonly code = 'ETIMEDOUT';
}

/** Short, low-cardinality reason for metrics and logs (never a key or a value). */
function reasonOf(err: unknown): string {
  if (err instanceof OperationTimeout) return 'timeout';
  const message = err instanceof Error ? err.message : String(err);
  if (/timed out/i.test(message)) return 'timeout';
  if (/breaker open/i.test(message)) return 'breaker_open';
  if (
    /writeable|closed|ECONNREFUSED|ECONNRESET|EPIPE|offline|None of startup nodes/i.test(message)
  ) {
    return 'unavailable';
  }
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'error';
}

/** Escapes glob metacharacters so SCAN MATCH treats the prefix literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * The shared store on Redis (standalone, Sentinel or Cluster). Every call is bounded by
 * `operationTimeoutMs`; while the connection is down calls return misses at once and
 * ioredis reconnects by itself with capped backoff.
 */
export class RedisStore implements CacheStore {
  readonly kind = 'redis';
  private readonly observer: CacheObserver;
  private readonly logger: Logger;
  private readonly isCluster: boolean;
  /** Set while an outage is in progress, so it is logged once and its recovery once. */
  private downSince: number | undefined;
  private downReason: string | undefined;
  private closing = false;

  constructor(
    readonly client: RedisClient,
    private readonly options: RedisStoreTuning & {
      logger: Logger;
      observer?: CacheObserver;
      guard?: RedisGuard;
    },
  ) {
    this.observer = safeObserver(options.observer);
    this.logger = options.logger.child({ component: 'cache', store: 'redis' });
    this.isCluster = client instanceof Cluster;
    client.on('ready', () => this.markUp());
    // Without an error listener ioredis prints every failed reconnect; the outage is logged once instead.
    client.on('error', (err: unknown) => {
      if (client.status !== 'ready') this.markDown(reasonOf(err));
    });
    client.on('close', () => this.markDown('connection closed'));
  }

  health(): StoreHealth {
    if (this.closing) return { ready: false, reason: 'closed' };
    if (this.client.status === 'ready') {
      const guard = this.options.guard?.health();
      if (guard && !guard.ok) return { ready: false, reason: `breaker open: ${guard.reason}` };
      return { ready: true };
    }
    if (this.downSince !== undefined) return { ready: false, reason: `down: ${this.downReason}` };
    return { ready: false, reason: 'connecting' };
  }

  async mget(keys: string[]): Promise<Array<string | null>> {
    const misses = keys.map(() => null);
    if (keys.length === 0) return misses;
    return this.run('mget', misses, this.options.operationTimeoutMs, async () => {
      if (this.isCluster) return Promise.all(keys.map((k) => this.client.get(k)));
      return this.client.mget(keys);
    });
  }

  async mset(entries: CacheWrite[]): Promise<void> {
    const writes = entries
      .map((e) => ({ ...e, ttlMs: Math.ceil(e.ttlSeconds * 1000) }))
      .filter((e) => e.ttlMs > 0);
    if (writes.length === 0) return;
    return this.run('mset', undefined, this.options.operationTimeoutMs, async () => {
      if (this.isCluster) {
        await Promise.all(writes.map((w) => this.client.set(w.key, w.value, 'PX', w.ttlMs)));
        return;
      }
      // A plain pipeline, not MULTI: one round trip, and no need for all-or-nothing.
      const pipeline = this.client.pipeline();
      for (const w of writes) pipeline.set(w.key, w.value, 'PX', w.ttlMs);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([err]) => err);
      if (failed?.[0]) throw failed[0];
    });
  }

  async del(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.run('del', 0, this.options.operationTimeoutMs, async () => {
      if (this.isCluster) {
        const counts = await Promise.all(keys.map((k) => this.client.unlink(k)));
        return counts.reduce((a, b) => a + b, 0);
      }
      return this.client.unlink(...keys);
    });
  }

  async deletePrefix(prefix: string): Promise<number> {
    return this.run('deletePrefix', 0, this.options.purgeTimeoutMs, async () => {
      // A cluster's keys are spread over its masters: scan each of them.
      const nodes = this.client instanceof Cluster ? this.client.nodes('master') : [this.client];
      const counts = await Promise.all(nodes.map((node) => this.purgeNode(node, prefix)));
      return counts.reduce((a, b) => a + b, 0);
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    try {
      await withTimeout(this.client.quit(), this.options.operationTimeoutMs * 4);
    } catch {
      // Not connected or too slow to say goodbye: drop the connection instead.
    } finally {
      this.client.disconnect();
    }
  }

  /** SCAN (never KEYS, which blocks Redis) and UNLINK (freed in the background) batch by batch. */
  private async purgeNode(node: Redis, prefix: string): Promise<number> {
    const pattern = `${escapeGlob(prefix)}*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await node.scan(
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        this.options.scanCount,
      );
      cursor = next;
      if (keys.length > 0) {
        if (this.isCluster) {
          // Keys of one node may still sit in different slots: no multi-key UNLINK there.
          const pipeline = node.pipeline();
          for (const key of keys) pipeline.unlink(key);
          const results = (await pipeline.exec()) ?? [];
          for (const [err, n] of results) if (!err && typeof n === 'number') deleted += n;
        } else {
          deleted += await node.unlink(...keys);
        }
      }
    } while (cursor !== '0');
    return deleted;
  }

  private async run<R>(
    op: StoreOp,
    fallback: R,
    timeoutMs: number,
    fn: () => Promise<R>,
  ): Promise<R> {
    if (this.closing) return fallback;
    if (this.client.status !== 'ready') {
      // Not connected: answer at once rather than wait for a command to fail.
      this.observer.error('store', op, 'unavailable');
      return fallback;
    }
    if (this.options.guard?.isOpen) {
      // Redis hung or failing: a miss at once, nothing sent (the guard probes in the background).
      this.observer.error('store', op, 'breaker_open');
      return fallback;
    }
    const started = performance.now();
    try {
      return await withTimeout(fn(), timeoutMs);
    } catch (err) {
      this.observer.error('store', op, reasonOf(err));
      return fallback;
    } finally {
      this.observer.latency(op, performance.now() - started);
    }
  }

  private markDown(reason: string): void {
    if (this.closing) return;
    this.downReason = reason;
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.logger.warn({ reason }, 'cache store unavailable: serving misses until it is back');
    this.observer.storeDown(reason);
  }

  private markUp(): void {
    if (this.downSince === undefined) return;
    const downForMs = Date.now() - this.downSince;
    this.downSince = undefined;
    this.downReason = undefined;
    this.logger.info({ downForMs }, 'cache store available again');
    this.observer.storeUp();
  }
}

/** Rejects with OperationTimeout after `ms`; the late result is ignored (race keeps it handled). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OperationTimeout(`cache operation exceeded ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
