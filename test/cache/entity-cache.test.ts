import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { EntityPolicy } from '../../src/connectors/core/types';
import { EntityCache, type EntityCacheOptions } from '../../src/cache/entity-cache';
import { Keyring } from '../../src/cache/crypto';
import { CacheKeys } from '../../src/cache/keys';
import { MemoryStore } from '../../src/cache/memory-store';
import type { CacheObserver } from '../../src/cache/observer';
import { createRedisStore, type RedisStore } from '../../src/cache/redis-store';
import {
  adminClient,
  dumpKeyspace,
  redisUrl,
  silentLogger,
  TEST_DB,
  uniqueConnector,
  waitFor,
} from '../support/redis';

/** A NIK of Kota Langsa (region 11.73.05), born 08-06-1997. */
const NIK = '1173050806970001';
const SECRET = 'test-hmac-secret-0123456789abcdef';
const keySpec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

const entity = (over: Partial<EntityPolicy> = {}): EntityPolicy => ({
  name: 'citizen',
  sensitivity: 'personal',
  version: 1,
  maxBatchSize: 10,
  ttlSeconds: 60,
  ...over,
});

interface Citizen {
  nik: string;
  nama: string;
}
const citizen: Citizen = { nik: NIK, nama: 'TEUKU UMAR' };

function recordingObserver() {
  const events: string[] = [];
  const observer: CacheObserver = {
    error: (source, op, reason) => void events.push(`error:${op}:${reason}`),
    latency: (op) => void events.push(`latency:${op}`),
    storeDown: () => undefined,
    storeUp: () => undefined,
  };
  return { events, observer };
}

describe('EntityCache over Redis', () => {
  const url = redisUrl(TEST_DB.entityCache);
  let store: RedisStore;
  let admin: Redis;
  let connector: string;
  let clock: number;
  const keys = new CacheKeys(SECRET);

  const cache = (over: Partial<EntityCacheOptions> = {}) =>
    new EntityCache({ store, keys, now: () => clock, ...over });

  beforeAll(async () => {
    store = createRedisStore({ url, logger: silentLogger() });
    admin = adminClient(url);
    await waitFor('redis ready', () => store.health().ready, 5_000);
  });
  afterAll(async () => {
    await store.close();
    admin.disconnect();
  });
  beforeEach(() => {
    connector = uniqueConnector('dukcapil');
    clock = Date.UTC(2025, 0, 6, 8, 0, 0);
  });

  describe('freshness windows', () => {
    const policyFor = (c: string) => ({
      connectors: { [c]: { staleWhileRevalidate: 30, staleIfError: 300 } },
    });

    it.each([
      [0, 'fresh'],
      [59_999, 'fresh'],
      [60_000, 'revalidate'],
      [89_999, 'revalidate'],
      [90_000, 'stale'],
      [389_999, 'stale'],
    ])('after %i ms an entry is %s', async (ageMs, state) => {
      const c = cache({ policy: policyFor(connector) });
      await c.setMany(connector, entity(), new Map([[NIK, citizen]]));
      const storedAt = clock;
      clock += ageMs;
      const got = await c.getMany<Citizen>(connector, entity(), [NIK]);
      expect(got.get(NIK)).toEqual({ value: citizen, storedAt, ageMs, state });
    });

    it('is a miss past every window', async () => {
      const c = cache({ policy: policyFor(connector) });
      await c.setMany(connector, entity(), new Map([[NIK, citizen]]));
      clock += 390_000;
      expect((await c.getMany(connector, entity(), [NIK])).size).toBe(0);
    });

    it('keeps the entry in Redis for fresh + staleWhileRevalidate + staleIfError', async () => {
      const c = cache({ policy: policyFor(connector) });
      await c.setMany(connector, entity(), new Map([[NIK, citizen]]));
      const pttl = await admin.pttl(keys.record(connector, entity(), NIK));
      expect(pttl).toBeGreaterThan(389_000);
      expect(pttl).toBeLessThanOrEqual(390_000);
    });

    it('takes the most specific window from the policy', async () => {
      const c = cache({
        policy: {
          defaults: { fresh: 5, staleIfError: 100 },
          connectors: {
            [connector]: { staleWhileRevalidate: 7, entities: { citizen: { fresh: 11 } } },
          },
        },
      });
      expect(c.windows(connector, entity())).toEqual({
        fresh: 11,
        staleWhileRevalidate: 7,
        staleIfError: 100,
        negative: 60,
      });
      expect(c.windows(connector, entity({ name: 'family', ttlSeconds: 42 }))).toMatchObject({
        fresh: 42,
      });
      expect(c.windows('other', entity())).toEqual({
        fresh: 60,
        staleWhileRevalidate: 30,
        staleIfError: 100,
        negative: 60,
      });
    });

    it('rejects an invalid policy at construction, naming the field', () => {
      expect(() =>
        cache({ policy: { connectors: { pdam: { entities: { bill: { fresh: -1 } } } } } }),
      ).toThrow(/connectors\.pdam\.entities\.bill\.fresh/);
    });

    it('does not store entries whose windows are all 0', async () => {
      const c = cache({
        policy: {
          connectors: { [connector]: { fresh: 0, staleWhileRevalidate: 0, staleIfError: 0 } },
        },
      });
      await c.setMany(connector, entity(), new Map([[NIK, citizen]]));
      expect(await admin.exists(keys.record(connector, entity(), NIK))).toBe(0);
    });
  });

  describe('negative caching', () => {
    it('serves a cached "not found" as a null value for the negative TTL only', async () => {
      const c = cache({ policy: { defaults: { negative: 20 } } });
      await c.setMany<Citizen>(connector, entity(), new Map([['1173054101990002', null]]));
      const pttl = await admin.pttl(keys.record(connector, entity(), '1173054101990002'));
      expect(pttl).toBeGreaterThan(19_000);
      expect(pttl).toBeLessThanOrEqual(20_000);
      clock += 19_999;
      expect(
        (await c.getMany(connector, entity(), ['1173054101990002'])).get('1173054101990002'),
      ).toMatchObject({
        value: null,
        state: 'fresh',
      });
      clock += 1;
      // No stale window for "does not exist".
      expect((await c.getMany(connector, entity(), ['1173054101990002'])).size).toBe(0);
    });
  });

  it('reads a batch in one store call, de-duplicates ids, and reports hits and misses', async () => {
    const { events, observer } = recordingObserver();
    const observedStore = createRedisStore({ url, logger: silentLogger(), observer });
    await waitFor('ready', () => observedStore.health().ready, 5_000);
    try {
      const c = new EntityCache({ store: observedStore, keys, observer, now: () => clock });
      await c.setMany(
        connector,
        entity(),
        new Map([
          ['a', citizen],
          ['b', null],
        ]),
      );
      events.length = 0;
      const got = await c.getMany(connector, entity(), ['a', 'b', 'c', 'a', 'd']);
      expect([...got.keys()]).toEqual(['a', 'b']);
      expect(events.filter((e) => e.startsWith('latency'))).toEqual(['latency:mget']);
      expect(events.filter((e) => !e.startsWith('latency'))).toEqual([]);
    } finally {
      await observedStore.close();
    }
  });

  describe('personal data at rest (UU PDP)', () => {
    it('writes neither the NIK nor the record in clear: keys are HMACs, values encrypted', async () => {
      // A database of its own, emptied first, so the scan sees exactly what this test wrote.
      const scanUrl = redisUrl(TEST_DB.keyspaceScan);
      const scanAdmin = adminClient(scanUrl);
      const scanStore = createRedisStore({ url: scanUrl, logger: silentLogger() });
      await scanAdmin.flushdb();
      await waitFor('redis ready', () => scanStore.health().ready, 5_000);
      const c = new EntityCache({ store: scanStore, keys, keyring: Keyring.parse(keySpec('k1')) });
      const family = new Map<string, Citizen>([
        [NIK, citizen],
        ['1173054507990003', { nik: '1173054507990003', nama: 'CUT NYAK DHIEN' }],
      ]);
      await c.setMany(connector, entity(), family);
      await c.setMany(
        connector,
        entity({ name: 'participantByNik', sensitivity: 'specific' }),
        family,
      );
      const all = await dumpKeyspace(scanAdmin);
      const ours = [...all].filter(([k]) => k.startsWith(`mpp:${connector}:`));
      expect(ours).toHaveLength(4);
      expect(all.size).toBe(4);
      for (const [key, value] of all) {
        for (const secret of [NIK, '1173054507990003', 'TEUKU UMAR', 'CUT NYAK DHIEN']) {
          expect(key).not.toContain(secret);
          expect(value).not.toContain(secret);
          expect(
            Buffer.from(value.split('.').pop() ?? '', 'base64url').toString('latin1'),
          ).not.toContain(secret);
        }
      }
      for (const [key, value] of ours) {
        expect(key).toMatch(
          new RegExp(`^mpp:${connector}:(citizen|participantByNik):v1:[A-Za-z0-9_-]{32}$`),
        );
        expect(value).toMatch(/^e1:k1\./);
      }
      expect((await c.getMany<Citizen>(connector, entity(), [NIK])).get(NIK)?.value).toEqual(
        citizen,
      );
      await scanStore.close();
      scanAdmin.disconnect();
    });

    it('stores public data in clear even with a key', async () => {
      const c = cache({ keyring: Keyring.parse(keySpec('k1')) });
      await c.setMany(
        connector,
        entity({ name: 'region', sensitivity: 'public' }),
        new Map([['117305', { name: 'Langsa Lama' }]]),
      );
      const raw = await admin.get(keys.record(connector, entity({ name: 'region' }), '117305'));
      expect(raw).toMatch(/^p1:/);
      expect(raw).toContain('Langsa Lama');
    });

    it('stores personal data in clear when no key is configured, and refuses such entries once one is', async () => {
      await cache().setMany(connector, entity(), new Map([[NIK, citizen]]));
      expect(await admin.get(keys.record(connector, entity(), NIK))).toMatch(/^p1:/);
      expect((await cache().getMany(connector, entity(), [NIK])).size).toBe(1);
      const { events, observer } = recordingObserver();
      const encrypted = cache({ keyring: Keyring.parse(keySpec('k1')), observer });
      expect((await encrypted.getMany(connector, entity(), [NIK])).size).toBe(0);
      expect(events).toContain('error:decode:plain-not-allowed');
    });

    it('does not cache specific data (health, financial) without encryption', async () => {
      const specific = entity({ name: 'participantByNik', sensitivity: 'specific' });
      const plain = cache();
      expect(plain.isCacheable(specific)).toBe(false);
      await plain.setMany(connector, specific, new Map([[NIK, citizen]]));
      expect(await admin.exists(keys.record(connector, specific, NIK))).toBe(0);
      // Even an entry another (encrypting) instance wrote is not served without a key.
      const encrypting = cache({ keyring: Keyring.parse(keySpec('k1')) });
      await encrypting.setMany(connector, specific, new Map([[NIK, citizen]]));
      expect((await encrypting.getMany(connector, specific, [NIK])).size).toBe(1);
      expect((await plain.getMany(connector, specific, [NIK])).size).toBe(0);
    });

    it('reads a value written under a wrong or rotated-away key as a miss, never garbage', async () => {
      await cache({ keyring: Keyring.parse(keySpec('k1')) }).setMany(
        connector,
        entity(),
        new Map([[NIK, citizen]]),
      );
      const wrong = recordingObserver();
      const sameIdOtherBytes = cache({
        keyring: Keyring.parse(keySpec('k1')),
        observer: wrong.observer,
      });
      expect((await sameIdOtherBytes.getMany(connector, entity(), [NIK])).size).toBe(0);
      expect(wrong.events).toEqual(['error:decode:auth-failed']);
      const gone = recordingObserver();
      const rotatedAway = cache({ keyring: Keyring.parse(keySpec('k2')), observer: gone.observer });
      expect((await rotatedAway.getMany(connector, entity(), [NIK])).size).toBe(0);
      expect(gone.events).toEqual(['error:decode:unknown-key']);
    });

    it('rotates keys: entries of the old key still decrypt while it stays in the ring, new ones use the new key', async () => {
      const old = keySpec('k0');
      await cache({ keyring: Keyring.parse(old) }).setMany(
        connector,
        entity(),
        new Map([[NIK, citizen]]),
      );
      const rotated = cache({ keyring: Keyring.parse(`${keySpec('k1')},${old}`) });
      expect((await rotated.getMany<Citizen>(connector, entity(), [NIK])).get(NIK)?.value).toEqual(
        citizen,
      );
      await rotated.setMany(connector, entity(), new Map([['1173054507990003', citizen]]));
      expect(await admin.get(keys.record(connector, entity(), '1173054507990003'))).toMatch(
        /^e1:k1\./,
      );
    });

    it('refuses an encrypted value copied under another record key', async () => {
      const c = cache({ keyring: Keyring.parse(keySpec('k1')) });
      await c.setMany(connector, entity(), new Map([[NIK, citizen]]));
      const raw = await admin.get(keys.record(connector, entity(), NIK));
      await admin.set(
        keys.record(connector, entity(), '1173054507990003'),
        raw as string,
        'EX',
        60,
      );
      expect((await c.getMany(connector, entity(), ['1173054507990003'])).size).toBe(0);
    });
  });

  it('never reads the entries of another entity version', async () => {
    const c = cache();
    await c.setMany(connector, entity({ version: 1 }), new Map([[NIK, citizen]]));
    expect((await c.getMany(connector, entity({ version: 2 }), [NIK])).size).toBe(0);
    expect((await c.getMany(connector, entity({ version: 1 }), [NIK])).size).toBe(1);
  });

  it.each([
    ['a foreign format', 'hello'],
    ['a future codec version', 'p9:{"t":1,"v":1}'],
    ['broken JSON', 'p1:{"t":1,'],
    ['a missing timestamp', 'p1:{"v":{"nik":"x"}}'],
    ['a missing value', 'p1:{"t":1}'],
    ['a truncated ciphertext', 'e1:k1.abc'],
  ])('reads %s as a miss', async (_what, raw) => {
    const { events, observer } = recordingObserver();
    const c = cache({ observer, keyring: Keyring.parse(keySpec('k1')) });
    await admin.set(keys.record(connector, entity({ sensitivity: 'public' }), 'x'), raw, 'EX', 60);
    expect((await c.getMany(connector, entity({ sensitivity: 'public' }), ['x'])).size).toBe(0);
    expect(events.some((e) => e.startsWith('error:decode:'))).toBe(true);
  });

  it('skips a value that is not JSON and still stores the others', async () => {
    const { events, observer } = recordingObserver();
    const c = cache({ observer });
    await c.setMany<unknown>(
      connector,
      entity(),
      new Map<string, unknown>([
        ['bad', { n: 1n }],
        ['good', citizen],
      ]),
    );
    expect(events).toContain('error:encode:unserializable');
    expect([...(await c.getMany(connector, entity(), ['bad', 'good'])).keys()]).toEqual(['good']);
  });

  it('purges one record, or a whole connector, leaving other connectors alone', async () => {
    const c = cache();
    const other = uniqueConnector('pdam');
    await c.setMany(
      connector,
      entity(),
      new Map([
        [NIK, citizen],
        ['b', citizen],
      ]),
    );
    await c.setMany(connector, entity({ name: 'family', version: 3 }), new Map([['kk', citizen]]));
    await c.setMany(other, entity(), new Map([[NIK, citizen]]));
    expect(await c.purgeRecord(connector, { name: 'citizen', version: 1 }, NIK)).toBe(1);
    expect([...(await c.getMany(connector, entity(), [NIK, 'b'])).keys()]).toEqual(['b']);
    expect(await c.purgeConnector(connector)).toBe(2);
    expect((await c.getMany(connector, entity(), ['b'])).size).toBe(0);
    expect((await c.getMany(other, entity(), [NIK])).size).toBe(1);
  });

  it('never rejects: an invalid connector name or a closed store is a miss', async () => {
    const { events, observer } = recordingObserver();
    const closed = new MemoryStore();
    await closed.close();
    const c = new EntityCache({ store: closed, keys, observer });
    expect((await c.getMany(connector, entity(), [NIK])).size).toBe(0);
    await expect(
      c.setMany(connector, entity(), new Map([[NIK, citizen]])),
    ).resolves.toBeUndefined();
    const bad = cache({ observer });
    expect((await bad.getMany('bad:name', entity(), [NIK])).size).toBe(0);
    await expect(
      bad.setMany('bad*name', entity(), new Map([[NIK, citizen]])),
    ).resolves.toBeUndefined();
    expect(await bad.purgeConnector('bad:name')).toBe(0);
    expect(events.filter((e) => e === 'error:encode:invalid-key')).toHaveLength(3);
  });

  it('survives an observer that throws', async () => {
    const throwing: CacheObserver = {
      error: () => {
        throw new Error('metrics bug');
      },
      latency: () => {
        throw new Error('metrics bug');
      },
      storeDown: () => undefined,
      storeUp: () => undefined,
    };
    const c = cache({ observer: throwing });
    await c.setMany(connector, entity(), new Map([[NIK, citizen]]));
    expect((await c.getMany(connector, entity(), [NIK, 'nope'])).size).toBe(1);
  });
});

describe('EntityCache over the memory store', () => {
  it('behaves the same for windows and negative entries', async () => {
    let clock = 1_000_000;
    const c = new EntityCache({
      store: new MemoryStore(),
      keys: new CacheKeys(SECRET),
      now: () => clock,
    });
    await c.setMany(
      'dukcapil',
      entity(),
      new Map<string, Citizen | null>([
        [NIK, citizen],
        ['none', null],
      ]),
    );
    clock += 61_000;
    const got = await c.getMany<Citizen>('dukcapil', entity(), [NIK, 'none']);
    expect(got.get(NIK)?.state).toBe('revalidate');
    expect(got.has('none')).toBe(false);
  });
});
