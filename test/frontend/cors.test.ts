import { ConfigError } from '../../src/config';
import { loadSecurityConfig, sha256Hex } from '../../src/security';
import { CONNECTOR_KEYS } from '../support/connector-keys';
import { corsRegistryOf, createCorsPolicy, CORS_REQUEST_HEADERS } from '../../src/server/cors';

const KIOSK = 'https://kiosk.mpp.example.go.id';
const COUNTER = 'https://loket.mpp.example.go.id';
const SSO = 'https://sso-app.mpp.example.go.id';
const EVIL = 'https://evil.example.com';

const env = {
  NODE_ENV: 'test',
  AUTH_DEV_CLIENT: 'false',
  API_CLIENTS: JSON.stringify([
    {
      id: 'mpp-kiosk',
      keySha256: sha256Hex('k'.repeat(32)),
      scopes: ['pdam:read'],
      allowedOrigins: [KIOSK],
    },
    {
      id: 'mpp-counter',
      keySha256: sha256Hex('c'.repeat(32)),
      scopes: ['pdam:read'],
      allowedOrigins: [COUNTER],
    },
    { id: 'batch-job', keySha256: sha256Hex('b'.repeat(32)), scopes: ['pdam:read'] },
  ]),
  JWT_HS256_SECRET: 's'.repeat(40),
  JWT_ISSUER: 'https://sso.example',
  JWT_AUDIENCE: 'mpp-gateway',
  JWT_ALLOWED_ORIGINS: SSO,
};
const policy = createCorsPolicy(corsRegistryOf(loadSecurityConfig(env, CONNECTOR_KEYS)));
const preflight = (origin: string | undefined, requestMethod = 'POST') =>
  policy.preflight({ method: 'OPTIONS', origin, requestMethod });

describe('CORS preflight (no credentials: judged against every configured origin)', () => {
  it.each([KIOSK, COUNTER, SSO])(
    'answers 204 for %s with the methods and gateway headers',
    (origin) => {
      const d = preflight(origin);
      expect(d).toEqual({
        kind: 'preflight',
        status: 204,
        headers: expect.objectContaining({
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-max-age': '600',
        }),
      });
      const allowedHeaders = d.headers['access-control-allow-headers']!.split(', ');
      expect(allowedHeaders).toEqual(expect.arrayContaining([...CORS_REQUEST_HEADERS]));
      expect(d.headers['vary']).toMatch(/^Origin\b/);
    },
  );

  it('refuses an unknown origin with 403 and no Access-Control-Allow-Origin', () => {
    const d = preflight(EVIL);
    expect(d.kind === 'preflight' && d.status).toBe(403);
    expect(d.headers['access-control-allow-origin']).toBeUndefined();
    expect(d.headers['vary']).toMatch(/Origin/);
  });

  it('refuses a method GraphQL over HTTP does not use, and a missing origin', () => {
    expect(preflight(KIOSK, 'DELETE').headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight(undefined).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('tells a preflight from a plain OPTIONS', () => {
    expect(policy.isPreflight({ method: 'OPTIONS', origin: KIOSK, requestMethod: 'POST' })).toBe(
      true,
    );
    expect(policy.isPreflight({ method: 'OPTIONS', origin: KIOSK })).toBe(false);
    expect(policy.isPreflight({ method: 'POST', origin: KIOSK, requestMethod: 'POST' })).toBe(
      false,
    );
  });
});

describe('CORS on the actual request (judged against the caller’s own origins)', () => {
  const post = (origin: string | undefined) => ({ method: 'POST', origin });

  it('allows a client only from its own origins, never with a wildcard', () => {
    const kiosk = { clientId: 'mpp-kiosk', method: 'api-key' as const };
    const ok = policy.actual(post(KIOSK), kiosk).headers;
    expect(ok['access-control-allow-origin']).toBe(KIOSK);
    expect(ok['access-control-expose-headers']).toContain('retry-after');
    expect(ok['vary']).toBe('Origin');
    // The counter's origin is configured, but not for the kiosk's key.
    expect(
      policy.actual(post(COUNTER), kiosk).headers['access-control-allow-origin'],
    ).toBeUndefined();
    expect(policy.actual(post(EVIL), kiosk).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives a client without allowedOrigins no browser access', () => {
    const batch = { clientId: 'batch-job', method: 'api-key' as const };
    for (const origin of [KIOSK, COUNTER, SSO])
      expect(
        policy.actual(post(origin), batch).headers['access-control-allow-origin'],
      ).toBeUndefined();
  });

  it('applies JWT_ALLOWED_ORIGINS to every token of the issuer, whatever its client id', () => {
    const sso = { clientId: 'anything-the-idp-says', method: 'jwt' as const };
    expect(policy.actual(post(SSO), sso).headers['access-control-allow-origin']).toBe(SSO);
    expect(policy.actual(post(KIOSK), sso).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets any configured origin read a refusal before authentication (401/429), not an unknown one', () => {
    expect(policy.actual(post(COUNTER), undefined).headers['access-control-allow-origin']).toBe(
      COUNTER,
    );
    expect(
      policy.actual(post(EVIL), undefined).headers['access-control-allow-origin'],
    ).toBeUndefined();
  });

  it('adds only Vary for a request without Origin (server-to-server)', () => {
    expect(policy.actual(post(undefined), undefined).headers).toEqual({ vary: 'Origin' });
  });
});

describe('allowed origins in the client registry', () => {
  it('gives the development client the development origins by default, none in production', () => {
    const dev = loadSecurityConfig(
      { NODE_ENV: 'development', AUTH_DEV_API_KEY: 'd'.repeat(20) },
      CONNECTOR_KEYS,
    );
    const devPolicy = createCorsPolicy(corsRegistryOf(dev));
    const caller = { clientId: dev.dev!.clientId, method: 'api-key' as const };
    expect(
      devPolicy.actual({ method: 'POST', origin: 'http://localhost:5173' }, caller).headers[
        'access-control-allow-origin'
      ],
    ).toBe('http://localhost:5173');
    expect(() =>
      loadSecurityConfig(
        {
          ...env,
          NODE_ENV: 'production',
          AUDIT_HMAC_SECRET: 'a'.repeat(40),
          PERSISTED_QUERIES: 'apq',
          CORS_DEV_ORIGINS: 'http://localhost:5173',
        },
        CONNECTOR_KEYS,
      ),
    ).toThrow(/CORS_DEV_ORIGINS/);
  });

  it.each([
    '*',
    'null',
    'https://x.example/path',
    'https://X.example',
    'ftp://x.example',
    'https://*.example',
  ])('refuses %s as an allowed origin, naming the setting', (origin) => {
    const bad = JSON.stringify([
      {
        id: 'c1',
        keySha256: sha256Hex('x'.repeat(32)),
        scopes: ['pdam:read'],
        allowedOrigins: [origin],
      },
    ]);
    expect(() =>
      loadSecurityConfig({ NODE_ENV: 'test', API_CLIENTS: bad }, CONNECTOR_KEYS),
    ).toThrow(ConfigError);
    expect(() =>
      loadSecurityConfig({ ...env, JWT_ALLOWED_ORIGINS: origin }, CONNECTOR_KEYS),
    ).toThrow(/JWT_ALLOWED_ORIGINS/);
  });
});
