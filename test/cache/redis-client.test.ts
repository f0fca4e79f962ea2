import type { Redis } from 'ioredis';
import {
  connectionMode,
  createRedisClient,
  DEFAULT_REDIS_CLIENT_TUNING,
  type RedisClient,
} from '../../src/cache/redis-client';
import { createRedisStore } from '../../src/cache/redis-store';
import { createSecurityRedis } from '../../src/server/security-wiring';
import {
  adminClient,
  captureLogger,
  freePort,
  redisUrl,
  silentLogger,
  waitFor,
} from '../support/redis';

// The factory's tests share database 0 with other folders but write no key.
const url = () => redisUrl(0);
const clients: RedisClient[] = [];
const track = <C extends RedisClient>(client: C): C => {
  clients.push(client);
  return client;
};
let admin: Redis;

beforeAll(() => {
  admin = adminClient(url());
});
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});
afterAll(async () => {
  await admin.quit();
});

async function ready(client: RedisClient): Promise<void> {
  await waitFor('the client to be ready', () => client.status === 'ready', 5_000);
}

describe('createRedisClient', () => {
  it('applies the one set of fail-fast settings, whatever the role', () => {
    for (const role of ['cache', 'security']) {
      const client = track(createRedisClient({ url: url() }, role, silentLogger(), {}) as Redis);
      expect(client.options).toMatchObject({
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: DEFAULT_REDIS_CLIENT_TUNING.commandTimeoutMs,
        connectTimeout: DEFAULT_REDIS_CLIENT_TUNING.connectTimeoutMs,
        connectionName: `mpp-gateway-${role}`,
      });
    }
    expect(DEFAULT_REDIS_CLIENT_TUNING.commandTimeoutMs).toBe(100);
  });

  it('names each connection by its role on the server (cache store and security layer alike)', async () => {
    const store = createRedisStore({ url: url(), logger: silentLogger() });
    const security = track(createSecurityRedis({ url: url() }, silentLogger())!);
    try {
      await ready(store.client);
      await ready(security);
      expect(await store.client.client('GETNAME')).toBe('mpp-gateway-cache');
      expect(await security.client('GETNAME')).toBe('mpp-gateway-security');
    } finally {
      await store.close();
    }
  });

  it('rejects a command at once while disconnected instead of queueing it', async () => {
    const port = await freePort();
    const client = track(
      createRedisClient({ url: `redis://127.0.0.1:${port}` }, 'cache', silentLogger()),
    );
    await expect(client.get('k')).rejects.toThrow(/enableOfflineQueue|writeable/);
  });

  it('rejects a command the server does not answer within the command timeout', async () => {
    const client = track(createRedisClient({ url: url() }, 'security', silentLogger()));
    await ready(client);
    await admin.client('PAUSE', 300, 'ALL');
    await expect(client.get('k')).rejects.toThrow(/timed out/i);
  });

  it('logs an outage once, however many reconnect attempts fail', async () => {
    const port = await freePort();
    const { logger, lines } = captureLogger();
    const client = track(createRedisClient({ url: `redis://127.0.0.1:${port}` }, 'audit', logger));
    let attempts = 0;
    client.on('reconnecting', () => attempts++);
    await waitFor('three reconnect attempts', () => attempts >= 3, 10_000);
    const outages = lines.filter((l) => l.msg === 'Redis unavailable');
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ component: 'redis', role: 'audit' });
  });

  it('stays quiet when the caller reports outages itself', async () => {
    const port = await freePort();
    const { logger, lines } = captureLogger();
    const client = track(
      createRedisClient({ url: `redis://127.0.0.1:${port}` }, 'cache', logger, {
        logOutages: false,
      }),
    );
    let attempts = 0;
    client.on('reconnecting', () => attempts++);
    await waitFor('two reconnect attempts', () => attempts >= 2, 10_000);
    expect(lines).toHaveLength(0);
  });
});

describe('connectionMode', () => {
  const hosts = [{ host: '127.0.0.1', port: 26379 }];

  it('chooses exactly one of standalone, Sentinel or Cluster', () => {
    expect(connectionMode({ url: 'rediss://r:6380' })).toBe('standalone');
    expect(connectionMode({ sentinels: hosts, sentinelName: 'mymaster' })).toBe('sentinel');
    expect(connectionMode({ clusterNodes: hosts })).toBe('cluster');
    expect(() => connectionMode({})).toThrow(/exactly one/);
    expect(() => connectionMode({ url: 'redis://r', clusterNodes: hosts })).toThrow(/exactly one/);
  });

  it('refuses a URL of another scheme and Sentinel without its master name', () => {
    expect(() => connectionMode({ url: 'http://r:6379' })).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => connectionMode({ sentinels: hosts })).toThrow(/master group name/);
  });
});
