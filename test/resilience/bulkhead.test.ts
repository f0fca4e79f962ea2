import { startTestGateway, type TestGateway } from '../support/gateway';
import { callsOf, connectorStates } from '../support/gateway-helpers';

/**
 * The bulkhead: at most MAX_CONCURRENT calls to one agency and MAX_QUEUE waiting; beyond
 * that a request fails at once with UPSTREAM_UNAVAILABLE instead of piling up behind a slow
 * agency, and such refusals say nothing about the agency's health (the breaker stays closed).
 */

const MAX_CONCURRENT = 2;
const MAX_QUEUE = 1;
const SLOW_MS = 1_500;

const BY_NIK = /* GraphQL */ `
  query ByNik($nik: String!) {
    healthInsuranceByNik(nik: $nik) {
      status
    }
  }
`;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({
    cache: null,
    env: {
      BPJS_KESEHATAN_MAX_CONCURRENT: String(MAX_CONCURRENT),
      BPJS_KESEHATAN_MAX_QUEUE: String(MAX_QUEUE),
      BPJS_KESEHATAN_TIMEOUT_MS: '5000',
      REQUEST_DEADLINE_MS: '8000',
    },
  });
});
afterAll(() => gw.stop());

it('refuses requests beyond concurrency + queue at once, and serves the others', async () => {
  gw.mocks.agencies['bpjs-kesehatan'].faults.set('peserta-nik', { latencyMs: SLOW_MS });
  gw.resetCalls();
  // Distinct NIKs: identical ones would share one call and never reach the bulkhead.
  const niks = gw.mocks.dataset.residents.slice(500, 506).map((r) => r.nik);
  const results = await Promise.all(
    niks.map(async (nik) => {
      const started = performance.now();
      const { body } = await gw.gql(BY_NIK, { nik });
      return { body, ms: performance.now() - started };
    }),
  );
  const refused = results.filter((r) => r.body.errors);
  const served = results.filter((r) => !r.body.errors);
  expect(served).toHaveLength(MAX_CONCURRENT + MAX_QUEUE);
  expect(refused).toHaveLength(niks.length - MAX_CONCURRENT - MAX_QUEUE);
  for (const r of refused) {
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        path: ['healthInsuranceByNik'],
        extensions: expect.objectContaining({
          code: 'UPSTREAM_UNAVAILABLE',
          connector: 'bpjs-kesehatan',
        }),
      }),
    ]);
    // Refused without waiting for the slow agency.
    expect(r.ms).toBeLessThan(SLOW_MS);
  }
  expect(callsOf(gw, 'bpjs-kesehatan', 'peserta-nik')).toBe(MAX_CONCURRENT + MAX_QUEUE);
  const states = await connectorStates(gw);
  expect(states['bpjs-kesehatan']).toEqual(
    expect.objectContaining({ breakerState: 'CLOSED', inFlight: 0 }),
  );
});
