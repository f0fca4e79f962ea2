import { getDataset } from '../../../mocks/data/dataset';
import {
  BEA_CUKAI_ENDPOINTS,
  BEA_CUKAI_MOCK_CREDENTIALS,
  buildBeaCukaiData,
  createBeaCukaiMock,
  type BeaCukaiMock,
} from '../../../mocks/bea-cukai';
import { BeaCukaiClient, CeisaSession } from '../../../src/connectors/bea-cukai';
import type { CallContext } from '../../../src/connectors/core/types';
import { createTestUpstream } from '../../support/upstream';

/**
 * The CEISA session under a fake clock shared by the connector and the mock: the mock expires
 * tokens by the same clock, so "five minutes later" costs no waiting. Every call is real HTTP.
 */
const dataset = getDataset();
const { fixtures } = buildBeaCukaiData(dataset);
const START = Date.parse('2026-11-01T08:00:00Z');

describe('bea-cukai CEISA session (fake clock)', () => {
  let now = START;
  let mock: BeaCukaiMock;
  let close: () => void;
  let session: CeisaSession;
  let client: BeaCukaiClient;

  const call = (): CallContext => ({
    connector: 'bea-cukai',
    requestId: 'test',
    signal: new AbortController().signal,
    timeoutMs: 2_000,
  });
  /** `n` concurrent lookups; resolves to the number that failed. */
  const load = async (n: number) => {
    const results = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        client.shipment(i % 2 ? fixtures.postalParcel : fixtures.airWaybill, call()),
      ),
    );
    for (const r of results) if (r.status === 'fulfilled') expect(r.value).not.toBeNull();
    return results.filter((r) => r.status === 'rejected').length;
  };
  const calls = (endpoint: string) => mock.calls.get(endpoint);

  beforeEach(async () => {
    now = START;
    mock = await createBeaCukaiMock(dataset, { now: () => now }).start();
    const t = createTestUpstream('bea-cukai', mock.url);
    close = t.close;
    session = new CeisaSession({
      upstream: t.upstream,
      ...BEA_CUKAI_MOCK_CREDENTIALS,
      timeoutMs: 2_000,
      now: () => now,
    });
    client = new BeaCukaiClient(t.upstream, session);
  });
  afterEach(async () => {
    close();
    await mock.stop();
  });

  it('logs in once for a burst of first calls', async () => {
    expect(await load(30)).toBe(0);
    expect(calls(BEA_CUKAI_ENDPOINTS.login)).toBe(1);
    expect(calls(BEA_CUKAI_ENDPOINTS.refresh)).toBe(0);
  });

  it('expiry in the middle of a load makes exactly one refresh', async () => {
    expect(await load(20)).toBe(0);
    // 4 min 50 s later: inside the 30 s margin of the 5-minute token.
    now += 290_000;
    expect(await load(50)).toBe(0);
    expect(calls(BEA_CUKAI_ENDPOINTS.refresh)).toBe(1);
    expect(calls(BEA_CUKAI_ENDPOINTS.login)).toBe(1);
    expect(calls(BEA_CUKAI_ENDPOINTS.shipment)).toBe(70);
  });

  it('a refused refresh makes one new login, and no call fails', async () => {
    expect(await load(10)).toBe(0);
    mock.revokeRefreshTokens();
    now += 290_000;
    expect(await load(40)).toBe(0);
    expect(calls(BEA_CUKAI_ENDPOINTS.refresh)).toBe(1);
    expect(calls(BEA_CUKAI_ENDPOINTS.login)).toBe(2);
    expect(session.stats).toEqual({ logins: 2, refreshes: 1, refreshRefused: 1 });
  });

  it('a token refused in use (expired between check and use) is renewed once and the calls repeated once', async () => {
    expect(await load(10)).toBe(0);
    // CEISA drops its sessions (a restart): our token looks valid to us but not to it.
    mock.expireAccessTokens();
    mock.calls.reset();
    expect(await load(25)).toBe(0);
    expect(calls(BEA_CUKAI_ENDPOINTS.refresh)).toBe(1);
    expect(calls(BEA_CUKAI_ENDPOINTS.login)).toBe(0);
    // Each call: one refused attempt and one repeat.
    expect(calls(BEA_CUKAI_ENDPOINTS.shipment)).toBe(50);
  });

  it('0 failed requests across 35 minutes of 5-minute token turnovers under load', async () => {
    let failed = 0;
    for (let t = 0; t <= 35 * 60; t += 20) {
      now = START + t * 1000;
      failed += await load(8);
    }
    expect(failed).toBe(0);
    // Renewed every 280 s (the first 20 s step past 270 s), never logged in again: 7 refreshes.
    expect(calls(BEA_CUKAI_ENDPOINTS.refresh)).toBe(7);
    expect(calls(BEA_CUKAI_ENDPOINTS.login)).toBe(1);
  });

  it("past the refresh token's 24 hours, logs in again without trying it", async () => {
    expect(await load(2)).toBe(0);
    now += 25 * 3_600_000;
    expect(await load(5)).toBe(0);
    expect(calls(BEA_CUKAI_ENDPOINTS.refresh)).toBe(0);
    expect(calls(BEA_CUKAI_ENDPOINTS.login)).toBe(2);
  });

  it('refused credentials fail with the cause for operators, once for all waiting calls', async () => {
    const t = createTestUpstream('bea-cukai', mock.url);
    const wrong = new BeaCukaiClient(
      t.upstream,
      new CeisaSession({
        upstream: t.upstream,
        username: 'mpp_langsa',
        password: 'nope',
        timeoutMs: 2_000,
      }),
    );
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => wrong.shipment(fixtures.airWaybill, call())),
    );
    t.close();
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const reason = (results[0] as PromiseRejectedResult).reason as { code: string; detail: string };
    expect(reason.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(reason.detail).toMatch(/username or password refused/);
    expect(calls(BEA_CUKAI_ENDPOINTS.login)).toBe(1);
    expect(calls(BEA_CUKAI_ENDPOINTS.shipment)).toBe(0);
  });
});
