import type { ChildProcess } from 'node:child_process';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { freePort, killRedis, startRedis } from '../support/redis';
import {
  callsOf,
  CITIZEN_NAME,
  encryptionKeySpec,
  hmacSecret,
  waitFor,
} from '../support/gateway-helpers';

/**
 * The gateway's own Redis killed (kill -9) in the middle of a run, then restarted on the same
 * port: no client request fails while it is gone (the cache is an optimisation), and the
 * gateway uses it again by itself, without a restart, once it is back.
 */

type Citizen = { citizen: { nik: string; fullName: string } | null };

let port: number;
let redis: ChildProcess;
let gw: TestGateway;

const citizenCalls = () => callsOf(gw, 'dukcapil', 'CALL_NIK');
/** Ready with nothing degraded (Redis trouble keeps /readyz 200, as "degraded"). */
const ready = async () => {
  const res = await fetch(`${gw.url}/readyz`);
  return res.status === 200 && ((await res.json()) as { status?: string }).status === 'ready';
};

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis(port);
  gw = await startTestGateway({
    env: {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      CACHE_HMAC_SECRET: hmacSecret(),
      CACHE_ENCRYPTION_KEYS: encryptionKeySpec(),
      // The audit log on local disk: this test is about the cache. With the audit stream in
      // the dead Redis, personal data would be withheld (fail closed, docs/security.md).
      AUDIT_SINK: 'file',
    },
  });
  await waitFor('gateway ready with redis', ready, 5_000);
});

afterAll(async () => {
  await gw.stop();
  await killRedis(redis);
});

async function lookup(nik: string) {
  const { status, body } = await gw.gql<Citizen>(CITIZEN_NAME, { nik });
  return { status, body };
}

it('serves every request while Redis is dead and reuses Redis once it is back', async () => {
  const residents = gw.mocks.dataset.residents.slice(300, 320).map((r) => r.nik);
  const cachedNik = residents[0]!;

  await lookup(cachedNik);
  gw.resetCalls();
  await lookup(cachedNik);
  expect(citizenCalls()).toBe(0);

  await killRedis(redis);

  // Sequential and concurrent lookups, cached before or not: all answered, none failed.
  const during = [
    ...(await Promise.all(residents.slice(0, 10).map(lookup))),
    ...(await Promise.all(residents.slice(10).map(lookup))),
  ];
  for (let i = 0; i < 5; i++) during.push(await lookup(cachedNik));
  for (const r of during) {
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data?.citizen?.nik).toMatch(/^\d{16}$/);
  }
  // Without a cache, lookups went to the agency; readiness says why, and stays 200: Redis is
  // down for every instance alike, so taking them out of the balancer would serve no one.
  expect(citizenCalls()).toBeGreaterThanOrEqual(residents.length);
  await waitFor('/readyz to report redis down', async () => !(await ready()), 5_000);
  const res = await fetch(`${gw.url}/readyz`);
  expect(res.status).toBe(200);
  const readyz = (await res.json()) as { status?: string; degraded?: string[] };
  expect(readyz.status).toBe('degraded');
  expect(readyz.degraded?.[0]).toMatch(/^redis: /);

  redis = await startRedis(port);
  // Reconnection is ioredis's own capped backoff (at most 2 s between attempts).
  await waitFor('/readyz after redis restart', ready, 10_000);
  const nik = residents[1]!;
  await waitFor(
    'cache hits from the restarted redis',
    async () => {
      await lookup(nik);
      gw.resetCalls();
      const again = await lookup(nik);
      return again.body.data?.citizen?.nik === nik && citizenCalls() === 0;
    },
    10_000,
  );
});
