import { timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Caller } from './caller';
import { sha256Hex, type ApiClient, type SecurityConfig } from './config';
import { AuthenticationError, SecurityHeaderError } from './errors';

/** Request headers as node's `req.headers` or Apollo's `HeaderMap` gives them. */
export type HeaderSource =
  Record<string, string | string[] | undefined> | { get(name: string): string | undefined };

export const HEADERS = {
  apiKey: 'x-api-key',
  authorization: 'authorization',
  officer: 'x-officer-id',
  purpose: 'x-purpose',
} as const;

// A service case id (e.g. "MPP-2026-000123") and an officer id (NIP or staff login): short,
// printable, no spaces, so they can be logged and audited as they are.
const PURPOSE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$/;
const OFFICER = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function header(headers: HeaderSource, name: string): string | undefined {
  const value =
    typeof headers.get === 'function'
      ? (headers as { get(n: string): string | undefined }).get(name)
      : (headers as Record<string, string | string[] | undefined>)[name];
  if (Array.isArray(value)) {
    // A repeated credential header is ambiguous: refuse rather than pick one.
    if (value.length > 1)
      throw new AuthenticationError(`header ${name} was sent more than once`, 'ambiguous');
    return value[0];
  }
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Resolves the caller of a request from its headers: an API key (`x-api-key`) of a registered
 * client, or a JWT (`Authorization: Bearer`) from the configured issuer, plus the acting
 * officer (`x-officer-id`) and the purpose (`x-purpose`). Throws AuthenticationError (HTTP 401)
 * for missing, unknown, expired or forged credentials, SecurityHeaderError (400) for a
 * malformed officer or purpose. Never logs or returns the credential.
 */
export async function authenticate(headers: HeaderSource, config: SecurityConfig): Promise<Caller> {
  const apiKey = header(headers, HEADERS.apiKey);
  const authorization = header(headers, HEADERS.authorization);
  if (apiKey && authorization)
    throw new AuthenticationError(
      'send one credential: x-api-key or Authorization, not both',
      'ambiguous',
    );
  const officerHeader = optional(
    headers,
    HEADERS.officer,
    OFFICER,
    'an officer id (letters, digits, . _ @ -)',
  );
  const purpose = optional(
    headers,
    HEADERS.purpose,
    PURPOSE,
    'a service case id (letters, digits, . _ : / -)',
  );

  if (apiKey) {
    const client = findClient(config.clients, apiKey);
    if (!client) throw new AuthenticationError('unknown API key', 'unknown_key');
    return {
      clientId: client.id,
      identity: `key:${client.id}`,
      scopes: client.scopes,
      tenants: client.tenants,
      officerId: officerHeader,
      purpose,
      method: 'api-key',
    };
  }
  if (authorization) {
    const m = /^Bearer ([^\s]+)$/i.exec(authorization);
    if (!m) throw new AuthenticationError('Authorization must be "Bearer <token>"', 'malformed');
    if (!config.jwt)
      throw new AuthenticationError('this gateway accepts no bearer tokens', 'not_accepted');
    const claims = await verifyJwt(m[1]!, config);
    const clientId = stringClaim(claims, 'client_id') ?? stringClaim(claims, 'azp') ?? claims.sub;
    if (!clientId) throw new AuthenticationError('token names no client (client_id, azp or sub)');
    const tokenOfficer = stringClaim(claims, 'officer_id');
    if (tokenOfficer && officerHeader && tokenOfficer !== officerHeader)
      throw new AuthenticationError("x-officer-id differs from the token's officer_id");
    if (tokenOfficer && !OFFICER.test(tokenOfficer))
      throw new AuthenticationError('the token carries a malformed officer_id');
    return {
      clientId,
      identity: `jwt:${issuerTag(config.jwt.issuer)}:${clientId}`,
      scopes: scopesOf(claims),
      tenants: tenantsOf(claims),
      officerId: tokenOfficer ?? officerHeader,
      purpose,
      method: 'jwt',
    };
  }
  throw new AuthenticationError(
    'credentials required: an x-api-key header or an Authorization: Bearer token',
    'missing',
  );
}

function optional(
  headers: HeaderSource,
  name: string,
  shape: RegExp,
  what: string,
): string | undefined {
  const value = header(headers, name);
  if (value === undefined) return undefined;
  if (!shape.test(value)) throw new SecurityHeaderError(name, `${name} must be ${what}`);
  return value;
}

function findClient(clients: readonly ApiClient[], key: string): ApiClient | undefined {
  if (key.length > 512) return undefined;
  const digest = Buffer.from(sha256Hex(key), 'hex');
  // Compare every client in constant time: no early exit tells an attacker how close a key was.
  let found: ApiClient | undefined;
  for (const c of clients) {
    if (timingSafeEqual(digest, Buffer.from(c.keySha256, 'hex'))) found = c;
  }
  return found;
}

async function verifyJwt(token: string, config: SecurityConfig): Promise<JWTPayload> {
  const jwt = config.jwt!;
  if (token.length > 8192 || !JWT_SHAPE.test(token))
    throw new AuthenticationError('the bearer token is not a JWT', 'malformed');
  try {
    const { payload } = await jwtVerify(token, jwt.key, {
      algorithms: [jwt.algorithm],
      issuer: jwt.issuer,
      audience: jwt.audience,
      clockTolerance: jwt.clockToleranceSeconds,
      requiredClaims: ['exp'],
    });
    // jose checks `iat` only against a maximum token age; a token "issued" later than now
    // (beyond the tolerance) comes from a wrong clock or a forger, and would outlive its exp.
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + jwt.clockToleranceSeconds)
      throw new AuthenticationError('the token was issued in the future', 'issued_in_future');
    return payload;
  } catch (err) {
    if (err instanceof AuthenticationError) throw err;
    throw new AuthenticationError(
      jwtProblem(err),
      err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid_token',
    );
  }
}

/** A short, stable tag of a JWT issuer for identities (issuer URLs are long and may change case). */
const issuerTag = (issuer: string): string => sha256Hex(issuer).slice(0, 12);

function jwtProblem(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed)
    return `the token's ${err.claim} claim is not accepted`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'the token signature is invalid';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not accepted';
  return 'the token is not valid';
}

/** `mpp_tenants`: an array of tenant ids or a space-separated string; absent = default tenant. */
function tenantsOf(claims: JWTPayload): readonly string[] | undefined {
  const v = claims['mpp_tenants'];
  const list = Array.isArray(v)
    ? v.filter((t): t is string => typeof t === 'string')
    : typeof v === 'string'
      ? v.split(' ').filter(Boolean)
      : [];
  return list.length > 0 ? list : undefined;
}

const stringClaim = (claims: JWTPayload, name: string): string | undefined => {
  const v = claims[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : undefined;
};

function scopesOf(claims: JWTPayload): ReadonlySet<string> {
  const scope = claims['scope'];
  const scp = claims['scp'];
  if (typeof scope === 'string') return new Set(scope.split(' ').filter(Boolean));
  if (Array.isArray(scp)) return new Set(scp.filter((s): s is string => typeof s === 'string'));
  return new Set();
}
