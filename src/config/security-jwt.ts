import { createPublicKey, type KeyObject } from 'node:crypto';
import type { EnvReader } from './env-reader';
import { intIn } from './schemas';
import { originList } from './security-origins';

/** JWT verification: exactly one algorithm, issuer and audience always checked, `exp` required. */
export interface JwtSettings {
  algorithm: 'HS256' | 'RS256';
  key: Uint8Array | KeyObject;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** Browser origins of the issuer's front ends (JWT_ALLOWED_ORIGINS); default: none. */
  allowedOrigins: readonly string[];
}

/** JWT_*: the verification settings, or none when neither JWT_HS256_SECRET nor JWT_PUBLIC_KEY_PEM is set. */
export function readJwt(r: EnvReader): JwtSettings | undefined {
  const secretText = r.raw('JWT_HS256_SECRET');
  const pem = r.raw('JWT_PUBLIC_KEY_PEM');
  const issuer = r.raw('JWT_ISSUER');
  const audience = r.raw('JWT_AUDIENCE');
  const tolerance = r.read('JWT_CLOCK_TOLERANCE_S', intIn(0, 999), 30);
  if (!secretText && !pem) return undefined;
  if (secretText && pem) {
    // One algorithm per deployment: accepting both invites algorithm-confusion attacks.
    r.problem('JWT_HS256_SECRET and JWT_PUBLIC_KEY_PEM: set only one');
    return undefined;
  }
  if (!issuer) r.problem('JWT_ISSUER is required with JWT verification');
  if (!audience) r.problem('JWT_AUDIENCE is required with JWT verification');
  let key: Uint8Array | KeyObject | undefined;
  if (secretText) {
    if (secretText.length < 32) r.problem('JWT_HS256_SECRET: must be at least 32 characters');
    else key = new TextEncoder().encode(secretText);
  } else if (pem) {
    try {
      key = createPublicKey(pem.replace(/\\n/g, '\n'));
      if (key.asymmetricKeyType !== 'rsa') {
        r.problem('JWT_PUBLIC_KEY_PEM: expected an RSA public key (RS256)');
        key = undefined;
      }
    } catch {
      r.problem('JWT_PUBLIC_KEY_PEM: not a PEM public key');
    }
  }
  if (!key || !issuer || !audience) return undefined;
  return {
    algorithm: secretText ? 'HS256' : 'RS256',
    key,
    issuer,
    audience,
    clockToleranceSeconds: tolerance,
    allowedOrigins: originList(r, 'JWT_ALLOWED_ORIGINS', r.raw('JWT_ALLOWED_ORIGINS')),
  };
}
