import net from 'node:net';
import Redis from 'ioredis';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from '../../src/security';

const policy = { capacity: 3, refillPerSecond: 1 };
const takeN = async (limiter: RateLimiter, key: string, n: number) => {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push((await limiter.take(key, policy)).allowed);
  return out;
};

describe('MemoryRateLimiter (token bucket)', () => {
  it('allows the burst, refuses with Retry-After, refills with time, keeps clients apart', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter({ now: () => now });
    expect(await takeN(limiter, 'a', 4)).toEqual([true, true, true, false]);
    expect((await limiter.take('a', policy)).retryAfterSeconds).toBe(1);
    expect((await limiter.take('b', policy)).allowed).toBe(true);
    now += 1_000;
    expect(await takeN(limiter, 'a', 2)).toEqual([true, false]);
    now += 60_000;
    expect(await takeN(limiter, 'a', 4)).toEqual([true, true, true, false]);
  });

  it('stays bounded: the least recently used bucket is dropped', async () => {
    const limiter = new MemoryRateLimiter({ maxKeys: 2 });
    await takeN(limiter, 'a', 3);
    await limiter.take('b', policy);
    await limiter.take('c', policy); // drops "a", which starts full again
    expect((await limiter.take('a', policy)).remaining).toBe(2);
  });
});

describe('RedisRateLimiter', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(process.env.REDIS_TEST_URL!, { lazyConnect: true });
    await redis.connect();
  });
  afterAll(() => redis.disconnect());

  it('shares one bucket between instances (atomic Lua script)', async () => {
    const key = `client-${Math.random()}`;
    // A generous timeout: this test is about sharing, not about failing open.
    const a = new RedisRateLimiter(redis, { timeoutMs: 5_000 });
    const b = new RedisRateLimiter(redis, { timeoutMs: 5_000 });
    // A slow refill, so a loaded machine cannot refill a token between the six calls.
    const slow = { capacity: 3, refillPerSecond: 0.01 };
    const results = await Promise.all([a, b, a, b, a, b].map((l) => l.take(key, slow)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    expect(results.every((r) => r.source === 'redis')).toBe(true);
    const refused = results.find((r) => !r.allowed)!;
    expect(refused.retryAfterSeconds).toBeGreaterThan(90);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(100);
    expect(await redis.pttl(`ratelimit:${key}`)).toBeGreaterThan(0);
  });

  it('fails open quickly on a Redis that hangs: decides locally, then leaves Redis alone', async () => {
    // A server that accepts connections and never answers.
    const sockets: net.Socket[] = [];
    const hang = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const port = (hang.address() as net.AddressInfo).port;
    const dead = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, lazyConnect: true });
    dead.on('error', () => undefined);
    // lazyConnect: the first command connects, and waits for a ready check that never comes.
    const errors: unknown[] = [];
    let now = 0;
    const limiter = new RedisRateLimiter(dead, {
      timeoutMs: 50,
      cooldownMs: 1000,
      onError: (e) => errors.push(e),
      now: () => now,
    });
    try {
      const started = performance.now();
      const first = await limiter.take('k', policy);
      // Generous bound: fail-fast means well under a second, not a multi-second client timeout.
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(first).toMatchObject({ allowed: true, source: 'memory' });
      // During the cooldown Redis is not even tried; the local bucket still limits.
      expect(await takeN(limiter, 'k', 3)).toEqual([true, true, false]);
      expect(errors).toHaveLength(1);
      now += 1_001;
      await limiter.take('k', policy);
      expect(errors).toHaveLength(2);
    } finally {
      dead.disconnect();
      for (const s of sockets) s.destroy();
      hang.close();
    }
  });

  it('fails open at once when Redis is down (connection refused)', async () => {
    const down = new Redis({
      port: 1,
      host: '127.0.0.1',
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    down.on('error', () => undefined);
    const limiter = new RedisRateLimiter(down);
    const r = await limiter.take('k', policy);
    expect(r).toMatchObject({ allowed: true, source: 'memory' });
    down.disconnect();
  });
});
