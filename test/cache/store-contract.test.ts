import { RedisGuard } from '../../src/cache/redis-guard';
import { randomBytes } from 'node:crypto';
import { MemoryStore } from '../../src/cache/memory-store';
import { createRedisStore } from '../../src/cache/redis-store';
import type { CacheStore } from '../../src/cache/store';
import { redisUrl, silentLogger, sleep, TEST_DB, waitFor } from '../support/redis';

/**
 * The same behaviour from both stores: the entity cache must not be able to tell them apart
 * (except by `kind`).
 */
const stores: Array<[string, () => Promise<CacheStore>]> = [
  ['memory', async () => new MemoryStore()],
  [
    'redis',
    async () => {
      // The contract is about results on a healthy Redis: a busy CI machine's slow replies must
      // not open the Redis breaker (its own behaviour is test/cache/redis-guard.test.ts).
      const store = createRedisStore({
        url: redisUrl(TEST_DB.contract),
        logger: silentLogger(),
        guard: new RedisGuard(silentLogger(), { failureThreshold: 1_000_000 }),
        commandTimeoutMs: 2_000,
      });
      await waitFor('redis ready', () => store.health().ready, 5_000);
      return store;
    },
  ],
];

describe.each(stores)('%s store contract', (_kind, create) => {
  let store: CacheStore;
  let prefix: string;
  const k = (name: string) => `${prefix}${name}`;

  beforeAll(async () => {
    store = await create();
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(() => {
    prefix = `mpp:contract-${randomBytes(4).toString('hex')}:e:v1:`;
  });

  it('reports ready', () => {
    expect(store.health()).toEqual({ ready: true });
  });

  it('returns one value per key in key order, null for missing keys', async () => {
    await store.mset([
      { key: k('a'), value: 'A', ttlSeconds: 60 },
      { key: k('c'), value: 'C', ttlSeconds: 60 },
    ]);
    expect(await store.mget([k('a'), k('b'), k('c'), k('a')])).toEqual(['A', null, 'C', 'A']);
  });

  it('answers an empty batch without a call', async () => {
    expect(await store.mget([])).toEqual([]);
    await expect(store.mset([])).resolves.toBeUndefined();
    expect(await store.del([])).toBe(0);
  });

  it('overwrites a value', async () => {
    await store.mset([{ key: k('a'), value: 'one', ttlSeconds: 60 }]);
    await store.mset([{ key: k('a'), value: 'two', ttlSeconds: 60 }]);
    expect(await store.mget([k('a')])).toEqual(['two']);
  });

  it('keeps unicode values intact', async () => {
    const value = JSON.stringify({
      nama: 'Cut Nyak Dhien',
      alamat: 'Jl. Ahmad Yani №7 — Langsa ✓',
    });
    await store.mset([{ key: k('u'), value, ttlSeconds: 60 }]);
    expect(await store.mget([k('u')])).toEqual([value]);
  });

  it('expires each entry after its own TTL', async () => {
    await store.mset([
      { key: k('short'), value: 's', ttlSeconds: 0.15 },
      { key: k('long'), value: 'l', ttlSeconds: 60 },
    ]);
    expect(await store.mget([k('short'), k('long')])).toEqual(['s', 'l']);
    await sleep(300);
    expect(await store.mget([k('short'), k('long')])).toEqual([null, 'l']);
  });

  it('does not store an entry with a TTL of 0', async () => {
    await store.mset([{ key: k('zero'), value: 'z', ttlSeconds: 0 }]);
    expect(await store.mget([k('zero')])).toEqual([null]);
  });

  it('deletes keys and counts those that existed', async () => {
    await store.mset([
      { key: k('a'), value: 'A', ttlSeconds: 60 },
      { key: k('b'), value: 'B', ttlSeconds: 60 },
    ]);
    expect(await store.del([k('a'), k('b'), k('missing')])).toBe(2);
    expect(await store.mget([k('a'), k('b')])).toEqual([null, null]);
  });

  it('deletes by prefix only the keys under the prefix', async () => {
    const other = `mpp:contract-other-${randomBytes(4).toString('hex')}:e:v1:x`;
    const writes = Array.from({ length: 1_200 }, (_, i) => ({
      key: k(`n${i}`),
      value: String(i),
      ttlSeconds: 60,
    }));
    await store.mset([...writes, { key: other, value: 'keep', ttlSeconds: 60 }]);
    expect(await store.deletePrefix(prefix)).toBe(1_200);
    expect(await store.mget([k('n0'), k('n1199')])).toEqual([null, null]);
    expect(await store.mget([other])).toEqual(['keep']);
    await store.del([other]);
  });

  it('treats glob characters in a prefix literally', async () => {
    const globby = `mpp:contract-${randomBytes(4).toString('hex')}*:`;
    const sibling = globby.replace('*', 'X');
    await store.mset([
      { key: `${globby}a`, value: '1', ttlSeconds: 60 },
      { key: `${sibling}a`, value: '2', ttlSeconds: 60 },
    ]);
    expect(await store.deletePrefix(globby)).toBe(1);
    expect(await store.mget([`${sibling}a`])).toEqual(['2']);
    await store.del([`${sibling}a`]);
  });
});

describe.each(stores)('%s store after close', (_kind, create) => {
  it('resolves every call as a miss / no-op and reports not ready', async () => {
    const store = await create();
    await store.close();
    expect(store.health().ready).toBe(false);
    expect(await store.mget(['mpp:closed:e:v1:a'])).toEqual([null]);
    await expect(
      store.mset([{ key: 'mpp:closed:e:v1:a', value: 'x', ttlSeconds: 1 }]),
    ).resolves.toBeUndefined();
    expect(await store.del(['mpp:closed:e:v1:a'])).toBe(0);
    expect(await store.deletePrefix('mpp:closed:')).toBe(0);
    await expect(store.close()).resolves.toBeUndefined();
  });
});
