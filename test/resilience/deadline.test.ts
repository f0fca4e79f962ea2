import { startTestGateway, type TestGateway } from '../support/gateway';
import { callsOf, FAMILY_VIEW, mockPorts, socketsTo, waitFor } from '../support/gateway-helpers';

/**
 * The request deadline (REQUEST_DEADLINE_MS) bounds a whole GraphQL request, whatever the
 * agencies do: a hung agency costs at most the deadline (plus a small margin for the
 * response), no retry starts past it, and the abandoned calls' sockets are closed.
 */

const DEADLINE_MS = 1_000;
/** Time to assemble and send the response after the deadline fired, on a loaded machine. */
const MARGIN_MS = 750;

const HEALTH = /* GraphQL */ `
  query Health($nik: String!) {
    citizen(nik: $nik) {
      fullName
      healthInsurance {
        status
      }
      taxObjects {
        nop
      }
    }
  }
`;

let gw: TestGateway;
let baselineSockets: number;
const nik = () => gw.mocks.dataset.fixtures.everyServiceHeadNik;

beforeAll(async () => {
  // Connector timeouts (2 s) and retries (2) stay at their defaults: longer than the deadline.
  gw = await startTestGateway({ cache: null, env: { REQUEST_DEADLINE_MS: String(DEADLINE_MS) } });
  await gw.gql(FAMILY_VIEW, { nik: nik() });
  baselineSockets = socketsTo(mockPorts(gw));
});
afterAll(() => gw.stop());
beforeEach(() => gw.resetCalls());
afterEach(() => {
  for (const agency of Object.values(gw.mocks.agencies)) agency.faults.clear();
});

async function timed(query: string) {
  const started = performance.now();
  const { status, body } = await gw.gql<Record<string, unknown>>(query, { nik: nik() });
  expect(status).toBe(200);
  return { body, ms: performance.now() - started };
}

describe('the request deadline', () => {
  it('ends a request with a hung agency at the deadline, with no retry past it', async () => {
    gw.mocks.agencies['bpjs-kesehatan'].faults.set('*', { hang: true });
    const { body, ms } = await timed(HEALTH);
    expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    const citizen = (body.data as { citizen: Record<string, unknown> }).citizen;
    expect(citizen.healthInsurance).toBeNull();
    expect(citizen.taxObjects).toHaveLength(2);
    expect(body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['citizen', 'healthInsurance'], 'UPSTREAM_TIMEOUT'],
    ]);
    // The one attempt used the whole budget: a retry could not finish, so none was made.
    expect(callsOf(gw, 'bpjs-kesehatan', 'peserta-nik')).toBe(1);
  });

  it('ends a request at the deadline when every agency hangs', async () => {
    for (const agency of Object.values(gw.mocks.agencies)) agency.faults.set('*', { hang: true });
    const { body, ms } = await timed(FAMILY_VIEW);
    expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(body.data).toEqual({ citizen: null });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_TIMEOUT']);
    expect(callsOf(gw, 'dukcapil', 'CALL_NIK')).toBe(1);
  });

  it('closes the sockets of the abandoned calls', async () => {
    await waitFor(
      `sockets to the mocks back to ${baselineSockets}`,
      () => socketsTo(mockPorts(gw)) <= baselineSockets,
      5_000,
    );
  });
});
