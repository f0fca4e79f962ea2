import Redis from 'ioredis';
import { sha256 } from '../../src/security';
import { encryptionKeySpec, FAMILY_VIEW, hmacSecret, scanKeys } from '../support/gateway-helpers';
import { readAnyKey, redisUrl, TEST_DB } from '../support/redis';
import { waitFor } from '../support/wait';
import { COUNTER, jwt, SECURITY_ENV } from '../security/support/clients';
import { startSecureGateway, type SecureGateway } from '../security/support/secure-gateway';
import { startMocks, type RunningMocks } from '../../mocks';

/**
 * Issue 14: after a mixed workload against a production gateway on Redis (cache, APQ, rate
 * limits, audit stream), a scan of every key and value finds no NIK, KK, NOP, card number,
 * KPJ, customer number or name in clear, in any spelling the validators accept. Once with
 * CACHE_ENCRYPTION_KEYS, once with CACHE_PERSONAL_DATA=off and no key.
 */
let mocks: RunningMocks;
beforeAll(async () => {
  mocks = await startMocks();
});
afterAll(async () => {
  await mocks?.stop();
});

type View = {
  citizen: {
    fullName: string;
    family: {
      kkNumber: string;
      members: Array<{
        nik: string;
        fullName: string;
        healthInsurance: { cardNumber: string } | null;
        employmentInsurance: { kpj: string } | null;
      }>;
    } | null;
    taxObjects: Array<{ nop: string }>;
    waterAccounts: Array<{ customerNumber: string }>;
  };
};

/** Spaces every fourth digit, doubled: an accepted spelling that a naive filter misses. */
const spaced = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1  ');
const persisted = (query: string) => ({
  persistedQuery: { version: 1, sha256Hash: sha256(query) },
});

/** Every kind of request a front end or an attacker sends; returns what must never rest in clear. */
async function workload(gw: SecureGateway): Promise<Set<string>> {
  const nik = mocks.dataset.fixtures.everyServiceHeadNik;
  const view = await gw.post({ query: FAMILY_VIEW, variables: { nik } }, COUNTER);
  expect(view.status).toBe(200);
  const data = view.body.data as View;
  const secrets = new Set<string>();
  JSON.stringify(data, (k, v: unknown) => {
    if (
      typeof v === 'string' &&
      ['nik', 'kkNumber', 'nop', 'cardNumber', 'kpj', 'customerNumber', 'fullName'].includes(k)
    )
      secrets.add(v);
    return v;
  });
  const members = data.citizen.family!.members;
  const card = members.find((m) => m.healthInsurance)!.healthInsurance!.cardNumber;
  const kpj = members.find((m) => m.employmentInsurance)!.employmentInsurance!.kpj;
  const lookups: Array<[string, string, string]> = [
    ['citizen', 'nik', nik],
    ['family', 'kkNumber', data.citizen.family!.kkNumber],
    ['taxObject', 'nop', data.citizen.taxObjects[0]!.nop],
    ['healthInsurance', 'cardNumber', card],
    ['employmentInsurance', 'kpj', kpj],
    ['waterAccount', 'customerNumber', data.citizen.waterAccounts[0]!.customerNumber],
  ];
  for (const [field, arg, value] of lookups) {
    const digits = value.replace(/\D/g, '');
    // Inline, in an accepted spelling, through APQ registration.
    const inline = `{ ${field}(${arg}: "${spaced(digits)}") { __typename } }`;
    const a = await gw.post({ query: inline, extensions: persisted(inline) }, COUNTER);
    expect(a.status).toBe(200);
    // As a variable (the document is stored; the value is not).
    const byVariable = `query L($v: String!) { ${field}(${arg}: $v) { __typename } }`;
    await gw.post(
      { query: byVariable, variables: { v: spaced(digits) }, extensions: persisted(byVariable) },
      COUNTER,
    );
  }
  // A GET with the NIK in the URL (refused), a token client, a failed authentication.
  await fetch(
    `${gw.url}/graphql?query=${encodeURIComponent(`{ citizen(nik: "${nik}") { fullName } }`)}`,
    { headers: { ...COUNTER, 'apollo-require-preflight': 'true' } },
  );
  const token = await jwt({ client_id: 'counter-sso', scope: 'dukcapil:read pii:read' });
  await gw.post(
    { query: 'query N($nik: String!) { citizen(nik: $nik) { fullName } }', variables: { nik } },
    { ...COUNTER, 'x-api-key': '', authorization: `Bearer ${token}` },
  );
  await gw.post({ query: '{ gatewayVersion }' }, { 'x-api-key': 'guess-guess-guess-guess' });
  return secrets;
}

/** Waits until the gateway's fire-and-forget writes have landed (the keyspace stops changing). */
async function settledKeys(redis: Redis): Promise<string[]> {
  let previous = -1;
  let keys: string[] = [];
  await waitFor(
    'the keyspace settles',
    async () => {
      keys = await scanKeys(redis);
      const same = keys.length === previous;
      previous = keys.length;
      return same && keys.length > 0;
    },
    10_000,
  );
  return keys;
}

describe.each([
  [
    'with CACHE_ENCRYPTION_KEYS',
    TEST_DB.privacyScanEncrypted,
    () => ({ CACHE_ENCRYPTION_KEYS: encryptionKeySpec() }),
  ],
  [
    'with CACHE_PERSONAL_DATA=off and no encryption key',
    TEST_DB.privacyScanNoPersonalData,
    () => ({ CACHE_PERSONAL_DATA: 'off' }),
  ],
])('a production gateway on Redis %s', (_name, db, settings) => {
  let gw: SecureGateway;
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(redisUrl(db), { maxRetriesPerRequest: 1 });
    await redis.flushdb();
    gw = await startSecureGateway({
      mocks,
      env: {
        ...SECURITY_ENV,
        NODE_ENV: 'production',
        PERSISTED_QUERIES: 'apq',
        REDIS_URL: redisUrl(db),
        CACHE_HMAC_SECRET: hmacSecret(),
        RATE_LIMIT_BURST: '10000',
        RATE_LIMIT_PER_SECOND: '1000',
        ...settings(),
      },
    });
    await waitFor(
      'gateway ready (redis connected)',
      async () => (await fetch(`${gw.url}/readyz`)).status === 200,
      5_000,
    );
  });
  afterAll(async () => {
    await gw?.stop();
    await redis?.flushdb();
    await redis?.quit();
  });

  it('keeps no identifier or name in clear in any key or value after a mixed workload', async () => {
    const secrets = await workload(gw);
    expect(secrets.size).toBeGreaterThan(8);
    const keys = await settledKeys(redis);
    // APQ documents, rate-limit buckets and the audit stream at least.
    expect(keys.some((k) => k.startsWith('pq:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('ratelimit:'))).toBe(true);
    for (const key of keys) {
      const value = await readAnyKey(redis, key);
      // Separators stripped as the validators strip them: "1173  0508..." is found too.
      const compactValue = value.replace(/[ .-]/g, '');
      for (const secret of secrets) {
        expect(key).not.toContain(secret);
        expect(value).not.toContain(secret);
        if (/^\d[\d .-]*$/.test(secret))
          expect(compactValue).not.toContain(secret.replace(/[ .-]/g, ''));
      }
    }
  });
});
