import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { createRedisClient } from '../../src/cache/redis-client';
import { RedisGuard } from '../../src/cache/redis-guard';
import { createRedisStore, type RedisStore } from '../../src/cache/redis-store';
import { MemoryRateLimiter, RedisRateLimiter } from '../../src/security/rate-limit';
import { freePort, killRedis, silentLogger, startRedis, waitFor } from '../support/redis';

/**
 * The breaker on Redis itself (src/cache/redis-guard.ts), shared by the cache store and the
 * rate limiter as in the gateway: a hung Redis (SIGSTOP) opens it, after which neither sends a
 * single command (counted by the server itself, with MONITOR, once it runs again); the health
 * check closes it when Redis answers.
 */

describe('the Redis breaker shared by the cache and the rate limiter', () => {
  let port: number;
  let server: ChildProcess;
  let guard: RedisGuard;
  let store: RedisStore;
  let security: ReturnType<typeof createRedisClient>;
  let limiter: RedisRateLimiter;
  let monitor: Redis;
  const seen: string[][] = [];
  const logger = silentLogger();

  beforeAll(async () => {
    port = await freePort();
    server = await startRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    // MONITOR first, while nothing else talks to the server: ioredis takes a command's echo
    // that arrives in the same packet as MONITOR's OK for a stray reply and fails the start.
    const admin = new Redis(url);
    // The test kills and pauses this server: a closed connection is expected, not a failure.
    admin.on('error', () => undefined);
    monitor = await admin.monitor();
    // MONITOR runs on a connection of its own, which the kill closes too.
    monitor.on('error', () => undefined);
    monitor.on('monitor', (_time: string, args: string[]) => void seen.push(args));
    admin.disconnect();
    guard = new RedisGuard(logger, { healthIntervalMs: 200, healthTimeoutMs: 300 });
    store = createRedisStore({ url, logger, guard, commandTimeoutMs: 100 });
    security = createRedisClient({ url }, 'security', logger, { guard });
    limiter = new RedisRateLimiter(security, { fallback: new MemoryRateLimiter() });
    await waitFor('both clients ready', () => store.health().ready && security.status === 'ready');
  });
  afterAll(async () => {
    server.kill('SIGCONT');
    guard.close();
    await store.close();
    security.disconnect();
    monitor?.disconnect();
    await killRedis(server);
  });

  const commandsOn = (marker: string) =>
    seen.filter((args) => args.some((a) => a.includes(marker)));

  it('passes commands while Redis answers', async () => {
    await store.mset([{ key: 'pre:a', value: 'v', ttlSeconds: 60 }]);
    expect(await store.mget(['pre:a'])).toEqual(['v']);
    expect((await limiter.take('pre:client', { capacity: 5, refillPerSecond: 1 })).source).toBe(
      'redis',
    );
    expect(guard.isOpen).toBe(false);
  });

  it('opens on a hung Redis and then sends nothing: cache misses, rate limits local', async () => {
    server.kill('SIGSTOP');
    // Traffic during the hang: commands time out until the breaker (or the health check) opens.
    await waitFor(
      'the breaker to open',
      async () => {
        await store.mget(['hang:probe']);
        return guard.isOpen;
      },
      5_000,
    );
    expect(store.health()).toMatchObject({ ready: false });

    for (let i = 0; i < 50; i++) {
      expect(await store.mget([`post:k${i}`])).toEqual([null]);
      await store.mset([{ key: `post:w${i}`, value: 'x', ttlSeconds: 60 }]);
      const decision = await limiter.take(`post:client${i}`, { capacity: 5, refillPerSecond: 1 });
      expect(decision).toMatchObject({ allowed: true, source: 'memory' });
    }
  });

  it('closes once Redis answers again, and the server never saw a command sent while open', async () => {
    server.kill('SIGCONT');
    await waitFor('the breaker to close', () => !guard.isOpen, 5_000);
    await waitFor('the cache to answer again', async () => {
      await store.mset([{ key: 'after:a', value: 'v2', ttlSeconds: 60 }]);
      return (await store.mget(['after:a']))[0] === 'v2';
    });
    // The server has now processed everything written to it, in order: the commands sent
    // before the breaker opened, the health check's PINGs, and nothing of the 150 calls above.
    await waitFor('MONITOR to show the later writes', () => commandsOn('after:a').length >= 2);
    expect(commandsOn('pre:').length).toBeGreaterThan(0);
    expect(commandsOn('hang:probe').length).toBeGreaterThan(0);
    expect(commandsOn('post:')).toEqual([]);
    expect(seen.some((args) => args[0]?.toLowerCase() === 'ping')).toBe(true);
  });

  it('reports a dead Redis without waiting: the commands are refused at once', async () => {
    await killRedis(server);
    await waitFor('the store to see the outage', () => !store.health().ready, 5_000);
    expect(await store.mget(['dead:a'])).toEqual([null]);
    const decision = await limiter.take('dead:client', { capacity: 5, refillPerSecond: 1 });
    expect(decision.source).toBe('memory');
    server = await startRedis(port);
    await waitFor('reconnected', () => store.health().ready && !guard.isOpen, 10_000);
  });
});

describe('the Redis breaker on a Cluster that says CLUSTERDOWN', () => {
  let server: ChildProcess;
  let admin: Redis;
  let guard: RedisGuard;
  let store: RedisStore;
  const logger = silentLogger();

  beforeAll(async () => {
    const port = await freePort();
    // A one-node cluster owning every slot: losing slots makes it report cluster_state:fail.
    const dir = mkdtempSync(path.join(tmpdir(), 'mpp-cluster-'));
    server = await startRedis(port, [
      '--cluster-enabled',
      'yes',
      '--cluster-announce-ip',
      '127.0.0.1',
      '--dir',
      dir,
    ]);
    admin = new Redis(port, '127.0.0.1');
    admin.on('error', () => undefined);
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    await waitFor('cluster_state:ok', async () =>
      String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok'),
    );
    guard = new RedisGuard(logger, { healthIntervalMs: 200, healthTimeoutMs: 300 });
    store = createRedisStore({ clusterNodes: [{ host: '127.0.0.1', port }], logger, guard });
    await waitFor('cluster client ready', () => store.health().ready, 10_000);
  });
  afterAll(async () => {
    guard.close();
    await store.close();
    admin.disconnect();
    await killRedis(server);
  });

  it('opens within a few health checks of CLUSTERDOWN and closes when the cluster is ok', async () => {
    await store.mset([{ key: 'c:a', value: 'v', ttlSeconds: 60 }]);
    expect(await store.mget(['c:a'])).toEqual(['v']);
    await admin.call('CLUSTER', 'DELSLOTSRANGE', '0', '100');
    await waitFor('the breaker to open', () => guard.isOpen, 5_000);
    expect(guard.health().reason).toMatch(/cluster_state:fail/);
    expect(store.health()).toMatchObject({ ready: false });
    expect(await store.mget(['c:a'])).toEqual([null]);
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '100');
    await waitFor('the breaker to close', () => !guard.isOpen, 10_000);
    expect(await store.mget(['c:a'])).toEqual(['v']);
  });
});
