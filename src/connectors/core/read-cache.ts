import type { Logger } from 'pino';
import type { CachedEntry, PipelineCache, PipelineObserver } from './pipeline-ports';
import { inSpan, SPAN_ATTR } from './tracing';
import type { EntityPolicy } from './types';

/** A batch's ids sorted by what the shared cache holds for them. */
export interface CacheLookup<T> {
  /** Fresh or revalidate-window entries: answered from the cache. */
  served: Map<string, T | null>;
  /** Entries in their revalidate window: served, and worth a background refresh. */
  revalidate: string[];
  /** Stale entries: served only if the agency fails now. */
  fallbacks: Map<string, CachedEntry<T>>;
  /** Ids the agency must be asked for (misses and stale entries), in batch order. */
  toFetch: string[];
}

/**
 * The read path's use of the shared cache: look a batch up, write the agency's answer back.
 * The cache is an optimisation only, so neither step ever fails or delays the answer.
 */
export class ReadCache {
  constructor(
    private readonly connector: string,
    private readonly cache: PipelineCache,
    private readonly logger: Logger,
    private readonly observer: PipelineObserver,
  ) {}

  /** Reads `ids` (unique) and sorts them by freshness, counting one cache event per id. */
  async lookup<T>(entity: EntityPolicy, ids: string[]): Promise<CacheLookup<T>> {
    const entries = await this.read<T>(entity, ids);
    const out: CacheLookup<T> = {
      served: new Map(),
      revalidate: [],
      fallbacks: new Map(),
      toFetch: [],
    };
    for (const id of ids) {
      const entry = entries.get(id);
      if (!entry) {
        this.observer.cache(this.connector, entity.name, 'miss');
        out.toFetch.push(id);
      } else if (entry.state === 'fresh') {
        this.observer.cache(this.connector, entity.name, 'hit');
        out.served.set(id, entry.value);
      } else if (entry.state === 'revalidate') {
        this.observer.cache(this.connector, entity.name, 'revalidate');
        out.served.set(id, entry.value);
        out.revalidate.push(id);
      } else {
        // Too old to serve by itself: only if the agency fails now.
        this.observer.cache(this.connector, entity.name, 'miss');
        out.fallbacks.set(id, entry);
        out.toFetch.push(id);
      }
    }
    return out;
  }

  /** Never awaited by the client, never failing it: a slow or broken cache must not cost the answer. */
  write<T>(entity: EntityPolicy, values: Map<string, T | null>): void {
    const write = inSpan('cache set', this.span('setMany', entity, values.size), async () =>
      this.cache.setMany(this.connector, entity, values),
    );
    write.catch((err: unknown) =>
      this.logger.warn(
        { connector: this.connector, entity: entity.name, err: errorName(err) },
        'cache write failed: answer served uncached',
      ),
    );
  }

  /** A cache that fails to answer is a miss for every id: the cache is an optimisation only. */
  private async read<T>(entity: EntityPolicy, ids: string[]): Promise<Map<string, CachedEntry<T>>> {
    try {
      return await inSpan('cache get', this.span('getMany', entity, ids.length), () =>
        this.cache.getMany<T>(this.connector, entity, ids),
      );
    } catch (err) {
      this.logger.warn(
        { connector: this.connector, entity: entity.name, err: errorName(err) },
        'cache read failed: treated as a miss',
      );
      return new Map();
    }
  }

  /** Attributes of a cache operation's span: counts only, never keys. */
  private span(op: string, entity: EntityPolicy, keys: number) {
    return {
      [SPAN_ATTR.connector]: this.connector,
      [SPAN_ATTR.entity]: entity.name,
      [SPAN_ATTR.cacheOp]: op,
      [SPAN_ATTR.keys]: keys,
    };
  }
}

/** The class name of an error only: messages may quote payloads or keys. */
function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
