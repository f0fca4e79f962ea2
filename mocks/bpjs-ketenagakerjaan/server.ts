import { MOCK_CREDENTIALS } from '../credentials';
import { MockAgency, type MockRequest, type MockResponse, type MockRoute } from '../core/server';
import { CallCounter, FaultBook, type Fault } from '../core/faults';
import type { Dataset } from '../data/dataset';
import openapi from './openapi.json';
import { indexPeserta, type PesertaIndex } from './records';
import { TokenStore } from './tokens';

/**
 * BPJS Ketenagakerjaan mock: an OAuth2 client-credentials authorisation server plus the
 * member (peserta) REST API. See README.md in this folder for the protocol.
 */

export interface BpjsKetenagakerjaanMockOptions {
  /** Listen port; 0 (default) picks a free one. */
  port?: number;
  /** Lifetime of issued access tokens in seconds. Default 3600. */
  tokenLifetimeSeconds?: number;
}

/** Endpoint names for fault injection and call counters. */
export const ENDPOINTS = {
  token: 'token',
  peserta: 'peserta',
  pesertaSearch: 'peserta-search',
  openapi: 'openapi',
} as const;

/** The API's own limit on NIKs per search request. */
export const MAX_SEARCH_NIKS = 50;

const REALM = 'BPJS Ketenagakerjaan API';
const KPJ = /^\d{11}$/;
const NIK = /^\d{16}$/;
const OPENAPI_BODY = JSON.stringify(openapi);

/**
 * The API description is documentation, not agency behaviour: it is neither counted nor
 * subject to faults, so "calls.total()" and a "*" fault describe the API alone.
 */
class ApiCallCounter extends CallCounter {
  override increment(endpoint: string): void {
    if (endpoint !== ENDPOINTS.openapi) super.increment(endpoint);
  }
}

class ApiFaultBook extends FaultBook {
  override for(endpoint: string): Fault | undefined {
    return endpoint === ENDPOINTS.openapi ? undefined : super.for(endpoint);
  }
}

export class BpjsKetenagakerjaanMock extends MockAgency {
  override readonly calls: CallCounter = new ApiCallCounter();
  override readonly faults: FaultBook = new ApiFaultBook();

  constructor(
    private readonly tokens: TokenStore,
    routes: MockRoute[],
    port: number | undefined,
  ) {
    super({
      key: 'bpjs-ketenagakerjaan',
      routes,
      port,
      // A body cut off mid-record, as a proxy that drops the connection would leave it.
      malformedBody: '{"status":"OK","data":{"kpj":"1',
    });
  }

  /** Makes every token issued so far stale: the next API call with one gets 401 invalid_token. */
  expireAllTokens(): void {
    this.tokens.expireAll();
  }
}

export function createBpjsKetenagakerjaanMock(
  dataset: Dataset,
  options: BpjsKetenagakerjaanMockOptions = {},
): BpjsKetenagakerjaanMock {
  const tokens = new TokenStore(options.tokenLifetimeSeconds ?? 3600);
  const index = indexPeserta(dataset);
  return new BpjsKetenagakerjaanMock(tokens, routes(tokens, index), options.port);
}

function routes(tokens: TokenStore, index: PesertaIndex): MockRoute[] {
  return [
    {
      endpoint: ENDPOINTS.token,
      method: 'POST',
      path: /^\/oauth\/token$/,
      handle: (req) => issueToken(req, tokens),
    },
    {
      endpoint: ENDPOINTS.pesertaSearch,
      method: 'POST',
      path: /^\/api\/v1\/peserta\/search$/,
      handle: (req) => bearerProblem(req, tokens) ?? searchByNik(req, index),
    },
    {
      endpoint: ENDPOINTS.peserta,
      method: 'GET',
      path: /^\/api\/v1\/peserta\/(?<kpj>[^/]+)$/,
      handle: (req) => bearerProblem(req, tokens) ?? pesertaByKpj(req.params['kpj'] ?? '', index),
    },
    {
      endpoint: ENDPOINTS.openapi,
      method: 'GET',
      path: /^\/openapi\.json$/,
      handle: () => ({ headers: { 'content-type': 'application/json' }, body: OPENAPI_BODY }),
    },
  ];
}

// --- OAuth2 (RFC 6749 section 4.4, errors per section 5.2) ---

function issueToken(req: MockRequest, tokens: TokenStore): MockResponse {
  const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return oauthError(
      400,
      'invalid_request',
      'Content-Type must be application/x-www-form-urlencoded',
    );
  }
  const client = basicCredentials(req.headers.authorization);
  const expected = MOCK_CREDENTIALS['bpjs-ketenagakerjaan'];
  if (!client || client.id !== expected.clientId || client.secret !== expected.clientSecret) {
    return {
      ...oauthError(401, 'invalid_client', 'Client authentication failed'),
      headers: { ...noStore, 'www-authenticate': `Basic realm="${REALM}"` },
    };
  }
  const grantType = new URLSearchParams(req.body).get('grant_type');
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported');
  }
  const { token, expiresIn } = tokens.issue();
  return {
    headers: noStore,
    body: {
      access_token: token,
      token_type: 'Bearer',
      expires_in: expiresIn,
      scope: 'peserta.read',
    },
  };
}

function oauthError(status: number, error: string, description: string): MockResponse {
  return {
    status,
    headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
    body: { error, error_description: description },
  };
}

/** RFC 6749 section 2.3.1: id and secret are form-encoded, joined by ":", then base64. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return null;
  }
}

/** RFC 6750 section 3: a missing token gets a bare challenge, a bad one `invalid_token`. */
function bearerProblem(req: MockRequest, tokens: TokenStore): MockResponse | null {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) {
    return {
      status: 401,
      headers: { 'www-authenticate': `Bearer realm="${REALM}"` },
      body: { status: 'UNAUTHORIZED', message: 'Token akses diperlukan' },
    };
  }
  const verdict = tokens.check(match[1]);
  if (verdict === 'valid') return null;
  const description =
    verdict === 'expired' ? 'The access token expired' : 'The access token is unknown';
  return {
    status: 401,
    headers: {
      'www-authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"`,
    },
    body: { status: 'UNAUTHORIZED', message: 'Token tidak valid atau kedaluwarsa' },
  };
}

// --- Member API ---

function pesertaByKpj(kpj: string, index: PesertaIndex): MockResponse {
  if (!KPJ.test(kpj)) return badRequest('Format nomor KPJ tidak valid');
  const record = index.byKpj.get(kpj);
  if (!record) {
    return { status: 404, body: { status: 'NOT_FOUND', message: 'Peserta tidak ditemukan' } };
  }
  return { body: { status: 'OK', data: record } };
}

function searchByNik(req: MockRequest, index: PesertaIndex): MockResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    return badRequest('Body harus berupa JSON');
  }
  const niks = (parsed as { nik?: unknown } | null)?.nik;
  if (
    !Array.isArray(niks) ||
    !niks.every((n): n is string => typeof n === 'string' && NIK.test(n))
  ) {
    return badRequest('Field nik harus berupa daftar NIK 16 digit');
  }
  if (niks.length > MAX_SEARCH_NIKS) {
    return badRequest(`Maksimal ${MAX_SEARCH_NIKS} NIK per permintaan`);
  }
  const data = [];
  for (const nik of new Set(niks)) {
    const record = index.byNik.get(nik);
    if (record) data.push(record);
  }
  return { body: { status: 'OK', data } };
}

function badRequest(message: string): MockResponse {
  return { status: 400, body: { status: 'BAD_REQUEST', message } };
}
