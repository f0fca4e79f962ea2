import { LRUCache } from 'lru-cache';
import type { PassportApplicationRecord } from './domain';

/**
 * The last validator (ETag) and record seen per application number, so that refreshing an
 * application the shared cache let expire is a conditional request: an unchanged
 * application costs a bodiless 304 instead of a full answer.
 *
 * Why here and not in the shared cache: the pipeline hands a fetch only the ids to load,
 * not the entry it is replacing, so the ETag has to live beside the connector. It holds
 * personal data in process memory (never written anywhere), hence small and short-lived;
 * `revalidationEntries: 0` turns it off.
 */
export class RevalidationMemo {
  private readonly lru:
    LRUCache<string, { etag: string; record: PassportApplicationRecord }> | undefined;

  /**
   * @param maxEntries applications remembered (least recently used go first); 0 = off.
   * @param ttlMs how long a validator is kept after it was last confirmed.
   */
  constructor(maxEntries: number, ttlMs: number) {
    this.lru = maxEntries > 0 ? new LRUCache({ max: maxEntries, ttl: ttlMs }) : undefined;
  }

  etagOf(applicationNumber: string): string | undefined {
    return this.lru?.get(applicationNumber)?.etag;
  }

  /** The record last seen with `etag`; refreshes its lifetime (the office just confirmed it). */
  confirmed(applicationNumber: string): PassportApplicationRecord | undefined {
    const entry = this.lru?.get(applicationNumber);
    if (entry) this.lru?.set(applicationNumber, entry);
    return entry?.record;
  }

  remember(
    applicationNumber: string,
    etag: string | undefined,
    record: PassportApplicationRecord,
  ): void {
    if (etag) this.lru?.set(applicationNumber, { etag, record });
    else this.lru?.delete(applicationNumber);
  }

  forget(applicationNumber: string): void {
    this.lru?.delete(applicationNumber);
  }
}
