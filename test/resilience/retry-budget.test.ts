import { startTestGateway, type TestGateway } from '../support/gateway';
import { breakerTransitions, connectorStates, totalCallsOf } from '../support/gateway-helpers';

/**
 * Retry budgets and per-request breaker counting, through the real gateway against the PDAM
 * mock failing a share of its calls (seeded, so the same sequence every run):
 * - with retries allowed (2 per request) and a 20 % budget, the upstream calls per query stay
 *   within 1 + 20 % whatever the agency's failure rate;
 * - the breaker counts one outcome per request: at 60 % failing attempts, requests rescued by
 *   a retry are successes, so it stays closed (per attempt, > 50 % of outcomes would fail).
 */

const QUERY = /* GraphQL */ `
  query Water($customerNumber: String!) {
    waterAccount(customerNumber: $customerNumber) {
      customerNumber
    }
  }
`;

let gw: TestGateway;
const accounts = () => [...gw.mocks.dataset.waterAccounts.keys()];

async function run(queries: number): Promise<{ served: number; codes: string[] }> {
  const ids = accounts();
  let served = 0;
  const codes: string[] = [];
  for (let i = 0; i < queries; i++) {
    const { status, body } = await gw.gql<{ waterAccount: unknown }>(QUERY, {
      customerNumber: ids[i % ids.length],
    });
    expect(status).toBe(200);
    if (body.data?.waterAccount) served++;
    for (const e of body.errors ?? []) codes.push(String(e.extensions?.code));
  }
  return { served, codes };
}

afterEach(() => gw.mocks.agencies.pdam.faults.clear());

describe('a 20 % retry budget with PDAM failing half of its calls', () => {
  beforeAll(async () => {
    gw = await startTestGateway({
      cache: null,
      env: {
        PDAM_RETRIES: '2',
        PDAM_RETRY_BASE_MS: '1',
        PDAM_RETRY_MAX_MS: '5',
        PDAM_RETRY_BUDGET_PERCENT: '20',
        // No floor: the ratio alone decides, so the bound below is exact.
        PDAM_RETRY_BUDGET_MIN_PER_SECOND: '0',
        PDAM_RETRY_BUDGET_WINDOW_MS: '60000',
        PDAM_BREAKER_ENABLED: 'false',
      },
    });
  });
  afterAll(() => gw.stop());

  it('makes at most 1 + 20 % upstream calls per query, and does retry', async () => {
    gw.mocks.agencies.pdam.faults.set('*', { status: 503, rate: 0.5 });
    gw.resetCalls();
    const queries = 100;
    const { served, codes } = await run(queries);
    const calls = totalCallsOf(gw, 'pdam');
    expect(calls).toBeLessThanOrEqual(queries * 1.2);
    // Retries did happen (the budget is not "no retries"), and they rescued queries.
    expect(calls).toBeGreaterThan(queries);
    expect(served).toBeGreaterThan(queries * 0.5);
    expect(served + codes.length).toBe(queries);
    expect(new Set(codes)).toEqual(new Set(['UPSTREAM_UNAVAILABLE']));
  });
});

describe('the PDAM breaker counts one outcome per request, not per attempt', () => {
  beforeAll(async () => {
    gw = await startTestGateway({
      cache: null,
      env: {
        PDAM_RETRIES: '2',
        PDAM_RETRY_BASE_MS: '1',
        PDAM_RETRY_MAX_MS: '5',
        // Budget out of the way: this is about what the breaker counts.
        PDAM_RETRY_BUDGET_PERCENT: '200',
        PDAM_BREAKER_VOLUME: '10',
        PDAM_BREAKER_ERROR_PERCENT: '50',
        PDAM_BREAKER_WINDOW_MS: '60000',
      },
    });
  });
  afterAll(() => gw.stop());

  it('stays closed at 60 % failing attempts when retries rescue most requests', async () => {
    gw.mocks.agencies.pdam.faults.set('*', { status: 503, rate: 0.6 });
    gw.resetCalls();
    const queries = 60;
    const { served } = await run(queries);
    const calls = totalCallsOf(gw, 'pdam');
    // More than half of the attempts failed: counted per attempt, the breaker would open.
    expect(calls).toBeGreaterThan(queries * 1.5);
    expect(served).toBeGreaterThan(queries / 2);
    expect((await connectorStates(gw)).pdam?.breakerState).toBe('CLOSED');
    expect(breakerTransitions(gw, 'pdam')).toEqual([]);
  });

  it('opens when most requests fail even after their retries', async () => {
    gw.mocks.agencies.pdam.faults.set('*', { status: 503 });
    // The window still holds the successes above: it takes more failures than those to open.
    const { codes } = await run(60);
    expect(codes).toContain('CIRCUIT_OPEN');
    expect(breakerTransitions(gw, 'pdam')).toEqual(['open']);
  });
});
