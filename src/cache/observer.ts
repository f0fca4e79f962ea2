/**
 * Metrics hooks of the cache store. The ops layer plugs Prometheus in here; the cache itself
 * only reports what happened. Hits and misses are not reported here: the upstream pipeline
 * counts them per connector and entity, from what `getMany` returns. Labels stay low-cardinality: connector and entity names, operation
 * names and short reason codes, never keys or identifiers.
 */

/** How usable a cache hit is, by the age of the entry (see `TtlWindows`). */
export type CacheState = 'fresh' | 'revalidate' | 'stale';

/** Store operations, as reported to `latency` and `error`. */
export type StoreOp = 'mget' | 'mset' | 'del' | 'deletePrefix' | 'close';

/** Operations of the entity layer that can fail without involving the store. */
export type EntityOp = 'encode' | 'decode';

export interface CacheObserver {
  /**
   * Something failed and was turned into a miss or a no-op. `source` is a connector key, or
   * `'store'` for the store itself; `reason` is a short code (`timeout`, `unavailable`,
   * `auth-failed`, ...).
   */
  error(source: string, op: StoreOp | EntityOp, reason: string): void;
  /** Duration of one store operation (one round trip for mget/mset/del). */
  latency(op: StoreOp, ms: number): void;
  /** The shared store became unreachable (reported once per outage). */
  storeDown(reason: string): void;
  /** The shared store is reachable again after `storeDown`. */
  storeUp(): void;
}

/** The default observer: reports nowhere. */
export const NOOP_CACHE_OBSERVER: CacheObserver = Object.freeze({
  error: () => undefined,
  latency: () => undefined,
  storeDown: () => undefined,
  storeUp: () => undefined,
});

/**
 * Wraps an observer so that a bug in a metrics hook can never break a cache call: the cache
 * promises never to throw, and that promise must hold whatever is plugged in.
 */
export function safeObserver(observer: CacheObserver = NOOP_CACHE_OBSERVER): CacheObserver {
  if (observer === NOOP_CACHE_OBSERVER) return observer;
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn.apply(observer, args);
      } catch {
        // A metrics failure must not become a cache failure.
      }
    };
  return {
    error: guard(observer.error),
    latency: guard(observer.latency),
    storeDown: guard(observer.storeDown),
    storeUp: guard(observer.storeUp),
  };
}
