import { LRUCache } from 'lru-cache';
import { safeObserver, type CacheObserver, type StoreOp } from './observer';
import type { CacheStore, CacheWrite, StoreHealth } from './store';

export interface MemoryStoreOptions {
  /** Most entries kept; the least recently used go first. Default: 10 000. */
  maxEntries: number;
  /**
   * Approximate memory budget in bytes over keys and values (strings counted at 2 bytes per
   * UTF-16 code unit). An entry larger than the whole budget is not stored. Default: 64 MiB.
   */
  maxSizeBytes: number;
  /** Metrics hooks. Default: none. */
  observer?: CacheObserver;
}

export const DEFAULT_MEMORY_STORE_OPTIONS: Readonly<MemoryStoreOptions> = Object.freeze({
  maxEntries: 10_000,
  maxSizeBytes: 64 * 1024 * 1024,
});

/**
 * The embedded store (no REDIS_URL): a bounded LRU private to this process. Each gateway
 * instance then has its own cache, which is fine for one instance and for tests.
 */
export class MemoryStore implements CacheStore {
  readonly kind = 'memory';
  private readonly lru: LRUCache<string, string>;
  private readonly observer: CacheObserver;
  private closed = false;

  constructor(options: Partial<MemoryStoreOptions> = {}) {
    const opts = { ...DEFAULT_MEMORY_STORE_OPTIONS, ...options };
    for (const name of ['maxEntries', 'maxSizeBytes'] as const) {
      if (!Number.isInteger(opts[name]) || opts[name] < 1) {
        throw new TypeError(`MemoryStore: ${name} must be a positive integer, got ${opts[name]}`);
      }
    }
    this.observer = safeObserver(opts.observer);
    this.lru = new LRUCache<string, string>({
      max: opts.maxEntries,
      maxSize: opts.maxSizeBytes,
      sizeCalculation: (value, key) => 2 * (key.length + value.length) || 1,
      // Expired entries are dropped lazily on read; no timers per entry.
      ttlAutopurge: false,
      allowStale: false,
    });
  }

  async mget(keys: string[]): Promise<Array<string | null>> {
    return this.guard(
      'mget',
      keys.map(() => null),
      () => keys.map((k) => this.lru.get(k) ?? null),
    );
  }

  async mset(entries: CacheWrite[]): Promise<void> {
    return this.guard('mset', undefined, () => {
      for (const { key, value, ttlSeconds } of entries) {
        const ttl = Math.ceil(ttlSeconds * 1000);
        if (ttl > 0) this.lru.set(key, value, { ttl });
      }
    });
  }

  async del(keys: string[]): Promise<number> {
    return this.guard('del', 0, () => keys.filter((k) => this.lru.delete(k)).length);
  }

  async deletePrefix(prefix: string): Promise<number> {
    return this.guard('deletePrefix', 0, () => {
      // Collect first: deleting while iterating the LRU would skip entries.
      const doomed = [...this.lru.keys()].filter((k) => k.startsWith(prefix));
      return doomed.filter((k) => this.lru.delete(k)).length;
    });
  }

  health(): StoreHealth {
    return this.closed ? { ready: false, reason: 'closed' } : { ready: true };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.lru.clear();
  }

  private guard<R>(op: StoreOp, fallback: R, fn: () => R): R {
    if (this.closed) return fallback;
    const started = performance.now();
    try {
      return fn();
    } catch {
      this.observer.error('store', op, 'error');
      return fallback;
    } finally {
      this.observer.latency(op, performance.now() - started);
    }
  }
}
