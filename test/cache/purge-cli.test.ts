import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { EntityPolicy } from '../../src/connectors/core/types';
import { createCacheStore, type CacheStore } from '../../src/cache';
import { EntityCache } from '../../src/cache/entity-cache';
import { CacheKeys } from '../../src/cache/keys';
import { main } from '../../src/cache/purge-cli';
import {
  freePort,
  redisUrl,
  silentLogger,
  TEST_DB,
  uniqueConnector,
  waitFor,
} from '../support/redis';

const SECRET = 'purge-cli-secret-0123456789';
const NIK = '1173050806970001';
const citizen: EntityPolicy = {
  name: 'citizen',
  sensitivity: 'public',
  version: 1,
  maxBatchSize: 1,
  ttlSeconds: 60,
};

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) },
  };
}

describe('purge-cli', () => {
  const url = redisUrl(TEST_DB.purgeCli);
  const env = { REDIS_URL: url, CACHE_HMAC_SECRET: SECRET };
  let store: CacheStore;
  let cache: EntityCache;
  let connector: string;

  beforeAll(async () => {
    store = createCacheStore({ redisUrl: url, logger: silentLogger() });
    cache = new EntityCache({ store, keys: new CacheKeys(SECRET) });
    await waitFor('redis ready', () => store.health().ready, 5_000);
  });
  afterAll(() => store.close());
  beforeEach(async () => {
    connector = uniqueConnector('dukcapil');
    await cache.setMany(
      connector,
      citizen,
      new Map([
        [NIK, { n: 1 }],
        ['other', { n: 2 }],
      ]),
    );
    await cache.setMany(connector, { ...citizen, name: 'family' }, new Map([['kk', { n: 3 }]]));
  });

  it('purges one record of one entity version', async () => {
    const { out, io: sink } = io();
    expect(await main([connector, 'citizen', '1', NIK], env, sink)).toBe(0);
    expect(out).toEqual([`purged 1 record(s) of ${connector}/citizen v1`]);
    expect([...(await cache.getMany(connector, citizen, [NIK, 'other'])).keys()]).toEqual([
      'other',
    ]);
  });

  it('purges a whole connector', async () => {
    const { out, io: sink } = io();
    expect(await main([connector], env, sink)).toBe(0);
    expect(out).toEqual([`purged 3 key(s) of ${connector}`]);
    expect((await cache.getMany(connector, citizen, [NIK, 'other'])).size).toBe(0);
  });

  it.each([
    [[], /usage/],
    [['dukcapil', 'citizen'], /usage/],
    [['dukcapil', 'citizen', '1', NIK, 'extra'], /usage/],
    [['duk:capil'], /connector name/],
    [['dukcapil', 'citizen', 'one', NIK], /version/],
  ])('refuses the arguments %j with exit code 2', async (argv, message) => {
    const { err, io: sink } = io();
    expect(await main(argv, env, sink)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('refuses to run without REDIS_URL or with a short secret', async () => {
    const sink = io();
    expect(await main(['dukcapil'], { CACHE_HMAC_SECRET: SECRET }, sink.io)).toBe(2);
    expect(sink.err.join()).toMatch(/REDIS_URL is not set/);
    const short = io();
    expect(await main(['dukcapil'], { REDIS_URL: url, CACHE_HMAC_SECRET: 'x' }, short.io)).toBe(2);
    expect(short.err.join()).toMatch(/CACHE_HMAC_SECRET/);
  });

  it('exits 1 when Redis cannot be reached', async () => {
    const { err, io: sink } = io();
    const port = await freePort();
    expect(
      await main(
        ['dukcapil'],
        { REDIS_URL: `redis://127.0.0.1:${port}`, CACHE_HMAC_SECRET: SECRET },
        sink,
        300,
      ),
    ).toBe(1);
    expect(err.join()).toMatch(/Redis not reachable/);
  });

  it('runs as a script with npx tsx', async () => {
    const root = path.resolve(__dirname, '../..');
    const result = spawnSync('npx', ['tsx', 'src/cache/purge-cli.ts', connector], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(`purged 3 key(s) of ${connector}`);
    expect(result.status).toBe(0);
  });
});

describe('createCacheStore', () => {
  it('uses the memory store without a Redis URL', async () => {
    const store = createCacheStore({ logger: silentLogger(), memory: { maxEntries: 10 } });
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('uses Redis with a URL', async () => {
    const store = createCacheStore({
      redisUrl: redisUrl(TEST_DB.purgeCli),
      logger: silentLogger(),
    });
    expect(store.kind).toBe('redis');
    await waitFor('redis ready', () => store.health().ready, 5_000);
    await store.close();
  });
});
