import type { EntityPolicy } from '../connectors/core/types';
import { LRUCache } from 'lru-cache';
import { decodeEntry, encodeEntry, type DecodeResult } from './codec';
import type { Keyring } from './crypto';
import { connectorPrefix, type CacheKeys, type EntityKeyRef } from './keys';
import { safeObserver, type CacheObserver, type CacheState } from './observer';
import { resolveWindows, validateCachePolicy, type CachePolicy, type TtlWindows } from './policy';
import type { CacheStore, CacheWrite } from './store';

/** A usable cached record. */
export interface CacheEntry<T> {
  /** The record; null = the agency said it does not exist (negative caching). */
  value: T | null;
  /** Epoch ms (of the injected clock) when it was stored. */
  storedAt: number;
  /** Its age when read, by the same clock (what `extensions.stale` reports). */
  ageMs: number;
  /**
   * 'fresh': use it. 'revalidate': use it now and refresh it in the background. 'stale':
   * use it only if the agency fails.
   */
  state: CacheState;
}

export interface EntityCacheOptions {
  /** Where entries live (see `createCacheStore`). Required. */
  store: CacheStore;
  /** Builds the keys (holds the HMAC secret). Required. */
  keys: CacheKeys;
  /**
   * Encryption keys for personal data at rest. Default: none; then 'personal' entities are
   * stored in clear and 'specific' ones (health, financial) are not cached at all.
   */
  keyring?: Keyring;
  /** TTL windows per connector and entity. Default: `{}` (see `DEFAULT_TTL_WINDOWS`). */
  policy?: CachePolicy;
  /** Metrics hooks. Default: none. */
  observer?: CacheObserver;
  /**
   * Decoded entries kept in process to skip decrypting a hot entry again (0 = off).
   * Default: 2000.
   */
  decodedEntries?: number;
  /** Clock in epoch ms, injectable for tests. Default: `Date.now`. */
  now?: () => number;
}

/**
 * The shared cache as the upstream pipeline sees it: records of an entity by id, with
 * freshness states, negative caching, and the sensitivity rules of Indonesia's personal data
 * protection law (UU PDP). Never rejects: every failure is a miss or a no-op, reported to the
 * observer, so the pipeline simply goes to the agency.
 */
export class EntityCache {
  private readonly store: CacheStore;
  private readonly keys: CacheKeys;
  private readonly keyring: Keyring | undefined;
  private readonly policy: CachePolicy;
  private readonly observer: CacheObserver;
  private readonly now: () => number;
  /**
   * The last decodings, by cache key, each with the stored text it came from: a hot entry
   * read again (same ciphertext) skips the HMAC, AES-GCM and JSON work, which profiles
   * showed as the largest cost of a warm hit. A changed or rotated entry never matches.
   */
  private readonly decoded: LRUCache<string, { raw: string; result: DecodeResult }> | undefined;

  constructor(options: EntityCacheOptions) {
    this.store = options.store;
    this.keys = options.keys;
    this.keyring = options.keyring;
    this.policy = options.policy ?? {};
    validateCachePolicy(this.policy);
    this.observer = safeObserver(options.observer);
    this.now = options.now ?? Date.now;
    const size = options.decodedEntries ?? 2_000;
    this.decoded = size > 0 ? new LRUCache({ max: size }) : undefined;
  }

  /** Whether entries of this entity may be cached at all with the current configuration. */
  isCacheable(entity: Pick<EntityPolicy, 'sensitivity'>): boolean {
    // Specific personal data (health, financial) never rests in clear outside the agency.
    return entity.sensitivity !== 'specific' || this.keyring !== undefined;
  }

  /** The windows that apply to `entity` of `connector`. */
  windows(connector: string, entity: EntityPolicy): TtlWindows {
    return resolveWindows(this.policy, connector, entity);
  }

  /**
   * The usable entries among `ids` (fresh, revalidate or stale); ids absent from the map are
   * misses. One store round trip whatever the number of ids.
   */
  async getMany<T>(
    connector: string,
    entity: EntityPolicy,
    ids: string[],
  ): Promise<Map<string, CacheEntry<T>>> {
    const found = new Map<string, CacheEntry<T>>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return found;
    if (!this.isCacheable(entity)) return found;
    const keys = this.keysFor(connector, entity, unique);
    if (!keys) return found;
    const raws = await this.store.mget(keys);
    const windows = this.windows(connector, entity);
    const requireSealed = this.mustEncrypt(entity);
    const now = this.now();
    unique.forEach((id, i) => {
      const raw = raws[i];
      const decoded = raw == null ? undefined : this.decode(raw, keys[i] as string, requireSealed);
      if (decoded && !decoded.ok) this.observer.error(connector, 'decode', decoded.reason);
      const state = decoded?.ok
        ? stateOf(now - decoded.entry.storedAt, decoded.entry.value === null, windows)
        : undefined;
      if (!decoded?.ok || !state) return;
      found.set(id, {
        value: decoded.entry.value as T | null,
        storedAt: decoded.entry.storedAt,
        ageMs: Math.max(0, now - decoded.entry.storedAt),
        state,
      });
    });
    return found;
  }

  /**
   * Stores records (null = "not found", kept for the negative TTL). Values must be JSON
   * (domain types with ISO date strings); an unserializable value is skipped and reported.
   * One store round trip.
   */
  async setMany<T>(
    connector: string,
    entity: EntityPolicy,
    entries: Map<string, T | null>,
  ): Promise<void> {
    if (entries.size === 0 || !this.isCacheable(entity)) return;
    const ids = [...entries.keys()];
    const keys = this.keysFor(connector, entity, ids);
    if (!keys) return;
    const windows = this.windows(connector, entity);
    const positiveTtl = windows.fresh + windows.staleWhileRevalidate + windows.staleIfError;
    const keyring = this.mustEncrypt(entity) ? this.keyring : undefined;
    const storedAt = this.now();
    const writes: CacheWrite[] = [];
    ids.forEach((id, i) => {
      const value = entries.get(id) ?? null;
      const ttlSeconds = value === null ? windows.negative : positiveTtl;
      if (ttlSeconds <= 0) return;
      const key = keys[i] as string;
      try {
        writes.push({ key, value: encodeEntry({ storedAt, value }, key, keyring), ttlSeconds });
      } catch {
        this.observer.error(connector, 'encode', 'unserializable');
      }
    });
    if (writes.length > 0) await this.store.mset(writes);
  }

  /** Deletes every entry of a connector (all entities, all versions). Resolves with the count. */
  async purgeConnector(connector: string): Promise<number> {
    let prefix: string;
    try {
      prefix = connectorPrefix(connector);
    } catch {
      this.observer.error(connector, 'encode', 'invalid-key');
      return 0;
    }
    return this.store.deletePrefix(prefix);
  }

  /** Deletes one record of one entity version. Resolves with 1 if it was cached, else 0. */
  async purgeRecord(connector: string, entity: EntityKeyRef, id: string): Promise<number> {
    const keys = this.keysFor(connector, entity, [id]);
    return keys ? this.store.del(keys) : 0;
  }

  private decode(raw: string, key: string, requireSealed: boolean): DecodeResult {
    const memo = this.decoded?.get(key);
    if (memo && memo.raw === raw) return memo.result;
    const result = decodeEntry(raw, key, this.keyring, requireSealed);
    if (result.ok) this.decoded?.set(key, { raw, result });
    return result;
  }

  private mustEncrypt(entity: Pick<EntityPolicy, 'sensitivity'>): boolean {
    return entity.sensitivity !== 'public' && this.keyring !== undefined;
  }

  /** Keys for ids, or undefined (reported) when the connector / entity cannot name a key. */
  private keysFor(connector: string, entity: EntityKeyRef, ids: string[]): string[] | undefined {
    try {
      return ids.map((id) => this.keys.record(connector, entity, id));
    } catch {
      this.observer.error(connector, 'encode', 'invalid-key');
      return undefined;
    }
  }
}

/** The state of an entry of age `ageMs`, or undefined once past every window. */
function stateOf(ageMs: number, negative: boolean, w: TtlWindows): CacheState | undefined {
  // Another instance's clock may run a little ahead: a "future" entry is simply fresh.
  const age = Math.max(0, ageMs) / 1000;
  if (negative) return age < w.negative ? 'fresh' : undefined;
  if (age < w.fresh) return 'fresh';
  if (age < w.fresh + w.staleWhileRevalidate) return 'revalidate';
  if (age < w.fresh + w.staleWhileRevalidate + w.staleIfError) return 'stale';
  return undefined;
}
