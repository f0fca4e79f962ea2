import type Redis from 'ioredis';
import { createRedisStore, reconnectDelay, type RedisStore } from '../../src/cache/redis-store';
import type { CacheObserver } from '../../src/cache/observer';
import {
  adminClient,
  redisUrl,
  silentLogger,
  sleep,
  TEST_DB,
  uniqueConnector,
  waitFor,
} from '../support/redis';

/** Commands seen by MONITOR that touch keys under `prefix` (or SCAN for it). */
async function recordCommands(admin: Redis) {
  const seen: string[][] = [];
  const monitor = await admin.monitor();
  monitor.on('monitor', (_time: string, args: string[]) => seen.push(args));
  return {
    seen,
    /** MONITOR lines arrive asynchronously: wait for the expected command to show up. */
    async until(predicate: (args: string[]) => boolean) {
      await waitFor('the command in MONITOR', () => seen.some(predicate), 2_000);
      await sleep(50);
    },
    stop: () => monitor.disconnect(),
  };
}

describe('RedisStore on a standalone server', () => {
  const url = redisUrl(TEST_DB.redisStore);
  let store: RedisStore;
  let admin: Redis;
  let prefix: string;

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
    prefix = `mpp:${uniqueConnector('rs')}:e:v1:`;
  });

  it('reads a batch of 20 keys with one MGET', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `${prefix}${i}`);
    await store.mset(keys.map((key) => ({ key, value: key, ttlSeconds: 60 })));
    const monitor = await recordCommands(admin);
    try {
      expect(await store.mget(keys)).toEqual(keys);
      await monitor.until((args) => args[0]?.toLowerCase() === 'mget');
      const touching = monitor.seen.filter((args) => args.some((a) => a.startsWith(prefix)));
      expect(touching).toEqual([['mget', ...keys]]);
    } finally {
      monitor.stop();
    }
  });

  it('writes a batch as SET ... PX commands in one pipeline, without MULTI', async () => {
    const monitor = await recordCommands(admin);
    try {
      await store.mset([
        { key: `${prefix}a`, value: 'A', ttlSeconds: 60 },
        { key: `${prefix}b`, value: 'B', ttlSeconds: 1.5 },
      ]);
      await monitor.until((args) => args[1] === `${prefix}b`);
      const names = monitor.seen.map((args) => args[0]?.toLowerCase());
      expect(names).not.toContain('multi');
      expect(monitor.seen.filter((args) => args.some((a) => a.startsWith(prefix)))).toEqual([
        ['set', `${prefix}a`, 'A', 'PX', '60000'],
        ['set', `${prefix}b`, 'B', 'PX', '1500'],
      ]);
    } finally {
      monitor.stop();
    }
    const pttl = await admin.pttl(`${prefix}b`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1_500);
  });

  it('purges a prefix with SCAN and UNLINK, never KEYS', async () => {
    await store.mset(
      Array.from({ length: 30 }, (_, i) => ({ key: `${prefix}${i}`, value: 'x', ttlSeconds: 60 })),
    );
    const monitor = await recordCommands(admin);
    try {
      expect(await store.deletePrefix(prefix)).toBe(30);
      await monitor.until((args) => args[0]?.toLowerCase() === 'unlink');
      const names = new Set(monitor.seen.map((args) => args[0]?.toLowerCase()));
      expect(names.has('keys')).toBe(false);
      expect(names.has('scan')).toBe(true);
      expect(monitor.seen.find((args) => args[0]?.toLowerCase() === 'scan')).toEqual(
        expect.arrayContaining(['MATCH', `${prefix}*`]),
      );
    } finally {
      monitor.stop();
    }
  });

  it('reports latency per operation to the observer', async () => {
    const ops: string[] = [];
    const observer: CacheObserver = {
      error: () => undefined,
      latency: (op) => void ops.push(op),
      storeDown: () => undefined,
      storeUp: () => undefined,
    };
    const observed = createRedisStore({ url, logger: silentLogger(), observer });
    try {
      await waitFor('redis ready', () => observed.health().ready, 5_000);
      await observed.mset([{ key: `${prefix}a`, value: 'A', ttlSeconds: 5 }]);
      await observed.mget([`${prefix}a`]);
      await observed.del([`${prefix}a`]);
      expect(ops).toEqual(['mset', 'mget', 'del']);
    } finally {
      await observed.close();
    }
  });

  it('says "connecting" before the first connection, then ready', async () => {
    const fresh = createRedisStore({ url, logger: silentLogger() });
    try {
      expect(fresh.health()).toEqual({ ready: false, reason: 'connecting' });
      await waitFor('redis ready', () => fresh.health().ready, 5_000);
      expect(fresh.health()).toEqual({ ready: true });
    } finally {
      await fresh.close();
    }
    expect(fresh.health()).toEqual({ ready: false, reason: 'closed' });
  });
});

describe('createRedisStore options', () => {
  const logger = silentLogger();

  it('needs exactly one of url, sentinels or clusterNodes', () => {
    expect(() => createRedisStore({ logger })).toThrow(/exactly one/);
    expect(() =>
      createRedisStore({
        logger,
        url: 'redis://127.0.0.1:1',
        clusterNodes: [{ host: '127.0.0.1', port: 1 }],
      }),
    ).toThrow(/exactly one/);
  });

  it('rejects a URL of another scheme', () => {
    expect(() => createRedisStore({ logger, url: 'http://127.0.0.1:6379' })).toThrow(
      /redis:\/\/ or rediss:\/\//,
    );
  });

  it('needs the master name with sentinels', () => {
    expect(() =>
      createRedisStore({ logger, sentinels: [{ host: '127.0.0.1', port: 26379 }] }),
    ).toThrow(/name/);
  });
});

describe('reconnectDelay', () => {
  it('backs off exponentially up to the cap', () => {
    const delays = [1, 2, 3, 4, 10, 50, 5_000].map((n) => reconnectDelay(n, 50, 2_000));
    expect(delays[0]).toBeGreaterThanOrEqual(40);
    expect(delays[0]).toBeLessThanOrEqual(50);
    expect(delays[3]).toBeGreaterThanOrEqual(320);
    expect(delays[3]).toBeLessThanOrEqual(400);
    for (const d of delays.slice(4)) {
      expect(d).toBeGreaterThanOrEqual(1_600);
      expect(d).toBeLessThanOrEqual(2_000);
    }
  });
});
