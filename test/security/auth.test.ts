import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { productionAuditEnv } from '../support/production-env';
import { CONNECTOR_KEYS } from '../support/connector-keys';
import { ConfigError } from '../../src/config';
import {
  AuthenticationError,
  authenticate,
  loadSecurityConfig,
  SecurityHeaderError,
  sha256Hex,
} from '../../src/security';
import { JWT_AUDIENCE, JWT_ISSUER, JWT_SECRET, jwt, KEYS, SECURITY_ENV } from './support/clients';

const config = loadSecurityConfig({ ...SECURITY_ENV, NODE_ENV: 'test' }, CONNECTOR_KEYS);

describe('authenticate', () => {
  it('resolves an API key client with its scopes, officer and purpose', async () => {
    const caller = await authenticate(
      { 'x-api-key': KEYS.kiosk, 'x-officer-id': 'nip.1980', 'x-purpose': 'MPP/2026/7' },
      config,
    );
    expect(caller).toEqual({
      clientId: 'mpp-kiosk',
      identity: 'key:mpp-kiosk',
      scopes: new Set(['pdam:read', 'pii:read']),
      officerId: 'nip.1980',
      purpose: 'MPP/2026/7',
      method: 'api-key',
    });
  });

  it('reads a HS256 JWT: client from client_id, scopes from scope, officer from officer_id', async () => {
    const token = await jwt({
      client_id: 'counter-sso',
      scope: 'dukcapil:read pii:read',
      officer_id: 'o-7',
    });
    const caller = await authenticate({ authorization: `Bearer ${token}` }, config);
    expect(caller).toMatchObject({ clientId: 'counter-sso', officerId: 'o-7', method: 'jwt' });
    expect([...caller.scopes]).toEqual(['dukcapil:read', 'pii:read']);
  });

  it('names a token client jwt:<issuer hash>:<id>, never the API-key client of the same id', async () => {
    const token = await jwt({ client_id: 'mpp-kiosk', scope: 'pdam:read' });
    const caller = await authenticate({ authorization: `Bearer ${token}` }, config);
    expect(caller.clientId).toBe('mpp-kiosk');
    expect(caller.identity).toMatch(/^jwt:[0-9a-f]{12}:mpp-kiosk$/);
    const byKey = await authenticate({ 'x-api-key': KEYS.kiosk }, config);
    expect(byKey.identity).toBe('key:mpp-kiosk');
  });

  it('refuses a token issued in the future beyond the clock tolerance, with a reason', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sign = (iat: number) =>
      new SignJWT({ client_id: 'counter-sso' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(JWT_ISSUER)
        .setAudience(JWT_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(now + 3_600)
        .sign(new TextEncoder().encode(JWT_SECRET));
    const future = authenticate({ authorization: `Bearer ${await sign(now + 600)}` }, config);
    await expect(future).rejects.toBeInstanceOf(AuthenticationError);
    await expect(future).rejects.toMatchObject({
      extensions: { reason: 'TOKEN_ISSUED_IN_FUTURE' },
    });
    // Within the tolerance (30 s by default) a skewed clock is forgiven.
    const skewed = await authenticate({ authorization: `Bearer ${await sign(now + 10)}` }, config);
    expect(skewed.clientId).toBe('counter-sso');
  });

  it('verifies RS256 tokens against JWT_PUBLIC_KEY_PEM and refuses an HS256 token signed with the public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    const rs = loadSecurityConfig(
      {
        NODE_ENV: 'test',
        AUTH_DEV_CLIENT: 'false',
        JWT_PUBLIC_KEY_PEM: pem,
        JWT_ISSUER: 'iss',
        JWT_AUDIENCE: 'aud',
      },
      CONNECTOR_KEYS,
    );
    const good = await new SignJWT({ azp: 'kiosk-3', scp: ['pdam:read'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('iss')
      .setAudience('aud')
      .setExpirationTime('1m')
      .sign(privateKey);
    expect(await authenticate({ authorization: `Bearer ${good}` }, rs)).toMatchObject({
      clientId: 'kiosk-3',
      scopes: new Set(['pdam:read']),
    });
    // Algorithm confusion: an HS256 token keyed with the (public) PEM text must not pass.
    const confused = await new SignJWT({ azp: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('iss')
      .setAudience('aud')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(pem));
    await expect(authenticate({ authorization: `Bearer ${confused}` }, rs)).rejects.toThrow(
      'the token algorithm is not accepted',
    );
  });

  it.each([
    ['no credentials', {}, 'credentials required'],
    ['an unknown key', { 'x-api-key': 'nope-nope-nope-nope' }, 'unknown API key'],
    ['a repeated key header', { 'x-api-key': [KEYS.kiosk, KEYS.counter] }, 'more than once'],
    ['a token without exp', 'no-exp', 'exp claim is not accepted'],
    ['a token without a client', 'no-client', 'names no client'],
  ])('refuses %s with AuthenticationError (401)', async (_n, headers, message) => {
    let h: Record<string, string | string[]>;
    if (headers === 'no-exp') {
      const t = await new SignJWT({ client_id: 'a' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(SECURITY_ENV.JWT_ISSUER!)
        .setAudience(SECURITY_ENV.JWT_AUDIENCE!)
        .sign(new TextEncoder().encode(SECURITY_ENV.JWT_HS256_SECRET!));
      h = { authorization: `Bearer ${t}` };
    } else if (headers === 'no-client') h = { authorization: `Bearer ${await jwt({})}` };
    else h = headers as Record<string, string | string[]>;
    const err = await authenticate(h, config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).toContain(message);
    expect((err as AuthenticationError).extensions['http']).toMatchObject({ status: 401 });
  });

  it('refuses a malformed purpose with SecurityHeaderError (400), before looking at the key', async () => {
    await expect(
      authenticate({ 'x-api-key': 'whatever-whatever', 'x-purpose': 'a b' }, config),
    ).rejects.toBeInstanceOf(SecurityHeaderError);
  });
});

describe('loadSecurityConfig', () => {
  it('creates a development client with every scope outside production, with a fixed key when given', () => {
    const dev = loadSecurityConfig(
      {
        NODE_ENV: 'development',
        AUTH_DEV_API_KEY: 'my-dev-key-0123456789',
      },
      CONNECTOR_KEYS,
    );
    expect(dev.dev).toMatchObject({ clientId: 'dev-console', apiKey: 'my-dev-key-0123456789' });
    expect(dev.clients[0]!.keySha256).toBe(sha256Hex('my-dev-key-0123456789'));
    const random = loadSecurityConfig({ NODE_ENV: 'development' }, CONNECTOR_KEYS);
    expect(random.dev!.apiKey).toMatch(/^mpp-dev-[A-Za-z0-9_-]{24}$/);
  });

  it('never has a development client in production, and requires a registry and the audit secret', () => {
    const err = (() => {
      try {
        loadSecurityConfig(
          { NODE_ENV: 'production', AUTH_DEV_API_KEY: 'my-dev-key-0123456789' },
          CONNECTOR_KEYS,
        );
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toEqual([
      'AUTH_DEV_API_KEY: development credentials are refused in production',
      'API_CLIENTS or JWT_* is required in production (no client could call the API)',
      'AUDIT_HMAC_SECRET is required in production (hashes subject NIKs in the audit log)',
      'AUDIT_SIGNING_KEY is required in production (signs audit checkpoints)',
      'AUDIT_MAC_KEY is required in production (keys the audit record MACs)',
      'PERSISTED_QUERY_MANIFEST is required when PERSISTED_QUERIES=allow-list (the production default; set PERSISTED_QUERIES=apq to opt out)',
    ]);
    const prod = loadSecurityConfig(
      {
        ...SECURITY_ENV,
        NODE_ENV: 'production',
        PERSISTED_QUERIES: 'apq',
        ...productionAuditEnv(),
      },
      CONNECTOR_KEYS,
    );
    expect(prod.dev).toBeUndefined();
    expect(prod.clients.map((c) => c.id)).not.toContain('dev-console');
  });

  it.each([
    [{ API_CLIENTS: '[{' }, 'API_CLIENTS: not valid JSON'],
    [
      { API_CLIENTS: '[{"id":"a1","keySha256":"x","scopes":["pii:read"]}]' },
      'API_CLIENTS[0]: keySha256',
    ],
    [
      { API_CLIENTS: `[{"id":"a1","keySha256":"${'a'.repeat(64)}","scopes":["pii:write"]}]` },
      'API_CLIENTS[0].scopes: unknown scope pii:write',
    ],
    [
      { JWT_HS256_SECRET: 'short', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' },
      'JWT_HS256_SECRET: must be at least 32 characters',
    ],
    [{ JWT_HS256_SECRET: 'x'.repeat(32) }, 'JWT_ISSUER is required with JWT verification'],
    [
      {
        JWT_HS256_SECRET: 'x'.repeat(32),
        JWT_PUBLIC_KEY_PEM: 'x',
        JWT_ISSUER: 'i',
        JWT_AUDIENCE: 'a',
      },
      'set only one',
    ],
    [
      { JWT_PUBLIC_KEY_PEM: 'not a pem', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' },
      'JWT_PUBLIC_KEY_PEM: not a PEM public key',
    ],
    [{ QUERY_MAX_DEPTH: 'deep' }, 'QUERY_MAX_DEPTH: expected an integer'],
    [{ PERSISTED_QUERIES: 'sometimes' }, 'PERSISTED_QUERIES'],
  ])('names a bad setting: %j', (env, problem) => {
    expect(() => loadSecurityConfig({ NODE_ENV: 'test', ...env }, CONNECTOR_KEYS)).toThrow(problem);
  });
});
