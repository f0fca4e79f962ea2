import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { createRedisStore, type RedisStore } from '../../src/cache/redis-store';
import { freePort, killRedis, silentLogger, sleep, startRedis, waitFor } from '../support/redis';

/**
 * Cluster mode against a one-node cluster owning all 16 384 slots: enough to exercise the
 * cluster client paths (per-key commands, auto-pipelining, SCAN per master).
 */
describe('RedisStore on a Redis Cluster', () => {
  let server: ChildProcess;
  let store: RedisStore;
  let dir: string;

  beforeAll(async () => {
    const port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpp-cache-cluster-'));
    // A lone node announces an empty IP in CLUSTER SLOTS unless told its address.
    server = await startRedis(port, [
      '--cluster-announce-ip',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      path.join(dir, 'nodes.conf'),
      '--dir',
      dir,
    ]);
    const admin = new Redis(port, '127.0.0.1');
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    const until = Date.now() + 10_000;
    while (!String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) {
      if (Date.now() > until) throw new Error('cluster did not become ok');
      await sleep(50);
    }
    admin.disconnect();
    store = createRedisStore({
      clusterNodes: [{ host: '127.0.0.1', port }],
      logger: silentLogger(),
    });
    await waitFor('cluster ready', () => store.health().ready, 10_000);
  });
  afterAll(async () => {
    await store?.close();
    await killRedis(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads, writes, deletes and purges keys spread over many slots', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `mpp:cl:e:v1:${i}`);
    await store.mset(keys.map((key) => ({ key, value: key, ttlSeconds: 60 })));
    expect(await store.mget([...keys, 'mpp:cl:e:v1:missing'])).toEqual([...keys, null]);
    expect(await store.del(keys.slice(0, 10))).toBe(10);
    expect(await store.deletePrefix('mpp:cl:')).toBe(40);
    expect(await store.mget(keys.slice(40))).toEqual(Array(10).fill(null));
  });
});
