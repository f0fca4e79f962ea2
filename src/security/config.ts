import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../config';
import { DEFAULT_QUERY_LIMITS, type QueryLimitOptions } from './limits';
import type { BucketPolicy } from './rate-limit';
import { DEFAULT_PERSONAL_DATA_SCOPES, KNOWN_SCOPES } from './scopes';

type Env = Record<string, string | undefined>;

/** A registered front end authenticating with an API key (only its SHA-256 is configured). */
export interface ApiClient {
  id: string;
  /** Hex SHA-256 of the key: `printf %s "$KEY" | sha256sum`. */
  keySha256: string;
  scopes: ReadonlySet<string>;
  /** Its own request budget; default: the global one. */
  rateLimit?: BucketPolicy;
  /** Browser origins (`https://host[:port]`) its pages are served from; default: none (no browser access). */
  allowedOrigins?: readonly string[];
}

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

/** The development client printed at start-up; never exists with NODE_ENV=production. */
export interface DevCredentials {
  clientId: string;
  apiKey: string;
  scopes: readonly string[];
}

export type PersistedQueryMode = 'apq' | 'allow-list' | 'off';

export interface SecurityConfig {
  production: boolean;
  clients: ApiClient[];
  jwt: JwtSettings | undefined;
  dev: DevCredentials | undefined;
  /** Fields needing any of these scopes also need x-officer-id and x-purpose. */
  purposeRequiredScopes: readonly string[];
  audit: {
    /** Key of the subject HMAC (NIKs are never stored in clear). */
    hmacSecret: string;
    /** `auto`: the Redis stream when Redis is configured, else the file. */
    sink: 'auto' | 'file' | 'redis';
    file: string;
    redisKeyPrefix: string;
  };
  rateLimit: { enabled: boolean } & BucketPolicy;
  queryLimits: Required<QueryLimitOptions>;
  persistedQueries: { mode: PersistedQueryMode; manifestPath: string | undefined };
  /**
   * CORS_DEV_ORIGINS: origins the development client may be called from (the counter console
   * on Vite's port). Default outside production: http://localhost:5173 and http://127.0.0.1:5173;
   * refused in production.
   */
  cors: { devOrigins: readonly string[] };
}

const DEV_CLIENT_ID = 'dev-console';
// Outside production a fixed, public HMAC key keeps subject trails findable across restarts
// of a development gateway; production must configure its own secret.
const DEV_AUDIT_HMAC = 'mpp-gateway-development-audit-hmac-not-a-secret';

const ORIGIN_RULE = 'an origin: http(s)://host[:port], no path, no wildcard';

/** A serialised browser origin exactly as a browser sends it in `Origin` (so lookups are exact). */
export function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    // WHATWG URL accepts `*` in a host name; a wildcard must never pass for an origin.
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.origin === text &&
      !url.hostname.includes('*')
    );
  } catch {
    return false;
  }
}

/** A comma-separated origin list; bad entries are named in `problems`. */
function originList(name: string, raw: string | undefined, problems: string[]): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((o) => !isOrigin(o));
  if (bad.length > 0) problems.push(`${name}: ${bad.join(', ')} is not ${ORIGIN_RULE}`);
  return list.filter(isOrigin);
}

const DEV_ORIGINS = 'http://localhost:5173,http://127.0.0.1:5173';

const clientSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'id: lower-case letters, digits, . _ -'),
  keySha256: z.string().regex(/^[0-9a-f]{64}$/, 'keySha256: 64 lower-case hex digits'),
  scopes: z.array(z.string()).min(1, 'scopes: at least one'),
  rateLimit: z
    .strictObject({
      capacity: z.number().int().min(1).max(100_000),
      refillPerSecond: z.number().positive().max(100_000),
    })
    .optional(),
  allowedOrigins: z.array(z.string().refine(isOrigin, ORIGIN_RULE)).optional(),
});

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));

/** SHA-256 of an API key, hex: what API_CLIENTS stores. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Reads the security settings once, from an environment-like record, naming every bad
 * setting (ConfigError). In production some client registry (API_CLIENTS or JWT_*) and
 * AUDIT_HMAC_SECRET are required, and no development client exists.
 */
export function loadSecurityConfig(env: Env): SecurityConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const read = <T>(name: string, schema: z.ZodType<T>, fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return fallback;
  };
  const known = new Set<string>(KNOWN_SCOPES);
  const scopeList = (name: string, raw: readonly string[]): string[] => {
    const unknown = raw.filter((s) => !known.has(s));
    if (unknown.length > 0)
      problems.push(
        `${name}: unknown scope ${unknown.join(', ')} (known: ${KNOWN_SCOPES.join(' ')})`,
      );
    return raw.filter((s) => known.has(s));
  };

  const clients: ApiClient[] = [];
  if (env.API_CLIENTS) {
    let json: unknown;
    try {
      json = JSON.parse(env.API_CLIENTS);
    } catch {
      problems.push('API_CLIENTS: not valid JSON (expected [{"id","keySha256","scopes"}])');
    }
    if (json !== undefined) {
      const parsed = z.array(clientSchema).safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push(`API_CLIENTS[${String(issue?.path[0] ?? '')}]: ${issue?.message}`);
      } else {
        for (const [i, c] of parsed.data.entries()) {
          if (clients.some((o) => o.id === c.id || o.keySha256 === c.keySha256))
            problems.push(`API_CLIENTS[${i}]: duplicate id or key of "${c.id}"`);
          clients.push({
            id: c.id,
            keySha256: c.keySha256,
            scopes: new Set(scopeList(`API_CLIENTS[${i}].scopes`, c.scopes)),
            rateLimit: c.rateLimit,
            ...(c.allowedOrigins ? { allowedOrigins: c.allowedOrigins } : {}),
          });
        }
      }
    }
  }

  const jwt = readJwt(env, problems);

  if (production && env.CORS_DEV_ORIGINS)
    problems.push('CORS_DEV_ORIGINS: development origins are refused in production');
  const devOrigins = production
    ? []
    : originList('CORS_DEV_ORIGINS', env.CORS_DEV_ORIGINS ?? DEV_ORIGINS, problems);

  let dev: DevCredentials | undefined;
  const devEnabled = read('AUTH_DEV_CLIENT', z.enum(['true', 'false']), 'true') === 'true';
  if (production) {
    if (env.AUTH_DEV_API_KEY)
      problems.push('AUTH_DEV_API_KEY: development credentials are refused in production');
    if (clients.length === 0 && !jwt)
      problems.push(
        'API_CLIENTS or JWT_* is required in production (no client could call the API)',
      );
  } else if (devEnabled) {
    const apiKey = read(
      'AUTH_DEV_API_KEY',
      z.string().min(16, 'must be at least 16 characters'),
      `mpp-dev-${randomBytes(18).toString('base64url')}`,
    );
    dev = { clientId: DEV_CLIENT_ID, apiKey, scopes: [...KNOWN_SCOPES] };
    clients.push({
      id: DEV_CLIENT_ID,
      keySha256: sha256Hex(apiKey),
      scopes: new Set(KNOWN_SCOPES),
      allowedOrigins: devOrigins,
    });
  }

  const purposeRequiredScopes = scopeList(
    'PURPOSE_REQUIRED_SCOPES',
    (env.PURPOSE_REQUIRED_SCOPES ?? DEFAULT_PERSONAL_DATA_SCOPES.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

  const auditSecret = read(
    'AUDIT_HMAC_SECRET',
    z.string().min(32, 'must be at least 32 characters'),
    '',
  );
  if (production && !auditSecret)
    problems.push(
      'AUDIT_HMAC_SECRET is required in production (hashes subject NIKs in the audit log)',
    );

  const manifestPath = env.PERSISTED_QUERY_MANIFEST || undefined;
  const mode = read<PersistedQueryMode>(
    'PERSISTED_QUERIES',
    z.enum(['apq', 'allow-list', 'off']),
    production ? 'allow-list' : 'apq',
  );
  if (mode === 'allow-list' && !manifestPath)
    problems.push(
      'PERSISTED_QUERY_MANIFEST is required when PERSISTED_QUERIES=allow-list' +
        (production ? ' (the production default; set PERSISTED_QUERIES=apq to opt out)' : ''),
    );

  const d = DEFAULT_QUERY_LIMITS;
  const config: SecurityConfig = {
    production,
    clients,
    jwt,
    dev,
    purposeRequiredScopes,
    audit: {
      hmacSecret: auditSecret || DEV_AUDIT_HMAC,
      sink: read('AUDIT_SINK', z.enum(['auto', 'file', 'redis']), 'auto'),
      file: read('AUDIT_LOG_FILE', z.string().min(1), 'var/audit/audit.jsonl'),
      redisKeyPrefix: read(
        'AUDIT_REDIS_PREFIX',
        z.string().regex(/^[A-Za-z0-9{}:_-]{1,64}$/, 'letters, digits, { } : _ -'),
        '{mpp-audit}',
      ),
    },
    rateLimit: {
      enabled: read('RATE_LIMIT_ENABLED', z.enum(['true', 'false']), 'true') === 'true',
      capacity: read('RATE_LIMIT_BURST', int(1, 100_000), 60),
      refillPerSecond: read('RATE_LIMIT_PER_SECOND', int(1, 100_000), 10),
    },
    queryLimits: {
      maxDepth: read('QUERY_MAX_DEPTH', int(2, 100), d.maxDepth),
      maxAliases: read('QUERY_MAX_ALIASES', int(0, 1_000), d.maxAliases),
      maxRootFields: read('QUERY_MAX_ROOT_FIELDS', int(1, 1_000), d.maxRootFields),
      maxTokens: read('QUERY_MAX_TOKENS', int(100, 1_000_000), d.maxTokens),
      maxCost: read('QUERY_MAX_COST', int(1, 10_000_000), d.maxCost),
      maxListLength: read('QUERY_MAX_LIST_LENGTH', int(1, 100_000), d.maxListLength),
      assumedListSize: d.assumedListSize,
      fieldCosts: d.fieldCosts,
    },
    persistedQueries: { mode, manifestPath },
    cors: { devOrigins },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readJwt(env: Env, problems: string[]): JwtSettings | undefined {
  const secret = env.JWT_HS256_SECRET;
  const pem = env.JWT_PUBLIC_KEY_PEM;
  if (!secret && !pem) return undefined;
  if (secret && pem) {
    // One algorithm per deployment: accepting both invites algorithm-confusion attacks.
    problems.push('JWT_HS256_SECRET and JWT_PUBLIC_KEY_PEM: set only one');
    return undefined;
  }
  const issuer = env.JWT_ISSUER;
  const audience = env.JWT_AUDIENCE;
  if (!issuer) problems.push('JWT_ISSUER is required with JWT verification');
  if (!audience) problems.push('JWT_AUDIENCE is required with JWT verification');
  const tolerance = env.JWT_CLOCK_TOLERANCE_S ?? '30';
  if (!/^\d{1,3}$/.test(tolerance)) problems.push('JWT_CLOCK_TOLERANCE_S: expected 0..999 seconds');
  let key: Uint8Array | KeyObject | undefined;
  if (secret) {
    if (secret.length < 32) problems.push('JWT_HS256_SECRET: must be at least 32 characters');
    else key = new TextEncoder().encode(secret);
  } else if (pem) {
    try {
      key = createPublicKey(pem.replace(/\\n/g, '\n'));
      if (key.asymmetricKeyType !== 'rsa') {
        problems.push('JWT_PUBLIC_KEY_PEM: expected an RSA public key (RS256)');
        key = undefined;
      }
    } catch {
      problems.push('JWT_PUBLIC_KEY_PEM: not a PEM public key');
    }
  }
  if (!key || !issuer || !audience) return undefined;
  return {
    algorithm: secret ? 'HS256' : 'RS256',
    key,
    issuer,
    audience,
    clockToleranceSeconds: Number(tolerance),
    allowedOrigins: originList('JWT_ALLOWED_ORIGINS', env.JWT_ALLOWED_ORIGINS, problems),
  };
}
