import type { ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import type { CacheObserver } from '../../src/cache/observer';
import { createRedisStore, type RedisStore } from '../../src/cache/redis-store';
import { captureLogger, freePort, killRedis, sleep, startRedis, waitFor } from '../support/redis';

/** Bound on one call while Redis is dead or frozen: the operation timeout plus scheduling slack. */
const OPERATION_TIMEOUT_MS = 150;
const BOUND_MS = OPERATION_TIMEOUT_MS + 250;

function recordingObserver() {
  const events: string[] = [];
  const observer: CacheObserver = {
    error: (source, op, reason) => void events.push(`error:${source}:${op}:${reason}`),
    latency: () => undefined,
    storeDown: () => void events.push('down'),
    storeUp: () => void events.push('up'),
  };
  return { events, observer };
}

/** Resolves with the call's result and how long it took. */
async function timed<T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await call();
  return { result, ms: performance.now() - started };
}

describe('RedisStore when its own Redis dies and comes back', () => {
  let port: number;
  let server: ChildProcess;
  let store: RedisStore;
  const { logger, lines } = captureLogger();
  const { events, observer } = recordingObserver();
  const key = 'mpp:outage:e:v1:a';

  beforeAll(async () => {
    port = await freePort();
    server = await startRedis(port);
    store = createRedisStore({
      url: `redis://127.0.0.1:${port}`,
      logger,
      observer,
      commandTimeoutMs: 100,
      operationTimeoutMs: OPERATION_TIMEOUT_MS,
      connectTimeoutMs: 500,
      retryMaxDelayMs: 200,
    });
    await waitFor('redis ready', () => store.health().ready, 5_000);
  });
  afterAll(async () => {
    await store.close();
    await killRedis(server);
  });

  it('works before the outage', async () => {
    await store.mset([{ key, value: 'before', ttlSeconds: 60 }]);
    expect(await store.mget([key])).toEqual(['before']);
  });

  it('keeps resolving every call quickly as a miss / no-op while Redis is dead', async () => {
    await killRedis(server);
    let calls = 0;
    // A fixed number of rounds (not a time budget): the count must not depend on machine load.
    for (let round = 0; round < 6; round++) {
      const read = await timed(() => store.mget([key, `${key}2`]));
      expect(read.result).toEqual([null, null]);
      expect(read.ms).toBeLessThan(BOUND_MS);
      const write = await timed(() => store.mset([{ key, value: 'during', ttlSeconds: 60 }]));
      expect(write.ms).toBeLessThan(BOUND_MS);
      const del = await timed(() => store.del([key]));
      expect(del.result).toBe(0);
      expect(del.ms).toBeLessThan(BOUND_MS);
      const purge = await timed(() => store.deletePrefix('mpp:outage:'));
      expect(purge.result).toBe(0);
      expect(purge.ms).toBeLessThan(BOUND_MS);
      calls += 4;
      await sleep(25);
    }
    expect(calls).toBe(24);
    expect(store.health()).toEqual({ ready: false, reason: expect.stringMatching(/^down: /) });
  });

  it('recovers by itself when Redis restarts on the same port', async () => {
    server = await startRedis(port);
    await waitFor('the same store to reconnect', () => store.health().ready, 5_000);
    await store.mset([{ key, value: 'after', ttlSeconds: 60 }]);
    expect(await store.mget([key])).toEqual(['after']);
  });

  it('logged the outage once and the recovery once', () => {
    const messages = lines.map((line) => String(line.msg));
    expect(messages.filter((m) => m.includes('unavailable'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('available again'))).toHaveLength(1);
    const down = lines.find((line) => String(line.msg).includes('unavailable'));
    expect(down).toMatchObject({ level: 40, component: 'cache', store: 'redis' });
    // Never the URL (it may carry a password).
    expect(JSON.stringify(lines)).not.toContain(`127.0.0.1:${port}`);
    expect(events.filter((e) => e === 'down' || e === 'up')).toEqual(['down', 'up']);
    expect(events).toContain('error:store:mget:unavailable');
  });
});

describe('RedisStore when Redis is frozen (connected, not answering)', () => {
  let port: number;
  let server: ChildProcess;
  let store: RedisStore;
  let admin: Redis;
  const { events, observer } = recordingObserver();

  beforeAll(async () => {
    port = await freePort();
    server = await startRedis(port);
    store = createRedisStore({
      url: `redis://127.0.0.1:${port}`,
      logger: captureLogger().logger,
      observer,
      operationTimeoutMs: OPERATION_TIMEOUT_MS,
    });
    admin = new Redis(port, '127.0.0.1');
    await waitFor('redis ready', () => store.health().ready, 5_000);
  });
  afterAll(async () => {
    admin.disconnect();
    await store.close();
    await killRedis(server);
  });

  it('times out each call as a miss, then answers again once Redis resumes', async () => {
    await store.mset([{ key: 'mpp:frozen:e:v1:a', value: 'A', ttlSeconds: 60 }]);
    await admin.call('CLIENT', 'PAUSE', '700', 'ALL');
    const read = await timed(() => store.mget(['mpp:frozen:e:v1:a']));
    expect(read.result).toEqual([null]);
    expect(read.ms).toBeLessThan(BOUND_MS);
    const write = await timed(() =>
      store.mset([{ key: 'mpp:frozen:e:v1:b', value: 'B', ttlSeconds: 60 }]),
    );
    expect(write.ms).toBeLessThan(BOUND_MS);
    expect(events).toContain('error:store:mget:timeout');
    await sleep(800);
    expect(await store.mget(['mpp:frozen:e:v1:a'])).toEqual(['A']);
    expect(store.health()).toEqual({ ready: true });
  });
});

describe('RedisStore started while Redis is down', () => {
  it('answers misses at once, logs one outage, and connects when Redis appears', async () => {
    const port = await freePort();
    const { logger, lines } = captureLogger();
    const store = createRedisStore({
      url: `redis://127.0.0.1:${port}`,
      logger,
      retryMaxDelayMs: 100,
    });
    let server: ChildProcess | undefined;
    try {
      await waitFor('down state', () => /^down: /.test(store.health().reason ?? ''), 3_000);
      const read = await timed(() => store.mget(['mpp:late:e:v1:a']));
      expect(read.result).toEqual([null]);
      expect(read.ms).toBeLessThan(BOUND_MS);
      await sleep(500); // several failed reconnects: still a single log line
      server = await startRedis(port);
      await waitFor('ready', () => store.health().ready, 5_000);
      const messages = lines.map((l) => String(l.msg));
      expect(messages.filter((m) => m.includes('unavailable'))).toHaveLength(1);
      expect(messages.filter((m) => m.includes('available again'))).toHaveLength(1);
    } finally {
      await store.close();
      if (server) await killRedis(server);
    }
  });
});
