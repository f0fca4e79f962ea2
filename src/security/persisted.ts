import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Cluster, Redis } from 'ioredis';
import {
  parse,
  visit,
  type DocumentNode,
  type FloatValueNode,
  type IntValueNode,
  type StringValueNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { containsIdentifierLike } from '../identifiers';
import { OperationNotAllowedError } from './errors';
import { withTimeout } from './redis-script';

/** The key-value cache contract of Apollo Server's `persistedQueries.cache` (@apollo/utils.keyvaluecache). */
export interface KeyValueCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

/** Registered operations: sha256 (hex, of the exact document text) → document. */
export type PersistedManifest = ReadonlyMap<string, string>;

const manifestSchema = z.strictObject({
  version: z.literal(1),
  operations: z.record(z.string().regex(/^[0-9a-f]{64}$/, 'keys are sha256 hex'), z.string()),
});

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Reads a manifest written by `build-manifest.ts`, checking every hash against its document. */
export function loadManifest(file: string): PersistedManifest {
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`persisted-operation manifest ${file}: ${parsed.error.issues[0]?.message}`);
  const out = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed.data.operations)) {
    if (sha256(document) !== hash)
      throw new Error(
        `persisted-operation manifest ${file}: ${hash} is not the sha256 of its document`,
      );
    out.set(hash, document);
  }
  return out;
}

// Apollo prefixes APQ keys ("apq:<sha256>"); the hash is what the manifest knows.
const hashOfKey = (key: string) => key.slice(key.lastIndexOf(':') + 1);

/**
 * Allow-list mode, part 1: Apollo's `persistedQueries.cache` answering from the manifest only.
 * A hash the manifest lacks is PERSISTED_QUERY_NOT_FOUND; registering new documents is a no-op.
 */
export function manifestCache(manifest: PersistedManifest): KeyValueCache {
  return {
    get: async (key) => manifest.get(hashOfKey(key)),
    set: async () => undefined,
    delete: async () => false,
  };
}

/**
 * Allow-list mode, part 2: an operation sent as full text runs only when its sha256 is in the
 * manifest; anything else is OPERATION_NOT_ALLOWED (HTTP 403). Call it with the request's
 * `query` text as soon as the caller is known (the gateway does so in Apollo's context
 * function), before parsing and validation: an unregistered operation then gets the same answer
 * whether it is valid, misspelt or not GraphQL at all, so refusals reveal nothing of the schema.
 * (Apollo's own `didResolveSource` hook cannot refuse: an error thrown there becomes a 500.)
 */
export function allowListGate(manifest: PersistedManifest): (query: unknown) => void {
  return (query) => {
    if (query === undefined || query === null) return; // by hash: the manifest cache answers
    if (typeof query !== 'string' || !manifest.has(sha256(query)))
      throw new OperationNotAllowedError();
  };
}

/** Allow-list mode, part 3, a backstop of the gate: the resolved operation must be registered. */
export function allowListPlugin(manifest: PersistedManifest): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (!manifest.has(queryHash)) throw new OperationNotAllowedError();
        },
      };
    },
  };
}

/**
 * Whether a document may rest in the shared APQ store: only when neither its text (literals,
 * comments, block strings) nor any decoded literal (`"\u0031..."` escapes, defaults of
 * variables) holds a run of digits that a validator in src/identifiers could read as an
 * identifier, in any spelling they accept (any number of spaces, dots or dashes). A document
 * that does not parse is not stored either.
 */
export function isPersistableDocument(document: string): boolean {
  if (containsIdentifierLike(document)) return false;
  let ast: DocumentNode;
  try {
    ast = parse(document, { noLocation: true });
  } catch {
    return false;
  }
  let found = false;
  const check = (node: StringValueNode | IntValueNode | FloatValueNode) => {
    if (containsIdentifierLike(node.value)) found = true;
  };
  visit(ast, { StringValue: check, IntValue: check, FloatValue: check });
  return !found;
}

/**
 * APQ registration that keeps personal data out of the shared store: a document with an
 * identifier written inline (instead of passed as a variable) is served but never persisted.
 */
export function privacySafeCache(inner: KeyValueCache): KeyValueCache {
  return {
    get: (key) => inner.get(key),
    set: async (key, value, options) => {
      if (isPersistableDocument(value)) await inner.set(key, value, options);
    },
    delete: (key) => inner.delete(key),
  };
}

/** Options of `RedisKeyValueCache`. */
export interface RedisKeyValueCacheOptions {
  /** Key prefix. Default: `pq:`. */
  prefix?: string;
  /** Longest wait for Redis; a slow or failed read is a miss, a failed write is dropped. Default: 100 ms. */
  timeoutMs?: number;
  /** TTL when Apollo gives none (seconds). Default: 86 400 (one day). */
  defaultTtlSeconds?: number;
}

/** Persisted documents shared by every gateway instance through Redis; errors are misses. */
export class RedisKeyValueCache implements KeyValueCache {
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly ttl: number;

  constructor(
    private readonly client: Redis | Cluster,
    options: RedisKeyValueCacheOptions = {},
  ) {
    this.prefix = options.prefix ?? 'pq:';
    this.timeoutMs = options.timeoutMs ?? 100;
    this.ttl = options.defaultTtlSeconds ?? 86_400;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const v = await withTimeout(this.client.get(this.prefix + key), this.timeoutMs, 'pq get');
      return v ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl ?? this.ttl;
    try {
      await withTimeout(
        this.client.set(this.prefix + key, value, 'EX', Math.max(1, Math.round(ttl))),
        this.timeoutMs,
        'pq set',
      );
    } catch {
      /* a lost registration only costs the client one more round trip */
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await withTimeout(this.client.del(this.prefix + key), this.timeoutMs, 'pq del')) > 0;
    } catch {
      return false;
    }
  }
}

/** A bounded in-process KeyValueCache for APQ when there is no Redis. */
export class MemoryKeyValueCache implements KeyValueCache {
  private readonly lru: LRUCache<string, string>;

  /** @param maxEntries documents kept (least recently used dropped). Default: 1000. */
  constructor(maxEntries = 1000) {
    this.lru = new LRUCache<string, string>({ max: maxEntries });
  }
  async get(key: string) {
    return this.lru.get(key);
  }
  async set(key: string, value: string, options?: { ttl?: number | null }) {
    this.lru.set(key, value, options?.ttl ? { ttl: options.ttl * 1000 } : undefined);
  }
  async delete(key: string) {
    return this.lru.delete(key);
  }
}
