import { startTestGateway, type TestGateway } from '../support/gateway';
import {
  breakerTransitions,
  callsOf,
  connectorStates,
  totalCallsOf,
  waitFor,
} from '../support/gateway-helpers';

/**
 * The circuit breaker of a connector through the real gateway: it opens after the configured
 * volume of failures, then refuses at once (no upstream call, CIRCUIT_OPEN) while the agency
 * still hangs, probes once when half-open, re-opens on a failed probe and closes by itself on
 * a good one. Each transition is logged once and visible in the `connectors` field.
 */

const VOLUME = 4;
const RESET_MS = 1_000;
/** Upper bound for "failed fast": well under the 2 s call timeout a real call would wait. */
const FAST_MS = 1_000;

const HEALTH = /* GraphQL */ `
  query Health($nik: String!) {
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
type Health = {
  citizen: {
    fullName: string;
    healthInsurance: { status: string } | null;
    waterAccounts: unknown[] | null;
  } | null;
};

let gw: TestGateway;
let next = 400;
/** Distinct NIKs: the same one in concurrent requests would be coalesced into one call. */
const freshNik = () => gw.mocks.dataset.residents[next++]!.nik;
const bpjs = () => gw.mocks.agencies['bpjs-kesehatan'];
const pdam = () => gw.mocks.agencies.pdam;

beforeAll(async () => {
  gw = await startTestGateway({
    cache: null,
    env: {
      BPJS_KESEHATAN_BREAKER_VOLUME: String(VOLUME),
      BPJS_KESEHATAN_BREAKER_ERROR_PERCENT: '50',
      BPJS_KESEHATAN_BREAKER_RESET_MS: String(RESET_MS),
      BPJS_KESEHATAN_RETRIES: '0',
      PDAM_BREAKER_VOLUME: '3',
      PDAM_BREAKER_RESET_MS: String(RESET_MS),
      PDAM_RETRIES: '0',
    },
  });
});
afterAll(() => gw.stop());
afterEach(async () => {
  for (const agency of Object.values(gw.mocks.agencies)) {
    agency.faults.clear();
    if (!agency.running) await agency.start();
  }
});

async function query(nik = freshNik()) {
  const started = performance.now();
  const { status, body } = await gw.gql<Health>(HEALTH, { nik });
  expect(status).toBe(200);
  expect(body.data?.citizen?.fullName).toEqual(expect.any(String));
  return {
    citizen: body.data!.citizen!,
    errors: body.errors ?? [],
    ms: performance.now() - started,
  };
}

const state = async (connector: string) => (await connectorStates(gw))[connector]?.breakerState;

describe('the BPJS Kesehatan breaker, driven by a hanging agency', () => {
  it('stays closed below the volume, opens at it, and then fails fast without calling', async () => {
    bpjs().faults.set('*', { hang: true });
    const below = await Promise.all(Array.from({ length: VOLUME - 1 }, () => query()));
    for (const r of below) expect(r.errors[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    expect(await state('bpjs-kesehatan')).toBe('CLOSED');

    const atVolume = await query();
    expect(atVolume.errors[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    expect(await state('bpjs-kesehatan')).toBe('OPEN');

    // The agency still hangs: a call would take the 2 s timeout. None is made.
    gw.resetCalls();
    const refused = await query();
    expect(refused.ms).toBeLessThan(FAST_MS);
    expect(refused.citizen.healthInsurance).toBeNull();
    expect(refused.citizen.waterAccounts).toEqual(expect.any(Array));
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({
      path: ['citizen', 'healthInsurance'],
      extensions: { code: 'CIRCUIT_OPEN', connector: 'bpjs-kesehatan' },
    });
    expect(totalCallsOf(gw, 'bpjs-kesehatan')).toBe(0);
  });

  it('probes once when half-open, and re-opens when the probe fails', async () => {
    bpjs().faults.set('*', { status: 503 });
    await waitFor('half-open', async () => (await state('bpjs-kesehatan')) === 'HALF_OPEN', 5_000);
    gw.resetCalls();
    const probe = await query();
    expect(probe.errors[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(callsOf(gw, 'bpjs-kesehatan', 'peserta-nik')).toBe(1);
    expect(await state('bpjs-kesehatan')).toBe('OPEN');
  });

  it('closes by itself after the agency recovers: half-open probe, then closed', async () => {
    await waitFor('half-open', async () => (await state('bpjs-kesehatan')) === 'HALF_OPEN', 5_000);
    gw.resetCalls();
    const probe = await query();
    expect(probe.errors).toEqual([]);
    expect(probe.citizen.healthInsurance).not.toBeNull();
    expect(callsOf(gw, 'bpjs-kesehatan', 'peserta-nik')).toBe(1);
    expect(await state('bpjs-kesehatan')).toBe('CLOSED');
    const after = await query();
    expect(after.errors).toEqual([]);
  });

  it('logged each transition exactly once, in order', () => {
    expect(breakerTransitions(gw, 'bpjs-kesehatan')).toEqual([
      'open',
      'half-open',
      'open',
      'half-open',
      'closed',
    ]);
  });
});

describe('the PDAM breaker, driven by the agency going down and coming back', () => {
  it('opens on refused connections, fails fast, and closes once PDAM is back', async () => {
    await pdam().stop();
    // Earlier successful PDAM calls are still in its rolling window: count the failures it
    // takes rather than assume an empty window (the exact volume is asserted above).
    let failures = 0;
    while ((await state('pdam')) !== 'OPEN' && failures < 20) {
      const r = await query();
      expect(r.citizen.waterAccounts).toBeNull();
      expect(r.errors.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
      failures++;
    }
    expect(failures).toBeGreaterThanOrEqual(3);
    expect(await state('pdam')).toBe('OPEN');
    const refused = await query();
    expect(refused.errors.map((e) => e.extensions?.code)).toEqual(['CIRCUIT_OPEN']);
    expect(refused.citizen.healthInsurance).not.toBeNull();

    await pdam().start();
    await waitFor('PDAM half-open', async () => (await state('pdam')) === 'HALF_OPEN', 5_000);
    const back = await query();
    expect(back.errors).toEqual([]);
    expect(back.citizen.waterAccounts).not.toBeNull();
    expect(await state('pdam')).toBe('CLOSED');
    expect(breakerTransitions(gw, 'pdam')).toEqual(['open', 'half-open', 'closed']);
  });
});
