import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { SignJWT } from 'jose';
import { buildManifest } from '../../src/security/build-manifest';
import { sha256 } from '../../src/security';
import { encryptionKeySpec, hmacSecret, scanKeys } from '../support/gateway-helpers';
import { readAnyKey, redisUrl, TEST_DB } from '../support/redis';
import { waitFor } from '../support/wait';
import {
  COUNTER,
  FAMILY_HEAD,
  JWT_AUDIENCE,
  JWT_ISSUER,
  JWT_SECRET,
  jwt,
  KEYS,
  SECURITY_ENV,
} from './support/clients';
import { startSecureGateway, type SecureGateway } from './support/secure-gateway';

/**
 * Issue 14, request side: the real gateway in production mode against the mock agencies, one
 * row per hardening, each asserting the refusal (status and code) and that nothing leaked.
 *
 * Two production gateways: `listed` (the production default, allow-list mode, memory stores,
 * TRUSTED_PROXIES=127.0.0.1 so rows can speak from distinct addresses through
 * X-Forwarded-For) and `apq` (automatic persisted queries on Redis, no trusted proxy).
 */
const ADMIN_TOKEN = 'hostile-production-admin-token-0123456789';
const UNAUTHENTICATED_BURST = 3;
const ADMIN_MAX_FAILURES = 3;
/** The NIK as a person types it: any number of separators is accepted by the validator. */
const SPACED_NIK = '1173  0508  0697  0001';

let listed: SecureGateway;
let apq: SecureGateway;
let redis: Redis;
let manifest: Record<string, string>;
let names: Record<string, string>;

const PRODUCTION = {
  ...SECURITY_ENV,
  NODE_ENV: 'production',
  CACHE_HMAC_SECRET: hmacSecret(),
  ADMIN_TOKEN,
  RATE_LIMIT_BURST: '10000',
  RATE_LIMIT_PER_SECOND: '1000',
  RATE_LIMIT_UNAUTHENTICATED_BURST: String(UNAUTHENTICATED_BURST),
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '1',
  ADMIN_AUTH_MAX_FAILURES: String(ADMIN_MAX_FAILURES),
  // The identity rows read the audit records back from the file sink (the spool has its own tests).
  AUDIT_SINK: 'file',
};

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mpp-hostile-prod-'));
  writeFileSync(
    path.join(dir, 'ops.graphql'),
    `query CounterCitizen($nik: String!) { citizen(nik: $nik) { nik fullName } }
     query Version { gatewayVersion }`,
  );
  const built = buildManifest([dir]);
  manifest = built.manifest.operations;
  names = built.names;
  const manifestFile = path.join(dir, 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify(built.manifest));

  listed = await startSecureGateway({
    env: { ...PRODUCTION, PERSISTED_QUERY_MANIFEST: manifestFile, TRUSTED_PROXIES: '127.0.0.1' },
  });
  redis = new Redis(redisUrl(TEST_DB.hostileProduction), { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  apq = await startSecureGateway({
    mocks: listed.mocks,
    env: {
      ...PRODUCTION,
      PERSISTED_QUERIES: 'apq',
      REDIS_URL: redisUrl(TEST_DB.hostileProduction),
      CACHE_ENCRYPTION_KEYS: encryptionKeySpec(),
    },
  });
  await waitFor(
    'apq gateway ready (redis connected)',
    async () => (await fetch(`${apq.url}/readyz`)).status === 200,
    5_000,
  );
});

afterAll(async () => {
  await apq?.stop();
  await listed?.stop();
  await redis?.flushdb();
  await redis?.quit();
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

let nextAddress = 1;
/** A fresh client address (TEST-NET-3) for the allow-list gateway's per-address limits. */
const address = () => `203.0.113.${nextAddress++}`;

async function send(
  gw: SecureGateway,
  init: {
    method?: 'GET' | 'POST';
    search?: string;
    body?: unknown;
    headers?: Record<string, string>;
  },
  route = '/graphql',
): Promise<Answer> {
  const method = init.method ?? 'POST';
  const res = await fetch(`${gw.url}${route}${init.search ?? ''}`, {
    method,
    headers: {
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    body: method === 'POST' && init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    /* not JSON: the row's own checks say whether that is right */
  }
  return { status: res.status, headers: res.headers, text, body };
}

const codes = (a: Answer) => (a.body.errors ?? []).map((e) => e.extensions?.['code']);
const getSearch = (params: Record<string, unknown>) =>
  '?' +
  new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [
      k,
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  ).toString();
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

interface Row {
  name: string;
  run: () => Promise<Answer>;
  status: number;
  code?: string;
  /** Further checks on the answer and on what the gateway kept. */
  then?: (answer: Answer) => Promise<void> | void;
}

const ROWS: Row[] = [
  // 1. Persisted-query storage never holds an identifier, in any accepted spelling.
  {
    name: 'APQ: a document with a NIK written with double spaces is served but never stored',
    run: async () => {
      const query = `{ citizen(nik: "${SPACED_NIK}") { nik } }`;
      const first = await send(apq, {
        body: { query, extensions: persisted(sha256(query)) },
        headers: COUNTER,
      });
      expect(first.status).toBe(200);
      expect(first.text).toContain(FAMILY_HEAD);
      // Registration is fire-and-forget in Apollo: once a later, storable registration has
      // landed in Redis, the inline one would have too.
      await registerUntilStored('query Later($nik: String!) { citizen(nik: $nik) { fullName } }');
      return send(apq, { body: { extensions: persisted(sha256(query)) }, headers: COUNTER });
    },
    status: 200,
    code: 'PERSISTED_QUERY_NOT_FOUND',
    then: async () => {
      const stored = await scanKeys(redis, 'pq:*');
      for (const key of stored) {
        const value = await readAnyKey(redis, key);
        expect(value.replace(/[ .-]/g, '')).not.toContain(FAMILY_HEAD);
      }
    },
  },
  {
    name: 'APQ: the same operation with the NIK as a variable is stored (control)',
    run: async () => {
      const query = 'query Q($nik: String!) { citizen(nik: $nik) { nik } }';
      await registerUntilStored(query);
      return send(apq, {
        body: { variables: { nik: FAMILY_HEAD }, extensions: persisted(sha256(query)) },
        headers: COUNTER,
      });
    },
    status: 200,
    then: (a) => expect(a.body.errors).toBeUndefined(),
  },
  // 2. Response headers; personal data refused on GET.
  {
    name: 'a personal-data answer carries no-store, nosniff and no-referrer',
    run: () =>
      send(listed, {
        body: { variables: { nik: FAMILY_HEAD }, extensions: persisted(names['CounterCitizen']!) },
        headers: COUNTER,
      }),
    status: 200,
    then: (a) => {
      expect(a.text).toContain(FAMILY_HEAD);
      expectPrivateHeaders(a);
    },
  },
  {
    name: 'a refusal (401) carries the same headers',
    run: () =>
      send(listed, {
        body: { query: manifest[names['Version']!] },
        headers: { 'x-forwarded-for': address() },
      }),
    status: 401,
    code: 'UNAUTHENTICATED',
    then: expectPrivateHeaders,
  },
  {
    name: 'GET of personal data with apollo-require-preflight (APQ mode, full text)',
    run: () =>
      send(apq, {
        method: 'GET',
        search: getSearch({ query: `{ citizen(nik: "${FAMILY_HEAD}") { fullName } }` }),
        headers: { ...COUNTER, 'apollo-require-preflight': 'true' },
      }),
    status: 405,
    code: 'PERSONAL_DATA_REQUIRES_POST',
    then: (a) => {
      expect(a.headers.get('allow')).toBe('POST');
      expect(listed.upstreamCalls()).toBe(0);
      expectPrivateHeaders(a);
      expect(a.text).not.toContain('fullName"');
    },
  },
  {
    name: 'GET of a registered personal-data operation by hash, NIK in the variables (allow-list mode)',
    run: () =>
      send(listed, {
        method: 'GET',
        search: getSearch({
          variables: { nik: FAMILY_HEAD },
          extensions: persisted(names['CounterCitizen']!),
        }),
        headers: { ...COUNTER, 'apollo-require-preflight': 'true' },
      }),
    status: 405,
    code: 'PERSONAL_DATA_REQUIRES_POST',
    then: () => expect(listed.upstreamCalls()).toBe(0),
  },
  {
    name: 'GET of a field without personal data still works (control)',
    run: () =>
      send(apq, {
        method: 'GET',
        search: getSearch({ query: '{ gatewayVersion }' }),
        headers: { ...COUNTER, 'apollo-require-preflight': 'true' },
      }),
    status: 200,
    then: (a) => {
      expect(a.body.errors).toBeUndefined();
      expectPrivateHeaders(a);
    },
  },
  // 3. Allow-list mode: no schema oracle.
  {
    name: 'allow-list: a valid and a misspelt unknown operation get the same answer',
    run: async () => {
      const valid = await send(listed, {
        body: { query: '{ citizen(nik: "1") { motherName } }' },
        headers: COUNTER,
      });
      const misspelt = await send(listed, {
        body: { query: '{ citizen(nik: "1") { motherNam } }' },
        headers: COUNTER,
      });
      const garbage = await send(listed, { body: { query: '{ citizen(' }, headers: COUNTER });
      expect([misspelt.status, misspelt.text]).toEqual([valid.status, valid.text]);
      expect([garbage.status, garbage.text]).toEqual([valid.status, valid.text]);
      expect(valid.text).not.toMatch(/motherNam|Cannot query|Syntax/);
      expect(listed.upstreamCalls()).toBe(0);
      return valid;
    },
    status: 403,
    code: 'OPERATION_NOT_ALLOWED',
  },
  // 4. Identities, iat, per-address limits, admin throttle.
  {
    name: 'a JWT whose client_id is an API-key client id has its own rate-limit bucket',
    run: async () => {
      const limited = { 'x-api-key': KEYS.limited };
      const version = { body: { query: manifest[names['Version']!] } };
      // The API-key client "limited" has 3 requests; spend them.
      for (let i = 0; i < 3; i++)
        expect((await send(listed, { ...version, headers: limited })).status).toBe(200);
      expect(codes(await send(listed, { ...version, headers: limited }))).toEqual(['RATE_LIMITED']);
      const token = await jwt({ client_id: 'limited', scope: 'ops:read' });
      return send(listed, { ...version, headers: { authorization: `Bearer ${token}` } });
    },
    status: 200,
    then: (a) => expect(a.body.errors).toBeUndefined(),
  },
  {
    name: 'a JWT whose client_id is an API-key client id is audited as another identity',
    run: async () => {
      const token = await jwt({
        client_id: 'dukcapil-counter',
        scope: 'dukcapil:read pii:read',
      });
      return send(listed, {
        body: { variables: { nik: FAMILY_HEAD }, extensions: persisted(names['CounterCitizen']!) },
        headers: {
          authorization: `Bearer ${token}`,
          'x-officer-id': COUNTER['x-officer-id'],
          'x-purpose': COUNTER['x-purpose'],
        },
      });
    },
    status: 200,
    then: async () => {
      const clients = () =>
        readFileSync(listed.auditFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as { clientId: string }).clientId);
      await waitFor('the audit record', () => clients().some((c) => c.startsWith('jwt:')), 5_000);
      const ids = new Set(clients());
      expect(ids).toContain('key:dukcapil-counter');
      expect([...ids].filter((c) => c.startsWith('jwt:'))).toEqual([
        expect.stringMatching(/^jwt:[0-9a-f]{12}:dukcapil-counter$/),
      ]);
    },
  },
  {
    name: 'a JWT issued in the future (beyond the clock tolerance)',
    run: async () => {
      const token = await new SignJWT({ client_id: 'counter-sso', scope: 'ops:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(JWT_ISSUER)
        .setAudience(JWT_AUDIENCE)
        .setIssuedAt(Math.floor(Date.now() / 1000) + 3_600)
        .setExpirationTime(Math.floor(Date.now() / 1000) + 7_200)
        .sign(new TextEncoder().encode(JWT_SECRET));
      return send(listed, {
        body: { query: manifest[names['Version']!] },
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': address() },
      });
    },
    status: 401,
    code: 'UNAUTHENTICATED',
    then: (a) => expect(a.body.errors![0]!.extensions!['reason']).toBe('TOKEN_ISSUED_IN_FUTURE'),
  },
  {
    name: 'unauthenticated requests are limited per source address (behind a trusted proxy)',
    run: async () => {
      const from = address();
      const attempt = (addr: string) =>
        send(listed, {
          body: { query: manifest[names['Version']!] },
          headers: { 'x-api-key': 'guess-guess-guess-guess', 'x-forwarded-for': addr },
        });
      for (let i = 0; i < UNAUTHENTICATED_BURST; i++)
        expect((await attempt(from)).status).toBe(401);
      // Another address still gets its own answer.
      expect((await attempt(address())).status).toBe(401);
      return attempt(from);
    },
    status: 429,
    code: 'RATE_LIMITED',
    then: (a) => {
      expect(a.body.errors![0]!.extensions!['bucket']).toBe('source-address');
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    },
  },
  {
    name: 'without a trusted proxy, X-Forwarded-For cannot dodge the per-address limit',
    run: async () => {
      let last: Answer | undefined;
      for (let i = 0; i <= UNAUTHENTICATED_BURST; i++)
        last = await send(apq, {
          body: { query: '{ gatewayVersion }' },
          headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        });
      return last!;
    },
    status: 429,
    code: 'RATE_LIMITED',
  },
  {
    name: 'failed admin authentications are throttled per address and logged without the token',
    run: async () => {
      const from = address();
      const wrong = 'wrong-admin-token-guess-0123456789';
      const admin = (token: string, addr: string) =>
        send(
          listed,
          {
            body: {},
            headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': addr },
          },
          '/admin/connectors/dukcapil/breaker/reset',
        );
      for (let i = 0; i < ADMIN_MAX_FAILURES; i++)
        expect((await admin(wrong, from)).status).toBe(403);
      // The right token from another address still works.
      expect((await admin(ADMIN_TOKEN, address())).status).toBe(200);
      // From the throttled address even the right token is no longer compared.
      return admin(ADMIN_TOKEN, from);
    },
    status: 429,
    then: (a) => {
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
      const failures = listed.logs.filter((l) => l.includes('admin authentication failed'));
      expect(failures.length).toBeGreaterThanOrEqual(ADMIN_MAX_FAILURES);
      for (const line of listed.logs) {
        expect(line).not.toContain('wrong-admin-token-guess');
        expect(line).not.toContain(ADMIN_TOKEN);
      }
    },
  },
];

/**
 * Registers a storable APQ document until it is in Redis: a registration is dropped when Redis
 * is slower than the store's timeout (a busy test machine).
 */
async function registerUntilStored(query: string): Promise<void> {
  await waitFor(
    'the registration reached Redis',
    async () => {
      await send(apq, {
        body: { query, variables: { nik: SPACED_NIK }, extensions: persisted(sha256(query)) },
        headers: COUNTER,
      });
      return (await scanKeys(redis, `pq:*${sha256(query)}`)).length === 1;
    },
    10_000,
  );
}

function expectPrivateHeaders(a: Answer): void {
  expect(a.headers.get('cache-control')).toBe('no-store');
  expect(a.headers.get('x-content-type-options')).toBe('nosniff');
  expect(a.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('a production gateway under hostile requests', () => {
  it.each(ROWS.map((r) => [r.name, r]))('%s', async (_name, row) => {
    listed.resetCalls();
    const answer = await row.run();
    expect(answer.status).toBe(row.status);
    if (row.code) expect(codes(answer)).toContain(row.code);
    await row.then?.(answer);
  });

  it('kept serving throughout', async () => {
    const res = await send(listed, {
      body: { variables: { nik: FAMILY_HEAD }, extensions: persisted(names['CounterCitizen']!) },
      headers: COUNTER,
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });
});
