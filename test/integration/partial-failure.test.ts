import { startTestGateway, type TestGateway } from '../support/gateway';
import { CITIZEN_ACROSS_AGENCIES } from '../support/queries';

const VIEW = CITIZEN_ACROSS_AGENCIES;

let gw: TestGateway;
beforeAll(async () => {
  // Breakers off and no retries here: this file is about the response shape of one failure.
  gw = await startTestGateway({
    cache: null,
    env: {
      BPJS_KESEHATAN_BREAKER_ENABLED: 'false',
      BPJS_KESEHATAN_RETRIES: '0',
      PDAM_BREAKER_ENABLED: 'false',
      PDAM_RETRIES: '0',
      BPJS_KESEHATAN_TIMEOUT_MS: '300',
    },
  });
});
afterAll(() => gw.stop());
afterEach(() => {
  for (const agency of Object.values(gw.mocks.agencies)) agency.faults.clear();
});

const nik = () => gw.mocks.dataset.fixtures.everyServiceHeadNik;

describe('one failing agency degrades only its own fields', () => {
  it.each([
    ['HTTP 503', { status: 503 }, 'UPSTREAM_UNAVAILABLE'],
    ['a connection reset', { reset: true }, 'UPSTREAM_UNAVAILABLE'],
    ['a garbage body', { malformed: true }, 'UPSTREAM_BAD_RESPONSE'],
    ['a hang past the timeout', { hang: true }, 'UPSTREAM_TIMEOUT'],
  ])('BPJS Kesehatan answering with %s', async (_what, fault, code) => {
    gw.mocks.agencies['bpjs-kesehatan'].faults.set('*', fault);
    const { status, body } = await gw.gql(VIEW, { nik: nik() });
    expect(status).toBe(200);
    const citizen = (body.data as { citizen: Record<string, unknown> }).citizen;
    expect(citizen.healthInsurance).toBeNull();
    expect(citizen.fullName).toEqual(expect.any(String));
    expect(citizen.employmentInsurance).not.toBeNull();
    expect(citizen.taxObjects).toHaveLength(2);
    expect(citizen.waterAccounts).toHaveLength(1);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      path: ['citizen', 'healthInsurance'],
      extensions: { code, connector: 'bpjs-kesehatan' },
    });
    // Nothing of the upstream leaks to the client.
    expect(JSON.stringify(body.errors)).not.toMatch(/html|stack|Service Unavailable/i);
  });

  it('PDAM down (listener closed) nulls only the water accounts, and the gateway keeps serving', async () => {
    const pdam = gw.mocks.agencies.pdam;
    await pdam.stop();
    try {
      const { body } = await gw.gql(VIEW, { nik: nik() });
      const citizen = (body.data as { citizen: Record<string, unknown> }).citizen;
      expect(citizen.waterAccounts).toBeNull();
      expect(citizen.healthInsurance).not.toBeNull();
      expect(body.errors?.map((e) => e.extensions?.connector)).toEqual(['pdam']);
    } finally {
      await pdam.start();
    }
    const again = await gw.gql(VIEW, { nik: nik() });
    expect(again.body.errors).toBeUndefined();
  });

  it('never writes a clear NIK to the logs', async () => {
    await gw.gql(VIEW, { nik: nik() });
    await gw.gql(VIEW, { nik: 'not-a-nik-1173050806970001' });
    const all = gw.logs.join('\n');
    expect(gw.logs.length).toBeGreaterThan(0);
    expect(all).not.toContain(nik());
    expect(all).not.toMatch(/\d{16}/);
  });
});
