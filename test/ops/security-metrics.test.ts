import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway';
import { CITIZEN_NAME } from '../support/gateway-helpers';
import { parseMetrics, valueOf } from './helpers';

/**
 * /metrics counts what the security layer refuses and what it writes: 401s by reason, 429s,
 * and audit appends by outcome; the status page shows the same counts.
 */
let gw: TestGateway;

beforeAll(async () => {
  // A small budget (burst 4, one token a second): a quick loop exhausts it.
  gw = await startTestGateway({ env: { RATE_LIMIT_BURST: '4', RATE_LIMIT_PER_SECOND: '1' } });
}, 60_000);

afterAll(async () => {
  await gw?.stop();
});

const metrics = async () => parseMetrics(await (await fetch(`${gw.url}/metrics`)).text());

it('exposes refusal, rate-limit and audit counters after a 401, a 429 and an audited read', async () => {
  const before = await metrics();
  expect(valueOf(before, 'mpp_rate_limited_requests_total')).toBe(0);
  expect(valueOf(before, 'mpp_audit_writes_total', { outcome: 'ok' })).toBe(0);
  const nik = gw.mocks.dataset.fixtures.everyServiceHeadNik;

  // No credential, then an unknown key: two 401s, neither takes a token from the budget.
  expect((await gw.gql(CITIZEN_NAME, { nik }, { 'x-api-key': '' })).status).toBe(401);
  expect(
    (await gw.gql(CITIZEN_NAME, { nik }, { 'x-api-key': `${TEST_API_KEY}-not-ours` })).status,
  ).toBe(401);

  // Audited reads until the budget is spent.
  let ok = 0;
  let limited = 0;
  for (let i = 0; i < 20 && limited === 0; i++) {
    const res = await gw.gql(CITIZEN_NAME, { nik });
    if (res.status === 429) limited++;
    else {
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      ok++;
    }
  }
  expect(ok).toBeGreaterThan(0);
  expect(limited).toBe(1);

  const after = await metrics();
  expect(valueOf(after, 'mpp_auth_refusals_total', { reason: 'missing' })).toBe(1);
  expect(valueOf(after, 'mpp_auth_refusals_total', { reason: 'unknown_key' })).toBe(1);
  expect(valueOf(after, 'mpp_rate_limited_requests_total')).toBe(1);
  // One audit record per personal-data read that was answered.
  expect(valueOf(after, 'mpp_audit_writes_total', { outcome: 'ok' })).toBe(ok);
  expect(valueOf(after, 'mpp_audit_writes_total', { outcome: 'failed' })).toBe(0);
  // The refused requests are no longer only an anonymous "(rejected)" duration sample.
  expect(
    valueOf(after, 'mpp_graphql_operation_duration_seconds_count', { operation: '(rejected)' }),
  ).toBe(3);

  const status = (await (await fetch(`${gw.url}/status.json`)).json()) as {
    services: { audit: { ok: number }; rateLimit: { limited: number; authRefusals: number } };
  };
  expect(status.services.audit.ok).toBe(ok);
  expect(status.services.rateLimit).toMatchObject({ limited: 1, authRefusals: 2 });
}, 30_000);
