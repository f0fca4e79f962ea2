import { startSecureGateway, type SecureGateway } from './support/secure-gateway';
import { COUNTER, FAMILY_HEAD, jwt, KEYS, SECURITY_ENV } from './support/clients';

/**
 * Hostile and malformed requests against the real Apollo Server over the real composed schema
 * and the real mock agencies, each with its expected status and error code, and a check that
 * the gateway kept serving and asked no agency anything it should not have.
 */
let gw: SecureGateway;

beforeAll(async () => {
  // A large global budget: this suite sends ~100 requests as one client; the "limited"
  // client keeps its own small budget for the rate-limit case.
  gw = await startSecureGateway({
    env: { ...SECURITY_ENV, RATE_LIMIT_BURST: '10000', RATE_LIMIT_PER_SECOND: '1000' },
  });
});
afterAll(async () => {
  await gw?.stop();
});

interface RawRequest {
  body: string | Buffer;
  headers?: Record<string, string>;
  method?: string;
  search?: string;
}

async function raw(r: RawRequest): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${gw.url}/graphql${r.search ?? ''}`, {
    method: r.method ?? 'POST',
    headers: r.method === 'GET' ? r.headers : { 'content-type': 'application/json', ...r.headers },
    body: r.method === 'GET' ? undefined : r.body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const json = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
const citizen = (fields: string) => `query Q { citizen(nik: "${FAMILY_HEAD}") { ${fields} } }`;

function deepQuery(levels: number): string {
  let inner = 'nik';
  for (let i = 0; i < levels; i++) inner = `family { members { ${inner} } }`;
  return citizen(inner);
}

function fragmentBomb(n: number): string {
  const frags = ['fragment F0 on Citizen { family { kkNumber } }'];
  for (let i = 1; i <= n; i++)
    frags.push(`fragment F${i} on Citizen { ...F${i - 1} ...F${i - 1} }`);
  return `query Bomb { citizen(nik: "${FAMILY_HEAD}") { ...F${n} } } ${frags.join(' ')}`;
}

interface Case {
  name: string;
  request: () => Promise<RawRequest>;
  status: number;
  /** Expected `errors[0..].extensions.code` (any of the errors). */
  code?: string;
  /** Expected `extensions.limit` of the QUERY_LIMIT_EXCEEDED error. */
  limit?: string;
  /** Whether an agency may be called (default: no). */
  upstream?: boolean;
  extra?: (res: { status: number; headers: Headers; text: string }) => void;
}

const api =
  (query: string, headers: Record<string, string> = COUNTER, variables?: unknown) =>
  async (): Promise<RawRequest> => ({ body: json(query, variables), headers });

const CASES: Case[] = [
  // Authentication
  {
    name: 'no credentials',
    request: api('{ gatewayVersion }', {}),
    status: 401,
    code: 'UNAUTHENTICATED',
    extra: (r) => expect(r.headers.get('www-authenticate')).toMatch(/Bearer/),
  },
  {
    name: 'unknown API key',
    request: api('{ gatewayVersion }', { 'x-api-key': 'guess-guess-guess-guess' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'API key and bearer token at once',
    request: api('{ gatewayVersion }', {
      'x-api-key': KEYS.counter,
      authorization: 'Bearer a.b.c',
    }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'Basic authorization',
    request: api('{ gatewayVersion }', { authorization: 'Basic dXNlcjpwYXNz' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'bearer token that is not a JWT',
    request: api('{ gatewayVersion }', { authorization: 'Bearer not-a-jwt' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'unsigned JWT (alg none)',
    status: 401,
    code: 'UNAUTHENTICATED',
    request: async () => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const token = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ client_id: 'x', scope: 'pii:read dukcapil:read', exp: 9_999_999_999 })}.`;
      return { body: json(citizen('nik')), headers: { authorization: `Bearer ${token}` } };
    },
  },
  {
    name: 'expired JWT',
    status: 401,
    code: 'UNAUTHENTICATED',
    request: async () => ({
      body: json('{ gatewayVersion }'),
      headers: {
        authorization: `Bearer ${await jwt({ client_id: 'a' }, { expires: Math.floor(Date.now() / 1000) - 3600 })}`,
      },
    }),
    extra: (r) => expect(r.text).toMatch(/expired/),
  },
  {
    name: 'JWT signed with another secret (forged)',
    status: 401,
    code: 'UNAUTHENTICATED',
    request: async () => ({
      body: json(citizen('nik')),
      headers: {
        authorization: `Bearer ${await jwt({ client_id: 'a', scope: 'dukcapil:read pii:read' }, { secret: 'attacker-secret-0123456789abcdefghijklmnop' })}`,
      },
    }),
    extra: (r) => expect(r.text).toMatch(/signature/),
  },
  {
    name: 'JWT for another audience',
    status: 401,
    code: 'UNAUTHENTICATED',
    request: async () => ({
      body: json('{ gatewayVersion }'),
      headers: {
        authorization: `Bearer ${await jwt({ client_id: 'a' }, { audience: 'other-api' })}`,
      },
    }),
  },
  {
    name: 'JWT from another issuer',
    status: 401,
    code: 'UNAUTHENTICATED',
    request: async () => ({
      body: json('{ gatewayVersion }'),
      headers: {
        authorization: `Bearer ${await jwt({ client_id: 'a' }, { issuer: 'https://evil.example' })}`,
      },
    }),
  },
  {
    name: 'JWT whose officer_id differs from x-officer-id',
    status: 401,
    code: 'UNAUTHENTICATED',
    request: async () => ({
      body: json('{ gatewayVersion }'),
      headers: {
        authorization: `Bearer ${await jwt({ client_id: 'a', officer_id: 'officer-1' })}`,
        'x-officer-id': 'officer-2',
      },
    }),
  },
  // Authorization and purpose
  {
    name: 'scope escalation: kiosk (pdam only) asks for a citizen',
    request: api(citizen('nik fullName'), { ...COUNTER, 'x-api-key': KEYS.kiosk }),
    status: 200,
    code: 'FORBIDDEN',
    extra: (r) => expect(JSON.parse(r.text).data).toEqual({ citizen: null }),
  },
  {
    name: 'scope escalation: valid JWT with pdam scope asks for health data',
    status: 200,
    code: 'FORBIDDEN',
    request: async () => ({
      body: json(`{ healthInsuranceByNik(nik: "${FAMILY_HEAD}") { status } }`),
      headers: {
        authorization: `Bearer ${await jwt({ client_id: 'kiosk-2', scope: 'pdam:read pii:read' })}`,
        'x-officer-id': 'o1',
        'x-purpose': 'case-1',
      },
    }),
  },
  {
    name: 'scope claim as a header is ignored',
    request: api(citizen('nik'), {
      ...COUNTER,
      'x-api-key': KEYS.ops,
      'x-scopes': 'dukcapil:read pii:read',
    }),
    status: 200,
    code: 'FORBIDDEN',
  },
  {
    name: 'personal data without purpose or officer',
    request: api(citizen('nik'), { 'x-api-key': KEYS.counter }),
    status: 200,
    code: 'FORBIDDEN',
    extra: (r) => expect(JSON.parse(r.text).errors[0].extensions.reason).toBe('PURPOSE_REQUIRED'),
  },
  {
    name: 'malformed x-purpose',
    request: api('{ gatewayVersion }', { ...COUNTER, 'x-purpose': '1; DROP TABLE audit' }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'malformed x-officer-id',
    request: api('{ gatewayVersion }', { ...COUNTER, 'x-officer-id': '<script>' }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  // Malformed HTTP
  {
    name: 'bad JSON',
    request: async () => ({ body: '{"query": "{ gatewayVersion }"', headers: COUNTER }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'wrong content type (text/plain, a CSRF vector)',
    request: async () => ({
      body: json('{ gatewayVersion }'),
      headers: { ...COUNTER, 'content-type': 'text/plain' },
    }),
    status: 400,
  },
  {
    name: 'form content type',
    request: async () => ({
      body: 'query=%7BgatewayVersion%7D',
      headers: { ...COUNTER, 'content-type': 'application/x-www-form-urlencoded' },
    }),
    status: 400,
  },
  {
    name: 'GET without a CSRF preflight header',
    request: async () => ({
      body: '',
      method: 'GET',
      search: '?query=%7BgatewayVersion%7D',
      headers: { 'x-api-key': KEYS.counter },
    }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'huge body (200 KB)',
    request: async () => ({
      body: json(`{ gatewayVersion }${' '.repeat(200 * 1024)}`),
      headers: COUNTER,
    }),
    status: 413,
    code: 'BAD_REQUEST',
  },
  {
    name: 'batched operations',
    request: async () => ({
      body: JSON.stringify([{ query: '{ gatewayVersion }' }, { query: '{ gatewayVersion }' }]),
      headers: COUNTER,
    }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'empty query',
    request: async () => ({ body: JSON.stringify({ query: '' }), headers: COUNTER }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'query of the wrong JSON type',
    request: async () => ({ body: JSON.stringify({ query: { a: 1 } }), headers: COUNTER }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'invalid UTF-8 inside an identifier',
    status: 200,
    code: 'BAD_USER_INPUT',
    request: async () => ({
      body: Buffer.concat([
        Buffer.from('{"query":"{ citizen(nik: \\"1173'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('\\") { nik } }"}'),
      ]),
      headers: COUNTER,
    }),
  },
  {
    name: 'invalid UTF-8 in the document',
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
    request: async () => ({
      body: Buffer.concat([
        Buffer.from('{"query":"{ '),
        Buffer.from([0xc0, 0xaf]),
        Buffer.from(' }"}'),
      ]),
      headers: COUNTER,
    }),
  },
  // Injection attempts
  {
    name: 'SQL injection inside a NIK',
    request: api(`{ citizen(nik: "1173' OR '1'='1") { nik } }`),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'path traversal inside a customer number',
    request: api('{ waterAccount(customerNumber: "../../__admin/faults") { name } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'SOAP/XML injection inside a NOP',
    request: api('{ taxObject(nop: "</nop><nop>117300500300500010") { nop } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'injection through a variable',
    request: api('query Q($n: String!) { citizen(nik: $n) { nik } }', COUNTER, {
      n: '1173050806970001"; DROP',
    }),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'GraphQL injection closing the document',
    request: api('{ citizen(nik: "1") { nik } } mutation { x }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'unknown field',
    request: api('{ citizen(nik: "1173050806970001") { password } }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  // Query limits
  {
    name: 'deep query (12 levels)',
    request: api(deepQuery(5)),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
    limit: 'depth',
  },
  {
    name: 'wide query (11 root fields)',
    request: api(`{ ${'gatewayVersion '.repeat(11)} }`),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
    limit: 'rootFields',
  },
  {
    name: 'alias bomb (50 aliases)',
    request: api(
      `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: citizen(nik: "${FAMILY_HEAD}") { nik }`).join(' ')} }`,
    ),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
    limit: 'aliases',
  },
  {
    name: 'fragment bomb (2^20 expansion)',
    request: api(fragmentBomb(20)),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
    limit: 'cost',
  },
  {
    name: 'circular fragments',
    request: api(
      `query C { citizen(nik: "${FAMILY_HEAD}") { ...A } } fragment A on Citizen { family { head { ...B } } } fragment B on Citizen { ...A }`,
    ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'token bomb (3000 tokens)',
    request: api(`{ gatewayVersion ${'__typename '.repeat(3000)} }`),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
    limit: 'tokens',
  },
  {
    name: 'list variable of 10 000 elements',
    request: api('query L($x: String!) { citizen(nik: $x) { nik } }', COUNTER, {
      x: Array.from({ length: 10_000 }, () => 'a'),
    }),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
    limit: 'listLength',
  },
  {
    name: 'deeply nested variables',
    request: api('query L($x: String!) { citizen(nik: $x) { nik } }', COUNTER, {
      x: JSON.parse('['.repeat(50) + ']'.repeat(50)),
    }),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
  },
  {
    name: 'persisted query with an unknown hash',
    request: async () => ({
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
      }),
      headers: COUNTER,
    }),
    status: 200,
    code: 'PERSISTED_QUERY_NOT_FOUND',
  },
  {
    name: 'persisted query with a hash that does not match',
    request: async () => ({
      body: JSON.stringify({
        query: '{ gatewayVersion }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } },
      }),
      headers: COUNTER,
    }),
    status: 400,
    code: 'BAD_REQUEST',
  },
];

describe('hostile and malformed requests', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    gw.resetCalls();
    const res = await raw(await c.request());
    expect(res.status).toBe(c.status);
    const body = JSON.parse(res.text) as {
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    };
    expect(body.errors?.length).toBeGreaterThan(0);
    if (c.code) expect(body.errors!.map((e) => e.extensions?.['code'])).toContain(c.code);
    if (c.limit)
      expect(
        body.errors!.find((e) => e.extensions?.['code'] === 'QUERY_LIMIT_EXCEEDED')?.extensions?.[
          'limit'
        ],
      ).toBe(c.limit);
    // No internals leak: no stack traces, no http head, no masked internal errors.
    expect(res.text).not.toMatch(/stacktrace|"http"|INTERNAL_SERVER_ERROR/);
    c.extra?.(res);
    if (!c.upstream) expect(gw.upstreamCalls()).toBe(0);
    // And the gateway kept serving.
    const ok = await gw.post({ query: '{ gatewayVersion }' }, COUNTER);
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ gatewayVersion: expect.any(String) });
  });

  it('serves a legitimate whole-family view within the limits', async () => {
    const res = await gw.post(
      {
        query: citizen(
          'fullName family { members { nik fullName healthInsurance { status primaryCareProvider { name } } employmentInsurance { status employer { name } } taxObjects { nop bills { year totalDue } } waterAccounts { customerNumber unpaidPeriods { period total } } } }',
        ),
      },
      COUNTER,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(
      (res.body.data!['citizen'] as { family: { members: unknown[] } }).family.members.length,
    ).toBe(5);
  });

  it('answers RATE_LIMITED with 429 and Retry-After once a client has spent its budget', async () => {
    const headers = { 'x-api-key': KEYS.limited };
    const statuses: number[] = [];
    let last: Awaited<ReturnType<SecureGateway['post']>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await gw.post({ query: '{ gatewayVersion }' }, headers);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last!.body.errors![0]!.extensions!['code']).toBe('RATE_LIMITED');
    // Other clients are not affected.
    expect((await gw.post({ query: '{ gatewayVersion }' }, COUNTER)).status).toBe(200);
  });
});
