import type { ChildProcess } from 'node:child_process';
import { createRedisClient, type RedisClient } from '../../src/cache/redis-client';
import { MemoryRateLimiter, RedisRateLimiter } from '../../src/security/rate-limit';
import { freePort, killRedis, silentLogger, startRedis, waitFor } from '../support/redis';

/**
 * Bounded fail-open: during a Redis outage each of N instances limits a client to 1/N of its
 * budget (GATEWAY_INSTANCES), so all of them together admit about one budget, not N.
 * Three limiters stand for three instances, each with its own Redis client and local buckets.
 */

const POLICY = { capacity: 30, refillPerSecond: 3 };
const INSTANCES = 3;

describe('rate limits while Redis is down, across three instances', () => {
  let server: ChildProcess;
  const clients: RedisClient[] = [];
  let clock = 1_000_000;
  const now = () => clock;

  beforeAll(async () => {
    const port = await freePort();
    server = await startRedis(port);
    for (let i = 0; i < INSTANCES; i++)
      clients.push(
        createRedisClient({ url: `redis://127.0.0.1:${port}` }, 'security', silentLogger()),
      );
    await waitFor('clients ready', () => clients.every((c) => c.status === 'ready'));
    await killRedis(server);
    await waitFor('clients see the outage', () => clients.every((c) => c.status !== 'ready'));
  });
  afterAll(() => clients.forEach((c) => c.disconnect()));

  function instances(share: number) {
    return clients.map(
      (client) =>
        new RedisRateLimiter(client, {
          instances: share,
          now,
          fallback: new MemoryRateLimiter({ now }),
        }),
    );
  }

  async function admitted(limiters: RedisRateLimiter[], requests: number, key: string) {
    let count = 0;
    for (let i = 0; i < requests; i++) {
      // Round robin, as a balancer spreads one client's requests.
      const decision = await limiters[i % limiters.length]!.take(key, POLICY);
      expect(decision.source).toBe('memory');
      if (decision.allowed) count++;
    }
    return count;
  }

  it('admits at most one burst in total at once with GATEWAY_INSTANCES=3', async () => {
    expect(await admitted(instances(INSTANCES), 120, 'client-a')).toBe(POLICY.capacity);
  });

  it('refills at the shared rate: 10 s later, one budget of refill in total', async () => {
    const limiters = instances(INSTANCES);
    expect(await admitted(limiters, 60, 'client-b')).toBe(POLICY.capacity);
    clock += 10_000;
    expect(await admitted(limiters, 120, 'client-b')).toBe(POLICY.refillPerSecond * 10);
  });

  it('would admit N bursts without the setting (what the setting prevents)', async () => {
    expect(await admitted(instances(1), 120, 'client-c')).toBe(POLICY.capacity * INSTANCES);
  });
});
