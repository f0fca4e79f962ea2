import { Writable } from 'node:stream';
import { startMocks, type RunningMocks } from '../../mocks';
import { createLogger } from '../../src/observability/logger';
import { startTestGateway, type TestGateway, TEST_HEADERS } from '../support/gateway';
import { digitRuns, recordingProxy, waitFor } from './helpers';

const CITIZEN = /* GraphQL */ `
  query Citizen($nik: String!) {
    citizen(nik: $nik) {
      fullName
      healthInsurance {
        status
      }
      waterAccounts {
        customerNumber
      }
    }
  }
`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface LogLine {
  level: string;
  time: string;
  service: string;
  msg: string;
  requestId?: string;
  [field: string]: unknown;
}

let mocks: RunningMocks;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let gw: TestGateway;
beforeAll(async () => {
  mocks = await startMocks();
  // Dukcapil behind a proxy that records headers: what the gateway sends to an agency.
  proxy = await recordingProxy(mocks.agencies.dukcapil.url);
  // No shared cache: every query must reach the agencies, or header checks would pass vacuously.
  gw = await startTestGateway({
    mocks,
    cache: null,
    env: {
      LOG_LEVEL: 'debug',
      DUKCAPIL_BASE_URL: proxy.url,
      BPJS_KESEHATAN_RETRIES: '0',
      BPJS_KESEHATAN_BREAKER_VOLUME: '2',
    },
  });
});
afterAll(async () => {
  await gw.stop();
  await proxy.close();
  await mocks.stop();
});
afterEach(() => {
  for (const agency of Object.values(mocks.agencies)) agency.faults.clear();
});

const lines = (): LogLine[] => gw.logs.map((l) => JSON.parse(l) as LogLine);
const requestLines = (requestId: string) =>
  lines().filter((l) => l.requestId === requestId && l.msg === 'graphql request');

async function post(
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; requestId: string | null }> {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { ...TEST_HEADERS, ...headers },
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, requestId: res.headers.get('x-request-id') };
}

describe('the request log line', () => {
  it('is one JSON line per GraphQL request: id, operation, outcome, status, duration, per-connector calls', async () => {
    const nik = mocks.dataset.fixtures.everyServiceHeadNik;
    const { status } = await gw.gql(CITIZEN, { nik }, { 'x-request-id': 'ops-log-1' });
    expect(status).toBe(200);
    const mine = requestLines('ops-log-1');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'mpp-gateway',
      msg: 'graphql request',
      requestId: 'ops-log-1',
      operation: 'Citizen',
      outcome: 'ok',
      httpStatus: 200,
      durationMs: expect.any(Number),
      upstream: expect.objectContaining({
        dukcapil: { calls: 1, errors: 0, ms: expect.any(Number) },
        'bpjs-kesehatan': { calls: 1, errors: 0, ms: expect.any(Number) },
      }),
    });
  });

  it('says partial, with the error codes, when an agency fails', async () => {
    mocks.agencies.pdam.faults.set('*', { status: 500 });
    const nik = mocks.dataset.fixtures.arrearsNik;
    await gw.gql(CITIZEN, { nik }, { 'x-request-id': 'ops-log-partial' });
    const [line] = requestLines('ops-log-partial');
    expect(line).toMatchObject({
      outcome: 'partial',
      errorCodes: ['UPSTREAM_UNAVAILABLE'],
      upstream: { pdam: { errors: expect.any(Number) } },
    });
  });

  it.each([
    [
      'malformed JSON (400)',
      '{"query": ',
      { 'content-type': 'application/json' },
      400,
      'invalid JSON',
    ],
    [
      'a body over 100 kB (413)',
      JSON.stringify({ query: `{ gatewayVersion }`, pad: 'x'.repeat(120 * 1024) }),
      { 'content-type': 'application/json' },
      413,
      'body too large',
    ],
    [
      'a CSRF-suspect text/plain POST (400)',
      '{ gatewayVersion }',
      { 'content-type': 'text/plain' },
      400,
      'BAD_REQUEST',
    ],
  ])(
    'is written once for %s, refused before any Apollo plugin',
    async (_what, body, headers, status, reason) => {
      const id = `ops-rejected-${status}-${reason.length}`;
      const res = await post(body, { ...headers, 'x-request-id': id });
      expect(res).toEqual({ status, requestId: id });
      const mine = await waitFor('the log line', () => {
        const found = requestLines(id);
        return found.length > 0 ? found : undefined;
      });
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        outcome: 'rejected',
        operation: '(rejected)',
        httpStatus: status,
      });
      expect(String(mine[0]!.reason)).toContain(reason);
    },
  );

  it('is written once, by the plugin, for a query that does not parse', async () => {
    await gw.gql('{ citizen(', undefined, { 'x-request-id': 'ops-parse-error' });
    const mine = requestLines('ops-parse-error');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ outcome: 'error', errorCodes: ['GRAPHQL_PARSE_FAILED'] });
  });
});

describe('x-request-id', () => {
  it('echoes a valid client id and sends it to every agency call', async () => {
    const before = proxy.requests.length;
    const nik = mocks.dataset.fixtures.dukcapilOnlyNik;
    const { headers } = await gw.gql(CITIZEN, { nik }, { 'x-request-id': 'counter-7.a:b_c-1' });
    expect(headers.get('x-request-id')).toBe('counter-7.a:b_c-1');
    const sent = proxy.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) expect(r.headers['x-request-id']).toBe('counter-7.a:b_c-1');
  });

  it.each([
    ['spaces', 'not a valid id'],
    ['more than 64 characters', 'x'.repeat(65)],
    ['a NIK inside', `req-${'1173010106830001'}`],
    ['a NIK with separators', '1173-0101-0683-0001'],
  ])('replaces an id with %s by a fresh UUID, also towards the agencies', async (_what, bad) => {
    const before = proxy.requests.length;
    const { headers } = await gw.gql(
      CITIZEN,
      { nik: mocks.dataset.fixtures.dukcapilOnlyNik },
      { 'x-request-id': bad },
    );
    const id = headers.get('x-request-id')!;
    expect(id).toMatch(UUID);
    expect(proxy.requests.length).toBeGreaterThan(before);
    for (const r of proxy.requests.slice(before)) expect(r.headers['x-request-id']).toBe(id);
    expect(requestLines(id)).toHaveLength(1);
  });

  it('generates a distinct id when the client sends none', async () => {
    const a = await gw.gql('{ gatewayVersion }');
    const b = await gw.gql('{ gatewayVersion }');
    expect(a.headers.get('x-request-id')).toMatch(UUID);
    expect(b.headers.get('x-request-id')).toMatch(UUID);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });
});

describe('no identifier in any log line', () => {
  it('masks NIKs from variables, query text, operation names, request ids and upstream failures', async () => {
    const f = mocks.dataset.fixtures;
    const niks = [f.everyServiceHeadNik, f.arrearsNik, f.premiumArrearsNik, f.unknownNik];
    for (const nik of niks) await gw.gql(CITIZEN, { nik });
    // In the query text, in an invalid form (refused with BAD_USER_INPUT), in the operation name.
    await gw.gql(`{ citizen(nik: "${f.arrearsNik}") { fullName } }`);
    await gw.gql(`{ citizen(nik: "${f.arrearsNik.slice(0, 15)}9x") { fullName } }`);
    await gw.gql(`query Citizen_${f.unknownNik} { citizen(nik: "${f.unknownNik}") { fullName } }`);
    await gw.gql(
      CITIZEN,
      { nik: f.everyServiceHeadNik },
      { 'x-request-id': f.everyServiceHeadNik },
    );
    // Upstream failures (debug detail lines), then enough of them to trip a breaker (warn lines).
    mocks.agencies['bpjs-kesehatan'].faults.set('*', { malformed: true });
    await gw.gql(CITIZEN, { nik: f.premiumArrearsNik });
    mocks.agencies['bpjs-kesehatan'].faults.set('*', { status: 503 });
    let i = 0;
    await waitFor('the BPJS Kesehatan breaker to open', async () => {
      await gw.gql(CITIZEN, { nik: niks[i++ % niks.length] });
      return gw.gateway.upstreams.get('bpjs-kesehatan')!.breaker.state === 'open';
    });
    // A body that is not JSON, quoting a NIK.
    await post(`{"query": "{ citizen(nik: \\"${f.arrearsNik}\\")`, {
      'content-type': 'application/json',
    });

    const text = gw.logs.join('\n');
    expect(gw.logs.length).toBeGreaterThan(niks.length);
    expect(text).toMatch(/circuit breaker state changed/);
    expect(text).toMatch(/upstream call failed/);
    expect(digitRuns(text)).toEqual([]);
    const digitsOnly = text.replace(/[ .-]/g, '');
    for (const nik of niks) expect(digitsOnly).not.toContain(nik);
  });
});

describe('the process logger', () => {
  it('masks identifiers in messages, nested fields, numbers and errors, keeping the region', () => {
    const out: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _enc, done) {
          out.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const nik = mocks.dataset.fixtures.everyServiceHeadNik;
    logger.info(
      {
        nik,
        nested: {
          list: [`kk ${mocks.dataset.fixtures.everyServiceFamilyKk}`],
          nop: '11.73.001.002.006-0001.0',
        },
        asNumber: Number(nik),
        err: new Error(`lookup of ${nik} failed`),
      },
      `citizen ${nik} looked up`,
    );
    const line = out.join('');
    expect(digitRuns(line)).toEqual([]);
    expect(line.replace(/[ .-]/g, '')).not.toContain(nik);
    expect(line).toContain(`"nik":"${nik.slice(0, 4)}${'*'.repeat(12)}"`);
    expect(line).toContain(`citizen ${nik.slice(0, 4)}`);
  });
});
