import { startMocks, type RunningMocks } from '../../mocks';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { labelSets, scrape, syntheticNiks, valueOf, waitFor, type Sample } from './helpers';

const CITIZEN = /* GraphQL */ `
  query Citizen($nik: String!) {
    citizen(nik: $nik) {
      fullName
      family {
        members {
          fullName
          healthInsurance {
            status
          }
        }
      }
      waterAccounts {
        customerNumber
      }
    }
  }
`;
const WATER = /* GraphQL */ `
  query Water($no: String!) {
    waterAccount(customerNumber: $no) {
      name
    }
  }
`;
/** One request looking `niks` up at three agencies (aliases: one HTTP round trip for many NIKs). */
const BY_NIKS = (name: string, count: number) => /* GraphQL */ `
  query ${name}(${Array.from({ length: count }, (_, i) => `$n${i}: String!`).join(', ')}) {
    ${Array.from(
      { length: count },
      (_, i) => `
    c${i}: citizen(nik: $n${i}) { fullName }
    h${i}: healthInsuranceByNik(nik: $n${i}) { status }
    e${i}: employmentInsuranceByNik(nik: $n${i}) { kpj }`,
    ).join('')}
  }
`;
const vars = (niks: string[]) => Object.fromEntries(niks.map((nik, i) => [`n${i}`, nik]));

/** Growth of a counter (or histogram `_count`) between two scrapes. */
const delta = (a: Sample[], b: Sample[], name: string, labels: Record<string, string> = {}) =>
  valueOf(b, name, labels) - valueOf(a, name, labels);

let mocks: RunningMocks;
beforeAll(async () => {
  mocks = await startMocks();
});
afterAll(() => mocks.stop());
afterEach(() => {
  for (const agency of Object.values(mocks.agencies)) agency.faults.clear();
});

const customers = () => [...mocks.dataset.waterAccounts.keys()];

describe('metrics follow the traffic', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ mocks });
  });
  afterAll(() => gw.stop());

  it('counts operations, upstream calls, cache hits and misses and DataLoader batches', async () => {
    const a = (await scrape(gw.url)).samples;
    const nik = mocks.dataset.fixtures.everyServiceHeadNik;
    for (let i = 0; i < 2; i++) {
      const { body } = await gw.gql(CITIZEN, { nik });
      expect(body.errors).toBeUndefined();
    }
    const b = (await scrape(gw.url)).samples;

    const ops = 'mpp_graphql_operation_duration_seconds_count';
    expect(delta(a, b, ops, { operation: 'Citizen', outcome: 'ok' })).toBe(2);
    const http = 'mpp_http_request_duration_seconds_count';
    expect(delta(a, b, http, { route: '/graphql', method: 'POST', status: '2xx' })).toBe(2);
    const upstream = 'mpp_upstream_call_duration_seconds_count';
    for (const connector of ['dukcapil', 'bpjs-kesehatan', 'pdam'])
      expect(delta(a, b, upstream, { connector, outcome: 'ok' })).toBeGreaterThan(0);
    // The second query is served from the shared cache.
    const cache = 'mpp_cache_events_total';
    expect(delta(a, b, cache, { connector: 'dukcapil', event: 'miss' })).toBeGreaterThan(0);
    expect(delta(a, b, cache, { connector: 'dukcapil', event: 'hit' })).toBeGreaterThan(0);
    // The family's four members' memberships went to BPJS Kesehatan as batches of the loader.
    const batches = 'mpp_dataloader_batch_size';
    expect(delta(a, b, `${batches}_count`, { connector: 'bpjs-kesehatan' })).toBeGreaterThan(0);
    expect(delta(a, b, `${batches}_sum`, { connector: 'bpjs-kesehatan' })).toBeGreaterThanOrEqual(
      delta(a, b, `${batches}_count`, { connector: 'bpjs-kesehatan' }),
    );
  });

  it('counts failed upstream calls by error code', async () => {
    mocks.agencies.pdam.faults.set('*', { malformed: true });
    const a = (await scrape(gw.url)).samples;
    const { body } = await gw.gql(WATER, { no: customers()[3] });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    const b = (await scrape(gw.url)).samples;
    expect(
      delta(a, b, 'mpp_upstream_errors_total', {
        connector: 'pdam',
        code: 'UPSTREAM_BAD_RESPONSE',
      }),
    ).toBe(1);
    expect(
      delta(a, b, 'mpp_upstream_call_duration_seconds_count', {
        connector: 'pdam',
        outcome: 'error',
      }),
    ).toBe(1);
    expect(
      delta(a, b, 'mpp_graphql_operation_duration_seconds_count', {
        operation: 'Water',
        outcome: 'partial',
      }),
    ).toBe(1);
  });
});

describe('resilience metrics', () => {
  it('count retries, breaker transitions and state, and calls refused by the open breaker', async () => {
    const gw = await startTestGateway({
      mocks,
      cache: null,
      env: {
        PDAM_RETRIES: '2',
        PDAM_RETRY_BASE_MS: '1',
        PDAM_RETRY_MAX_MS: '5',
        PDAM_BREAKER_VOLUME: '3',
        PDAM_BREAKER_RESET_MS: '60000',
      },
    });
    try {
      mocks.agencies.pdam.faults.set('*', { status: 503 });
      const a = (await scrape(gw.url)).samples;
      await gw.gql(WATER, { no: customers()[0] });
      const b = (await scrape(gw.url)).samples;
      // One query: the first attempt and two retries, each a 503.
      expect(delta(a, b, 'mpp_upstream_retries_total', { connector: 'pdam' })).toBe(2);
      expect(
        delta(a, b, 'mpp_upstream_errors_total', {
          connector: 'pdam',
          code: 'UPSTREAM_UNAVAILABLE',
        }),
      ).toBe(3);

      await waitFor('the PDAM breaker to open', async () => {
        await gw.gql(WATER, { no: customers()[1] });
        return gw.gateway.upstreams.get('pdam')!.breaker.state === 'open';
      });
      const calls = mocks.agencies.pdam.calls.total();
      const { body } = await gw.gql(WATER, { no: customers()[2] });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'CIRCUIT_OPEN' });
      expect(mocks.agencies.pdam.calls.total()).toBe(calls);

      const c = (await scrape(gw.url)).samples;
      expect(valueOf(c, 'mpp_breaker_state', { connector: 'pdam', state: 'open' })).toBe(1);
      expect(valueOf(c, 'mpp_breaker_state', { connector: 'pdam', state: 'closed' })).toBe(0);
      expect(valueOf(c, 'mpp_breaker_state', { connector: 'dukcapil', state: 'closed' })).toBe(1);
      expect(delta(a, c, 'mpp_breaker_transitions_total', { connector: 'pdam', to: 'open' })).toBe(
        1,
      );
      expect(valueOf(c, 'mpp_breaker_rejections_total', { connector: 'pdam' })).toBeGreaterThan(0);
    } finally {
      await gw.stop();
    }
  });

  it('count bulkhead rejections and stale serves', async () => {
    const gw = await startTestGateway({
      mocks,
      env: {
        PDAM_MAX_CONCURRENT: '1',
        PDAM_MAX_QUEUE: '0',
        PDAM_RETRIES: '0',
        PDAM_BREAKER_ENABLED: 'false',
        PDAM_CACHE_FRESH_S: '0',
        PDAM_CACHE_SWR_S: '0',
      },
    });
    try {
      const a = (await scrape(gw.url)).samples;
      // Cached once while PDAM is healthy...
      const no = customers()[5]!;
      expect((await gw.gql(WATER, { no })).body.errors).toBeUndefined();
      // ...then served stale when PDAM fails.
      mocks.agencies.pdam.faults.set('*', { status: 503 });
      const stale = await gw.gql(WATER, { no });
      expect(stale.body.extensions?.stale).toEqual([
        { connector: 'pdam', ageSeconds: expect.any(Number) },
      ]);

      // One slot, no queue: concurrent lookups of distinct customers beyond the first are refused.
      mocks.agencies.pdam.faults.set('*', { latencyMs: 400 });
      await Promise.all(
        customers()
          .slice(10, 14)
          .map((n) => gw.gql(WATER, { no: n })),
      );
      const b = (await scrape(gw.url)).samples;
      expect(delta(a, b, 'mpp_cache_events_total', { connector: 'pdam', event: 'stale' })).toBe(1);
      expect(delta(a, b, 'mpp_bulkhead_rejections_total', { connector: 'pdam' })).toBeGreaterThan(
        0,
      );
    } finally {
      await gw.stop();
    }
  });

  it('seed the breaker gauge with the configured state (disabled)', async () => {
    const gw = await startTestGateway({ mocks, env: { PDAM_BREAKER_ENABLED: 'false' } });
    try {
      const s = (await scrape(gw.url)).samples;
      expect(valueOf(s, 'mpp_breaker_state', { connector: 'pdam', state: 'disabled' })).toBe(1);
      expect(valueOf(s, 'mpp_breaker_state', { connector: 'pdam', state: 'closed' })).toBe(0);
    } finally {
      await gw.stop();
    }
  });
});

describe('label cardinality', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      mocks,
      // Ten NIKs at three agencies per request: above the hostile-query limits on purpose.
      env: { QUERY_MAX_ALIASES: '100', QUERY_MAX_ROOT_FIELDS: '100', QUERY_MAX_COST: '100000' },
    });
  });
  afterAll(() => gw.stop());

  /** Runs `jobs` with at most `width` at a time. */
  async function pool(jobs: Array<() => Promise<unknown>>, width = 8): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < jobs.length) await jobs[next++]!();
      }),
    );
  }

  it('stays bounded over 1,000 distinct NIKs, and no identifier reaches /metrics', async () => {
    const f = mocks.dataset.fixtures;
    const warmUp = [f.everyServiceHeadNik, f.arrearsNik, f.premiumArrearsNik, f.unknownNik];
    const niks = syntheticNiks(1_000);
    const chunks = Array.from({ length: 100 }, (_, i) => niks.slice(i * 10, i * 10 + 10));
    // Warm-up: every query shape and outcome once, twice for cache hits.
    for (let i = 0; i < 2; i++) await gw.gql(BY_NIKS('Citizen', warmUp.length), vars(warmUp));
    await gw.gql(BY_NIKS('Citizen', 4), vars(niks.slice(0, 4)));
    await gw.gql(BY_NIKS(`Citizen_${niks[0]}`, 1), vars(niks.slice(0, 1)));
    const before = labelSets((await scrape(gw.url)).samples);

    await pool(
      chunks.map((chunk, i) => async () => {
        // A quarter of the clients put a NIK in the operation name: it must never become a label.
        const name = i % 4 === 0 ? `Citizen_${chunk[0]}` : 'Citizen';
        const { status, body } = await gw.gql(BY_NIKS(name, chunk.length), vars(chunk));
        expect(status).toBe(200);
        expect(body.data).toEqual(expect.any(Object));
      }),
      4,
    );
    const { text, samples } = await scrape(gw.url);
    const after = labelSets(samples);

    for (const [family, sets] of after) {
      const grew = sets.size - (before.get(family)?.size ?? 0);
      // A rare new outcome (a slow call timing out on a loaded machine) may add a set or two;
      // a leak would add hundreds.
      expect({ family, grew: grew <= 4 }).toEqual({ family, grew: true });
    }
    const operations = [...(after.get('mpp_graphql_operation_duration_seconds') ?? [])].map(
      (k) => Object.fromEntries(JSON.parse(k) as Array<[string, string]>).operation,
    );
    expect(new Set(operations)).toEqual(new Set(['Citizen', '(other)']));
    for (const s of samples)
      for (const v of Object.values(s.labels)) expect(v).not.toMatch(/\d{10}/);
    for (const nik of [...niks, ...warmUp]) expect(text).not.toContain(nik);
    // The NIKs did reach the agencies (the test would prove nothing otherwise).
    expect(mocks.agencies.dukcapil.calls.total()).toBeGreaterThanOrEqual(1_000);
    // 1,000 real lookups: minutes on a loaded 2-core CI machine; the assertions are on counts.
  }, 120_000);

  it('gives at most 100 operation names their own label; the rest are "(other)"', async () => {
    const letters = (i: number) =>
      String.fromCharCode(65 + (i % 26)) + String.fromCharCode(65 + Math.floor(i / 26));
    for (let i = 0; i < 130; i++) await gw.gql(`query Op${letters(i)} { gatewayVersion }`);
    const sets = labelSets((await scrape(gw.url)).samples);
    const operations = new Set(
      [...(sets.get('mpp_graphql_operation_duration_seconds') ?? [])].map(
        (k) => Object.fromEntries(JSON.parse(k) as Array<[string, string]>).operation,
      ),
    );
    expect(operations.size).toBeLessThanOrEqual(100 + 1);
    expect(operations).toContain('(other)');
  });
});
