/**
 * The shared key-value store behind the entity cache: Redis in production, an in-process LRU
 * as the embedded default. The contract is deliberately small and forgiving:
 *
 * - every method resolves, never rejects, and never waits long: a failure or a timeout is a
 *   miss (`null`), a no-op, or a count of 0, reported to the `CacheObserver`. An outage of
 *   the cache must slow nothing down: the upstream pipeline then simply calls the agency;
 * - each method is one bulk call (one round trip on Redis) so that a DataLoader batch of n
 *   ids costs one cache read and one cache write, not n.
 */

/** One value to write, with its time to live. */
export interface CacheWrite {
  key: string;
  value: string;
  /** Seconds the store keeps the value; fractions allowed (stored with millisecond precision). */
  ttlSeconds: number;
}

/** Readiness of a store, for `/readyz` and the status page. */
export interface StoreHealth {
  ready: boolean;
  /** Why not ready: `connecting`, `closed`, or `down: <cause>`. */
  reason?: string;
}

export interface CacheStore {
  /** Values of `keys`, in order; `null` for a missing key or when the store failed. */
  mget(keys: string[]): Promise<Array<string | null>>;
  /** Writes all entries (each with its own TTL); silently skipped when the store failed. */
  mset(entries: CacheWrite[]): Promise<void>;
  /** Deletes `keys`; resolves with how many existed (0 when the store failed). */
  del(keys: string[]): Promise<number>;
  /**
   * Deletes every key starting with `prefix` (incrementally, never blocking the store);
   * resolves with how many were deleted.
   */
  deletePrefix(prefix: string): Promise<number>;
  readonly kind: 'memory' | 'redis';
  health(): StoreHealth;
  /** Releases connections; later calls behave as misses / no-ops. */
  close(): Promise<void>;
}
