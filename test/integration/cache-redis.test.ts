import Redis from 'ioredis';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { testClock } from '../support/wait';
import {
  callsOf,
  CITIZEN_NAME,
  encryptionKeySpec,
  FAMILY_VIEW,
  hmacSecret,
  scanKeys,
  sleep,
  totalCallsOf,
  waitFor,
} from '../support/gateway-helpers';

/**
 * The shared cache through the real gateway on a real Redis: freshness, sharing between
 * instances, the TTL windows, privacy at rest, coalescing, negative caching and admin purge.
 * Call counts come from the mocks' counters (all gateways here share one set of mocks).
 */

/** A database of its own, so the keyspace scans see only this file's keys. */
const DB = 6;
const ADMIN_TOKEN = 'cache-test-admin-token-0123456789';
type Citizen = { citizen: { nik: string; fullName: string } | null };

let redisUrl: string;
let redis: Redis;
let a: TestGateway;
const extra: TestGateway[] = [];
const secret = hmacSecret();
const key = encryptionKeySpec('k1');
/** Moves the TTL windows of every instance of this file ahead, instead of sleeping. */
const clock = testClock();

/** Another gateway instance on the same mocks and Redis, with `env` on top of A's settings. */
/**
 * The suite's Redis settings. The cache drops a write that Redis does not take within its
 * command timeout (100 ms by default): on a loaded two-core test machine that loses entries the
 * suite counts, so it allows 2 s (the outage suites keep the default).
 */
const redisEnv = () => ({
  REDIS_URL: redisUrl,
  CACHE_HMAC_SECRET: secret,
  CACHE_ENCRYPTION_KEYS: key,
  REDIS_COMMAND_TIMEOUT_MS: '2000',
});

async function instance(env: Record<string, string>): Promise<TestGateway> {
  const gw = await startTestGateway({
    mocks: a.mocks,
    now: clock.now,
    env: { ...redisEnv(), ...env },
  });
  extra.push(gw);
  await waitFor('gateway ready (redis connected)', () => readyz(gw), 5_000);
  return gw;
}

async function readyz(gw: TestGateway): Promise<boolean> {
  return (await fetch(`${gw.url}/readyz`)).status === 200;
}

/** Distinct residents per test, so that no test sees another's cache entries. */
let nextResident = 200;
const freshNik = () => a.mocks.dataset.residents[nextResident++]!.nik;

const citizenCalls = () => callsOf(a, 'dukcapil', 'CALL_NIK');

async function citizen(gw: TestGateway, nik: string) {
  const { status, body } = await gw.gql<Citizen>(CITIZEN_NAME, { nik });
  expect(status).toBe(200);
  return body;
}

const CITIZEN_KEYS = 'mpp:dukcapil:citizen:*';

/** The citizen entries in Redis now (keys hold no NIK, so a test tells its own apart by diff). */
const citizenKeys = async () => new Set(await scanKeys(redis, CITIZEN_KEYS));

/**
 * Waits until the fire-and-forget cache writes of a test's lookups have reached Redis: `count`
 * entries that were not there before (earlier tests' entries may expire meanwhile).
 */
async function newCitizenKeys(earlier: Set<string>, count = 1): Promise<string[]> {
  let added: string[] = [];
  await waitFor(
    `${count} new key(s) matching ${CITIZEN_KEYS}`,
    async () =>
      (added = (await scanKeys(redis, CITIZEN_KEYS)).filter((k) => !earlier.has(k))).length >=
      count,
    5_000,
  );
  return added;
}

beforeAll(async () => {
  redisUrl = `${process.env.REDIS_TEST_URL}/${DB}`;
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  a = await startTestGateway({ env: { ...redisEnv(), ADMIN_TOKEN } });
  await waitFor('gateway A ready (redis connected)', () => readyz(a), 5_000);
});

afterAll(async () => {
  for (const gw of extra) await gw.stop();
  await a.stop();
  await redis.quit();
});

beforeEach(() => a.resetCalls());
afterEach(async () => {
  for (const agency of Object.values(a.mocks.agencies)) {
    agency.faults.clear();
    if (!agency.running) await agency.start();
  }
});

describe('a shared Redis cache behind the gateway', () => {
  it('answers a repeated lookup within freshness without calling the agency', async () => {
    const nik = freshNik();
    const earlier = await citizenKeys();
    const first = await citizen(a, nik);
    expect(first.data?.citizen?.nik).toBe(nik);
    expect(citizenCalls()).toBe(1);
    await newCitizenKeys(earlier);

    const again = await citizen(a, nik);
    expect(again.data).toEqual(first.data);
    expect(citizenCalls()).toBe(1);
  });

  it('shares entries between two gateway instances (the second makes no agency call)', async () => {
    const b = await instance({});
    const nik = freshNik();
    const earlier = await citizenKeys();
    const fromA = await citizen(a, nik);
    await newCitizenKeys(earlier);
    a.resetCalls();

    const fromB = await citizen(b, nik);
    expect(fromB.data).toEqual(fromA.data);
    expect(totalCallsOf(a, 'dukcapil')).toBe(0);
  });

  it('forgets an entry once its windows are over (fresh 1 s, no stale windows)', async () => {
    const t = await instance({
      DUKCAPIL_CACHE_FRESH_S: '1',
      DUKCAPIL_CACHE_SWR_S: '0',
      DUKCAPIL_CACHE_STALE_IF_ERROR_S: '0',
    });
    const nik = freshNik();
    await citizen(t, nik);
    await citizen(t, nik);
    expect(citizenCalls()).toBe(1);

    clock.advance(1_200);
    const later = await citizen(t, nik);
    expect(later.data?.citizen?.nik).toBe(nik);
    expect(citizenCalls()).toBe(2);
  });

  it('serves a stale entry, flagged in extensions.stale, while the agency is down', async () => {
    const t = await instance({
      DUKCAPIL_CACHE_FRESH_S: '1',
      DUKCAPIL_CACHE_SWR_S: '0',
      DUKCAPIL_CACHE_STALE_IF_ERROR_S: '3600',
      DUKCAPIL_RETRIES: '0',
    });
    const nik = freshNik();
    const fresh = await citizen(t, nik);
    expect(fresh.extensions?.stale).toBeUndefined();
    clock.advance(1_200);

    await a.mocks.agencies.dukcapil.stop();
    const stale = await citizen(t, nik);
    expect(stale.errors).toBeUndefined();
    expect(stale.data).toEqual(fresh.data);
    expect(stale.extensions?.stale).toEqual([
      { connector: 'dukcapil', ageSeconds: expect.any(Number) },
    ]);
    const [entry] = stale.extensions!.stale as Array<{ ageSeconds: number }>;
    expect(entry!.ageSeconds).toBeGreaterThanOrEqual(1);

    // Without an entry to fall back on, the same outage is an error, not a guess.
    const unknown = await citizen(t, freshNik());
    expect(unknown.data?.citizen).toBeNull();
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      connector: 'dukcapil',
    });
  });

  it('answers from the revalidate window at once and refreshes in the background', async () => {
    const t = await instance({ DUKCAPIL_CACHE_FRESH_S: '1', DUKCAPIL_CACHE_SWR_S: '60' });
    const nik = freshNik();
    const earlier = await citizenKeys();
    const first = await citizen(t, nik);
    const keys = await newCitizenKeys(earlier);
    const values = new Map(
      await Promise.all(keys.map(async (k) => [k, await redis.get(k)] as const)),
    );
    clock.advance(1_200);

    // The refresh will take 1.5 s at the agency: an answer before it lands did not wait for it.
    a.mocks.agencies.dukcapil.faults.set('CALL_NIK', { latencyMs: 1_500 });
    a.resetCalls();
    const served = await citizen(t, nik);
    expect(served.data).toEqual(first.data);
    expect(served.extensions?.stale).toBeUndefined();
    const unchanged = await Promise.all(
      keys.map(async (k) => (await redis.get(k)) === values.get(k)),
    );
    expect(unchanged.every(Boolean)).toBe(true);

    await waitFor('the background refresh call', () => citizenCalls() === 1, 3_000);
    await waitFor(
      'the refreshed entry in Redis',
      async () => {
        const now = await Promise.all(
          keys.map(async (k) => (await redis.get(k)) !== values.get(k)),
        );
        return now.some(Boolean);
      },
      5_000,
    );
    // Fresh again: the next lookup costs nothing.
    a.mocks.agencies.dukcapil.faults.clear();
    await citizen(t, nik);
    expect(citizenCalls()).toBe(1);
  });

  it('does not try a background refresh into an open breaker', async () => {
    const t = await instance({
      ADMIN_TOKEN,
      DUKCAPIL_CACHE_FRESH_S: '1',
      DUKCAPIL_CACHE_SWR_S: '60',
    });
    const nik = freshNik();
    const first = await citizen(t, nik);
    clock.advance(1_200);
    const opened = await fetch(`${t.url}/admin/connectors/dukcapil/breaker/open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(opened.status).toBe(200);
    a.resetCalls();

    const served = await citizen(t, nik);
    expect(served.data).toEqual(first.data);
    expect(served.errors).toBeUndefined();
    // A refresh attempted into the open breaker would be refused and recorded as its last error.
    await sleep(100);
    const { body } = await t.gql<{ connectors: Array<{ name: string; lastError: unknown }> }>(
      '{ connectors { name lastError { code } } }',
    );
    expect(body.data?.connectors.find((c) => c.name === 'dukcapil')?.lastError).toBeNull();
    expect(citizenCalls()).toBe(0);
  });

  it('keeps no clear identifier or name in Redis keys or values after a family view', async () => {
    const nik = a.mocks.dataset.fixtures.everyServiceHeadNik;
    const first = await a.gql(FAMILY_VIEW, { nik });
    expect(first.body.errors).toBeUndefined();
    // Every entity of the view is cached once a repeat costs no agency call at all.
    await waitFor(
      'the whole family view cached',
      async () => {
        a.resetCalls();
        await a.gql(FAMILY_VIEW, { nik });
        return Object.keys(a.mocks.agencies).every((k) => totalCallsOf(a, k) === 0);
      },
      5_000,
    );

    const secrets = new Set<string>();
    JSON.stringify(first.body.data, (k, v: unknown) => {
      if (
        typeof v === 'string' &&
        ['nik', 'kkNumber', 'nop', 'cardNumber', 'kpj', 'customerNumber', 'fullName'].includes(k)
      )
        secrets.add(v);
      return v;
    });
    expect(secrets.size).toBeGreaterThan(8);
    const keys = await scanKeys(redis);
    expect(keys.length).toBeGreaterThan(5);
    // Every kind of key: cache entries (strings), the audit stream, rate-limit buckets (hashes).
    for (const k of keys) {
      const value = await readAnyKey(redis, k);
      for (const secretText of secrets) {
        expect(k).not.toContain(secretText);
        expect(value).not.toContain(secretText);
      }
      // HMAC'd keys are hex, where long digit runs occur by chance: look outside the hashes.
      expect(k.replace(/[0-9a-f]{32,}/g, '#')).not.toMatch(/\d{13,}/);
    }
    // Personal data rests encrypted (codec mode e1).
    const citizenValues = await Promise.all(
      (await scanKeys(redis, 'mpp:dukcapil:*')).map((k) => redis.get(k)),
    );
    expect(citizenValues.every((v) => v?.startsWith('e1:'))).toBe(true);
  });

  it('reads an entry sealed with another key as a miss and serves correct data', async () => {
    const other = await instance({ CACHE_ENCRYPTION_KEYS: encryptionKeySpec('k1') });
    const nik = freshNik();
    const earlier = await citizenKeys();
    const fromA = await citizen(a, nik);
    await newCitizenKeys(earlier);
    a.resetCalls();

    const fromOther = await citizen(other, nik);
    expect(fromOther.errors).toBeUndefined();
    expect(fromOther.data).toEqual(fromA.data);
    expect(citizenCalls()).toBe(1);
  });

  it('makes one agency call for 50 concurrent identical queries from 50 requests', async () => {
    // No shared cache here: only the in-flight coalescing can save the 49 calls.
    const t = await startTestGateway({ mocks: a.mocks, cache: null });
    extra.push(t);
    const nik = freshNik();
    a.mocks.agencies.dukcapil.faults.set('CALL_NIK', { latencyMs: 1_000 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => citizen(t, nik)));
    expect(answers.every((r) => r.data?.citizen?.nik === nik && !r.errors)).toBe(true);
    expect(citizenCalls()).toBe(1);
  });

  it('remembers "not found" (negative caching)', async () => {
    const unknown = a.mocks.dataset.fixtures.unknownNik;
    const first = await citizen(a, unknown);
    expect(first).toEqual({ data: { citizen: null } });
    expect(citizenCalls()).toBe(1);
    await waitFor(
      'the negative entry served from the cache',
      async () => {
        a.resetCalls();
        await citizen(a, unknown);
        return citizenCalls() === 0;
      },
      5_000,
    );
  });
});

describe('purging the cache through the admin API', () => {
  const purge = (connector: string, body?: unknown, token: string | null = ADMIN_TOKEN) =>
    fetch(`${a.url}/admin/connectors/${connector}/cache/purge`, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('refuses without a credential (401) and with a wrong one (403)', async () => {
    expect((await purge('dukcapil', undefined, null)).status).toBe(401);
    expect((await purge('dukcapil', undefined, 'x'.repeat(ADMIN_TOKEN.length))).status).toBe(403);
    expect((await purge('dukcapil', undefined, 'short')).status).toBe(403);
  });

  it('purges one record by entity and identifier, and leaves the others', async () => {
    const [p, q] = [freshNik(), freshNik()];
    const earlier = await citizenKeys();
    await citizen(a, p);
    await citizen(a, q);
    await newCitizenKeys(earlier, 2);
    a.resetCalls();

    const res = await purge('dukcapil', { entity: 'citizen', id: p });
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toEqual({ connector: 'dukcapil', entity: 'citizen', version: 1, purged: 1 });
    expect(JSON.stringify(answer)).not.toContain(p);

    await citizen(a, p);
    expect(citizenCalls()).toBe(1);
    await citizen(a, q);
    expect(citizenCalls()).toBe(1);
    // The admin log line names the entity, never the identifier.
    expect(a.logs.join('\n')).not.toContain(p);
  });

  it('purges a whole connector without a body', async () => {
    const nik = freshNik();
    const earlier = await citizenKeys();
    await citizen(a, nik);
    await newCitizenKeys(earlier);
    const res = await purge('dukcapil');
    expect(res.status).toBe(200);
    const { purged } = (await res.json()) as { purged: number };
    expect(purged).toBeGreaterThan(0);
    expect(await scanKeys(redis, 'mpp:dukcapil:*')).toEqual([]);
    a.resetCalls();
    await citizen(a, nik);
    expect(citizenCalls()).toBe(1);
  });

  it('refuses an unknown entity (404) and a malformed body (400)', async () => {
    expect((await purge('dukcapil', { entity: 'nosuch', id: '1' })).status).toBe(404);
    expect((await purge('dukcapil', { entity: 'citizen' })).status).toBe(400);
    expect((await purge('dukcapil', { entity: 'a:b', id: '1' })).status).toBe(400);
    expect((await purge('dukcapil', [1, 2])).status).toBe(400);
    expect((await purge('nosuch', { entity: 'citizen', id: '1' })).status).toBe(404);
  });
});

/** The whole content of a Redis key as text, whatever its type. */
async function readAnyKey(client: Redis, key: string): Promise<string> {
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
