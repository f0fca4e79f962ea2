import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MOCK_CREDENTIALS } from '../../../mocks/credentials';
import { KEY, startHarness, type Harness } from './harness';

/**
 * The mock's native protocol, spoken over raw HTTP: what a connector written against the real
 * system would meet. (The connector tests cover our side.)
 */
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ tokenLifetimeSeconds: 900 });
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.reset());

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const { clientId, clientSecret } = MOCK_CREDENTIALS[KEY];

function requestToken(authorization: string, body = 'grant_type=client_credentials') {
  return fetch(`${h.mock.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

async function token(): Promise<string> {
  const res = await requestToken(basic(clientId, clientSecret));
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('BPJS Ketenagakerjaan mock: OAuth2 token endpoint', () => {
  it('issues a Bearer token with the configured lifetime and no-store caching', async () => {
    const res = await requestToken(basic(clientId, clientSecret));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      access_token: expect.any(String),
    });
  });

  it('refuses a wrong secret with 401 invalid_client and a Basic challenge', async () => {
    const res = await requestToken(basic(clientId, 'wrong'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses other grant types with 400 unsupported_grant_type', async () => {
    const res = await requestToken(basic(clientId, clientSecret), 'grant_type=password');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

describe('BPJS Ketenagakerjaan mock: member API', () => {
  const kpj = () => [...h.dataset.employment.keys()][0]!;

  it('challenges a request without a token with a bare Bearer challenge', async () => {
    const res = await fetch(`${h.mock.url}/api/v1/peserta/${kpj()}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).not.toContain('error=');
  });

  it('answers an expired token with 401 invalid_token', async () => {
    const bearer = await token();
    h.mock.expireAllTokens();
    const res = await fetch(`${h.mock.url}/api/v1/peserta/${kpj()}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('serves a member in the OK envelope and 404 NOT_FOUND for an unknown KPJ', async () => {
    const headers = { authorization: `Bearer ${await token()}` };
    const found = await fetch(`${h.mock.url}/api/v1/peserta/${kpj()}`, { headers });
    expect(await found.json()).toMatchObject({
      status: 'OK',
      data: { kpj: kpj(), status_kepesertaan: expect.any(String) },
    });
    const missing = await fetch(`${h.mock.url}/api/v1/peserta/09000000001`, { headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 'NOT_FOUND' });
  });

  it('refuses a search with more than 50 NIKs', async () => {
    const nik = h.dataset.residents.slice(0, 51).map((r) => r.nik);
    const res = await fetch(`${h.mock.url}/api/v1/peserta/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ nik }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 'BAD_REQUEST' });
  });

  it('serves its OpenAPI description without auth and without counting the call', async () => {
    const res = await fetch(`${h.mock.url}/openapi.json`);
    const served = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    const file = JSON.parse(
      readFileSync(
        path.join(__dirname, '../../../mocks/bpjs-ketenagakerjaan/openapi.json'),
        'utf8',
      ),
    ) as unknown;

    expect(served).toEqual(file);
    expect(served.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(served.paths)).toEqual(
      expect.arrayContaining(['/oauth/token', '/api/v1/peserta/{kpj}', '/api/v1/peserta/search']),
    );
    expect(h.mock.calls.total()).toBe(0);
  });
});
