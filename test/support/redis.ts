import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import Redis from 'ioredis';
import pino, { type Logger } from 'pino';

/**
 * Databases used by the cache tests, one per file, so their keyspace scans and cleanups never
 * see each other's keys (nor those of other folders' tests, which use db 0).
 */
export const TEST_DB = {
  contract: 11,
  redisStore: 12,
  entityCache: 13,
  purgeCli: 14,
  keyspaceScan: 15,
  apqSpellings: 3,
  hostileProduction: 4,
  privacyScanEncrypted: 5,
  privacyScanNoPersonalData: 7,
} as const;

/** The shared test Redis (started by test/support/global-setup.js) on database `db`. */
export function redisUrl(db: number): string {
  const base = process.env.REDIS_TEST_URL;
  if (!base)
    throw new Error('REDIS_TEST_URL is not set: run through jest (global setup starts redis)');
  return `${base}/${db}`;
}

/** A plain client for assertions (not the store under test). */
export function adminClient(url: string): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/** A unique connector name, so parallel tests never share keys. */
export function uniqueConnector(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** A pino logger whose lines land in `lines` (parsed). */
export function captureLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (msg: string) => void lines.push(JSON.parse(msg)) },
  );
  return { logger, lines };
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

/** Every key (and its value) of the connected database, via SCAN. */
export async function dumpKeyspace(client: Redis): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const value = await client.get(key);
      if (value !== null) out.set(key, value);
    }
  } while (cursor !== '0');
  return out;
}

export { freePort, sleep, waitFor } from './wait';
import { sleep } from '../support/wait';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** A private redis-server (REDIS_TEST_BIN) on `port`, for tests that kill or pause it. */
export async function startRedis(port: number, extraArgs: string[] = []): Promise<ChildProcess> {
  const bin = process.env.REDIS_TEST_BIN;
  if (!bin) throw new Error('REDIS_TEST_BIN is not set: run through jest (global setup)');
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      ...extraArgs,
    ],
    {
      stdio: 'ignore',
    },
  );
  const until = Date.now() + 10_000;
  while (!(await portOpen(port))) {
    if (Date.now() > until) throw new Error(`redis-server did not listen on ${port}`);
    await sleep(25);
  }
  return child;
}

/** kill -9, and wait until the process is gone. */
export async function killRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Any key's content as text (strings, streams, hashes, sets...), for keyspace scans. */
export async function readAnyKey(client: Redis, key: string): Promise<string> {
  switch (await client.type(key)) {
    case 'string':
      return (await client.get(key)) ?? '';
    case 'stream':
      return JSON.stringify(await client.xrange(key, '-', '+'));
    case 'hash':
      return JSON.stringify(await client.hgetall(key));
    case 'set':
      return JSON.stringify(await client.smembers(key));
    case 'zset':
      return JSON.stringify(await client.zrange(key, 0, -1, 'WITHSCORES'));
    case 'list':
      return JSON.stringify(await client.lrange(key, 0, -1));
    case 'none':
      return '';
    default:
      throw new Error(`unexpected Redis key type for ${key}`);
  }
}
