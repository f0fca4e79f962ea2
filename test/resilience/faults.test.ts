import type { Fault } from '../../mocks/core/faults';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { callsOf, mockPorts, socketsTo, waitFor } from '../support/gateway-helpers';
import { CITIZEN_ACROSS_AGENCIES } from '../support/queries';

/**
 * One agency (BPJS Kesehatan) misbehaving in every way the mocks can inject, through the real
 * gateway: the response keeps every other agency's fields, nulls only the failing one with
 * the documented code, and the number of upstream attempts is 1 + retries on retryable
 * failures only. The breaker is off here (breaker.test.ts is about it) and there is no
 * shared cache, so every request reaches the pipeline.
 */

const VIEW = CITIZEN_ACROSS_AGENCIES;
type View = {
  citizen: {
    fullName: string;
    healthInsurance: { status: string } | null;
    employmentInsurance: { kpj: string } | null;
    taxObjects: unknown[] | null;
    waterAccounts: unknown[] | null;
  } | null;
};

const RETRIES = 2;
const TIMEOUT_MS = 400;

let gw: TestGateway;
let baselineSockets: number;
const bpjs = () => gw.mocks.agencies['bpjs-kesehatan'];
const attempts = () => callsOf(gw, 'bpjs-kesehatan', 'peserta-nik');
const nik = () => gw.mocks.dataset.fixtures.everyServiceHeadNik;

beforeAll(async () => {
  gw = await startTestGateway({
    cache: null,
    env: {
      BPJS_KESEHATAN_BREAKER_ENABLED: 'false',
      BPJS_KESEHATAN_RETRIES: String(RETRIES),
      BPJS_KESEHATAN_RETRY_BASE_MS: '10',
      BPJS_KESEHATAN_RETRY_MAX_MS: '40',
      BPJS_KESEHATAN_TIMEOUT_MS: String(TIMEOUT_MS),
    },
  });
  // Warm the keep-alive pools, then count: the chaos below must leave no socket behind.
  await gw.gql(VIEW, { nik: nik() });
  baselineSockets = socketsTo(mockPorts(gw));
});
afterAll(() => gw.stop());
beforeEach(() => gw.resetCalls());
afterEach(async () => {
  bpjs().faults.clear();
  if (!bpjs().running) await bpjs().start();
});

async function view() {
  const { status, body } = await gw.gql<View>(VIEW, { nik: nik() });
  expect(status).toBe(200);
  const citizen = body.data!.citizen!;
  // Every other agency's fields are intact whatever BPJS Kesehatan does.
  expect(citizen.fullName).toEqual(expect.any(String));
  expect(citizen.employmentInsurance).not.toBeNull();
  expect(citizen.taxObjects).toHaveLength(2);
  expect(citizen.waterAccounts).toHaveLength(1);
  return { citizen, errors: body.errors ?? [] };
}

function expectFailure(result: Awaited<ReturnType<typeof view>>, code: string): void {
  expect(result.citizen.healthInsurance).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatchObject({
    path: ['citizen', 'healthInsurance'],
    extensions: { code, connector: 'bpjs-kesehatan' },
  });
  expect(JSON.stringify(result.errors)).not.toMatch(/html|stack|Service Unavailable|ECONN/i);
}

describe('BPJS Kesehatan misbehaving, the rest of the view intact', () => {
  it('latency below the timeout: full data, one call', async () => {
    bpjs().faults.set('*', { latencyMs: TIMEOUT_MS / 4 });
    const result = await view();
    expect(result.errors).toEqual([]);
    expect(result.citizen.healthInsurance).toEqual({ status: expect.any(String) });
    expect(attempts()).toBe(1);
  });

  it.each<[string, string, number, Fault]>([
    ['latency above the timeout', 'UPSTREAM_TIMEOUT', 1 + RETRIES, { latencyMs: TIMEOUT_MS * 3 }],
    ['HTTP 503 on every call', 'UPSTREAM_UNAVAILABLE', 1 + RETRIES, { status: 503 }],
    ['HTTP 502 on every call', 'UPSTREAM_UNAVAILABLE', 1 + RETRIES, { status: 502 }],
    ['a hang', 'UPSTREAM_TIMEOUT', 1 + RETRIES, { hang: true }],
    ['a connection reset', 'UPSTREAM_UNAVAILABLE', 1 + RETRIES, { reset: true }],
    // Not retryable: another attempt would get the same answer.
    ['HTTP 500', 'UPSTREAM_UNAVAILABLE', 1, { status: 500 }],
    ['HTTP 400', 'UPSTREAM_UNAVAILABLE', 1, { status: 400 }],
    ['a malformed body', 'UPSTREAM_BAD_RESPONSE', 1, { malformed: true }],
  ])('%s: %s after %d attempt(s)', async (_what, code, expectedAttempts, fault) => {
    bpjs().faults.set('*', fault);
    expectFailure(await view(), code);
    expect(attempts()).toBe(expectedAttempts);
  });

  it('the agency down (listener closed): UPSTREAM_UNAVAILABLE, and back when it returns', async () => {
    await bpjs().stop();
    expectFailure(await view(), 'UPSTREAM_UNAVAILABLE');
    await bpjs().start();
    const back = await view();
    expect(back.errors).toEqual([]);
  });

  it('50% HTTP 503: every answer is data or UPSTREAM_UNAVAILABLE, never more than 1 + retries calls', async () => {
    bpjs().faults.set('*', { status: 503, rate: 0.5 });
    let ok = 0;
    let failed = 0;
    for (let i = 0; i < 20; i++) {
      gw.resetCalls();
      const result = await view();
      if (result.citizen.healthInsurance) {
        expect(result.errors).toEqual([]);
        ok++;
      } else {
        expectFailure(result, 'UPSTREAM_UNAVAILABLE');
        expect(attempts()).toBe(1 + RETRIES);
        failed++;
      }
      expect(attempts()).toBeGreaterThanOrEqual(1);
      expect(attempts()).toBeLessThanOrEqual(1 + RETRIES);
    }
    // With two retries a request fails only when three draws fail: most succeed.
    expect(ok).toBeGreaterThan(failed);
  });

  it('leaves no socket open after hangs, resets and aborted calls', async () => {
    // The count does see a hung call's sockets (both ends live in this process)...
    bpjs().faults.set('*', { hang: true });
    const hung = view();
    await waitFor('the hung call socket', () => socketsTo(mockPorts(gw)) > baselineSockets, 5_000);
    expectFailure(await hung, 'UPSTREAM_TIMEOUT');
    // ...and once the call is abandoned, and after all the chaos above, none is left behind.
    await waitFor(
      `sockets to the mocks back to ${baselineSockets}`,
      () => socketsTo(mockPorts(gw)) <= baselineSockets,
      5_000,
    );
  });
});
