import { createPrivateKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { getDataset } from '../../../mocks/data/dataset';
import {
  buildDisnakerData,
  createDisnakerMock,
  devClientKeyPair,
  DISNAKER_ENDPOINTS,
  DISNAKER_MOCK_CLIENT,
  generateClientKeyPair,
  type DisnakerMock,
} from '../../../mocks/disnaker';
import type { CallContext } from '../../../src/connectors/core/types';
import { AssertionTokenSource, DisnakerClient } from '../../../src/connectors/disnaker';
import { createTestUpstream } from '../../support/upstream';

/** private_key_jwt against the mock, with a fake clock shared by both sides. */
const dataset = getDataset();
const { fixtures } = buildDisnakerData(dataset);
const START = Date.parse('2026-11-01T08:00:00Z');

describe('disnaker private_key_jwt token source', () => {
  let now = START;
  let mock: DisnakerMock;
  let close: () => void;
  let upstream: ReturnType<typeof createTestUpstream>['upstream'];

  const call = (): CallContext => ({
    connector: 'disnaker',
    requestId: 'test',
    signal: new AbortController().signal,
    timeoutMs: 2_000,
  });
  const source = (overrides: { pem?: string; assertionSeconds?: number } = {}) =>
    new AssertionTokenSource({
      upstream,
      clientId: DISNAKER_MOCK_CLIENT.clientId,
      keyId: DISNAKER_MOCK_CLIENT.keyId,
      privateKey: createPrivateKey(overrides.pem ?? devClientKeyPair().privateKeyPem),
      tokenUrl: `${mock.url}/oauth2/token`,
      timeoutMs: 2_000,
      assertionSeconds: overrides.assertionSeconds,
      now: () => now,
    });

  beforeEach(async () => {
    now = START;
    mock = await createDisnakerMock(dataset, { now: () => now }).start();
    ({ upstream, close } = createTestUpstream('disnaker', mock.url));
  });
  afterEach(async () => {
    close();
    await mock.stop();
  });

  it('signs a short-lived RS256 assertion with a unique jti, for the token endpoint', async () => {
    const tokens = source();
    const a = await tokens.assertion();
    const b = await tokens.assertion();
    const claims = decodeJwt(a);
    expect(decodeProtectedHeader(a)).toMatchObject({
      alg: 'RS256',
      kid: DISNAKER_MOCK_CLIENT.keyId,
    });
    expect(claims).toMatchObject({
      iss: DISNAKER_MOCK_CLIENT.clientId,
      sub: DISNAKER_MOCK_CLIENT.clientId,
      aud: `${mock.url}/oauth2/token`,
    });
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(claims.jti).not.toBe(decodeJwt(b).jti);
  });

  it('caches the access token: a burst costs one token request; a new one is fetched before expiry', async () => {
    const tokens = source();
    const client = new DisnakerClient(upstream, tokens);
    await Promise.all(
      Array.from({ length: 25 }, () => client.cardsByNik([fixtures.holderNik], call())),
    );
    expect(mock.calls.get(DISNAKER_ENDPOINTS.token)).toBe(1);
    now += 9 * 60_000; // 9 of the token's 10 minutes: outside the 30 s margin, still cached
    await client.cardsByNik([fixtures.holderNik], call());
    expect(mock.calls.get(DISNAKER_ENDPOINTS.token)).toBe(1);
    now += 40_000; // 20 s before expiry: renewed, with a fresh assertion
    await Promise.all(
      Array.from({ length: 10 }, () => client.cardsByNik([fixtures.holderNik], call())),
    );
    expect(mock.calls.get(DISNAKER_ENDPOINTS.token)).toBe(2);
    expect(tokens.assertionsSigned).toBe(2);
    expect(mock.refusedAssertions).toEqual({ replay: 0, signature: 0, lifetime: 0 });
  });

  it('the mock refuses a replayed assertion (same jti)', async () => {
    const assertion = await source().assertion();
    const post = () =>
      fetch(`${mock.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        }).toString(),
      });
    expect((await post()).status).toBe(200);
    const replay = await post();
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'invalid_client' });
    expect(mock.refusedAssertions.replay).toBe(1);
  });

  it('a key Disnaker never registered is refused with the cause named for operators', async () => {
    const client = new DisnakerClient(
      upstream,
      source({ pem: generateClientKeyPair().privateKeyPem }),
    );
    await expect(client.cardsByNik([fixtures.holderNik], call())).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      detail: expect.stringMatching(/invalid_client; client assertion refused/),
    });
    expect(mock.refusedAssertions.signature).toBe(1);
    expect(mock.calls.get(DISNAKER_ENDPOINTS.search)).toBe(0);
  });

  it('an assertion living longer than the office allows is refused', async () => {
    const client = new DisnakerClient(upstream, source({ assertionSeconds: 300 }));
    await expect(client.cardsByNik([fixtures.holderNik], call())).resolves.toHaveLength(1);
    const tooLong = new DisnakerClient(upstream, source({ assertionSeconds: 3_600 }));
    await expect(tooLong.cardsByNik([fixtures.holderNik], call())).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(mock.refusedAssertions.lifetime).toBe(1);
  });

  it('a token dropped by the office is renewed once for all waiting calls, and no call fails', async () => {
    const tokens = source();
    const client = new DisnakerClient(upstream, tokens);
    await client.cardsByNik([fixtures.holderNik], call());
    now += 11 * 60_000; // the office's token is dead; ours (by our clock too) is due
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => client.cardsByNik([fixtures.holderNik], call())),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    expect(mock.calls.get(DISNAKER_ENDPOINTS.token)).toBe(2);
  });
});
