import { SignJWT } from 'jose';
import { sha256Hex } from '../../../src/security';

/** Registered test clients: key and scopes. */
export const KEYS = {
  counter: 'counter-app-key-0123456789abcdef',
  kiosk: 'mpp-kiosk-key-0123456789abcdef',
  ops: 'ops-console-key-0123456789abcdef',
  limited: 'limited-client-key-0123456789abcdef',
} as const;

export const JWT_SECRET = 'test-hs256-secret-0123456789abcdefghijklmnopqrstuvwxyz';
export const JWT_ISSUER = 'https://sso.langsakota.go.id';
export const JWT_AUDIENCE = 'mpp-gateway';

export const ALL_READ = [
  'dukcapil:read',
  'bpkd:read',
  'pdam:read',
  'bpjs-kesehatan:read',
  'bpjs-ketenagakerjaan:read',
  'imigrasi:read',
  'pii:read',
  'audit:read',
];

/** API_CLIENTS and JWT settings of the test gateways. */
export const SECURITY_ENV: Record<string, string> = {
  AUTH_DEV_CLIENT: 'false',
  API_CLIENTS: JSON.stringify([
    { id: 'dukcapil-counter', keySha256: sha256Hex(KEYS.counter), scopes: ALL_READ },
    { id: 'mpp-kiosk', keySha256: sha256Hex(KEYS.kiosk), scopes: ['pdam:read', 'pii:read'] },
    { id: 'ops-console', keySha256: sha256Hex(KEYS.ops), scopes: ['ops:read'] },
    {
      id: 'limited',
      keySha256: sha256Hex(KEYS.limited),
      scopes: ['ops:read'],
      rateLimit: { capacity: 3, refillPerSecond: 0.001 },
    },
  ]),
  JWT_HS256_SECRET: JWT_SECRET,
  JWT_ISSUER,
  JWT_AUDIENCE,
  AUDIT_HMAC_SECRET: 'test-audit-hmac-secret-0123456789abcdef',
};

/** Headers of an officer at the Dukcapil counter working on a service case. */
export const COUNTER = {
  'x-api-key': KEYS.counter,
  'x-officer-id': '198001012005011001',
  'x-purpose': 'MPP-2026-000123',
};

export async function jwt(
  claims: Record<string, unknown>,
  options: { secret?: string; issuer?: string; audience?: string; expires?: string | number } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(options.issuer ?? JWT_ISSUER)
    .setAudience(options.audience ?? JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

export const FAMILY_HEAD = '1173050806970001';
export const ARREARS_NIK = '1173050210940001';
