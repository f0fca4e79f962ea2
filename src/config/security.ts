import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_QUERY_LIMITS, type QueryLimitOptions } from '../security/limits';
import type { BucketPolicy } from '../security/rate-limit';
import { DEV_AUDIT_HMAC } from './dev-values';
import type { EnvReader } from './env-reader';
import { intIn, secret } from './schemas';

/** A registered front end authenticating with an API key (only its SHA-256 is configured). */
export interface ApiClient {
  id: string;
  /** Hex SHA-256 of the key: `printf %s "$KEY" | sha256sum`. */
  keySha256: string;
  scopes: ReadonlySet<string>;
  /** Its own request budget; default: the global one. */
  rateLimit?: BucketPolicy;
}

/** JWT verification: exactly one algorithm, issuer and audience always checked, `exp` required. */
export interface JwtSettings {
  algorithm: 'HS256' | 'RS256';
  key: Uint8Array | KeyObject;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
}

/** The development client printed at start-up; never exists in production. */
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
}

/** How the security section is read. */
export interface SecurityReadOptions {
  production: boolean;
  /** Every scope a client may be granted; any other named in config is refused. */
  knownScopes: readonly string[];
}

const DEV_CLIENT_ID = 'dev-console';
/** The default of PURPOSE_REQUIRED_SCOPES: the scope marking personal data (UU PDP). */
const PERSONAL_DATA_SCOPES: readonly string[] = ['pii:read'];

/** SHA-256 of an API key, hex: what API_CLIENTS stores. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What decides a connector's scopes: its key, and whether it writes to its agency. */
export interface ScopeSource {
  key: string;
  writes?: boolean;
}

/**
 * The scopes a set of connectors implies: `<key>:read` each, `<key>:write` for those that
 * write (granted apart from reading), plus the sensitivity and ops scopes.
 */
/**
 * Payments at the Bank Aceh counter are not an agency connector (no read path, a TCP link),
 * but they have the scopes of one: `bank-aceh:write` to pay, `bank-aceh:read` to look up.
 */
export const PAYMENT_SCOPE_SOURCE = { key: 'bank-aceh', writes: true } as const;

export const scopesOf = (connectors: readonly ScopeSource[]): string[] => [
  ...connectors.map(({ key }) => `${key}:read`),
  ...connectors.filter((c) => c.writes).map(({ key }) => `${key}:write`),
  'pii:read',
  'ops:read',
  'audit:read',
];

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
});

/**
 * The security section: clients, JWT, the development client, audit, rate and query limits,
 * persisted queries. In production some client registry (API_CLIENTS or JWT_*) and
 * AUDIT_HMAC_SECRET are required and no development client exists; outside production the
 * development client exists only while no real client registry is configured.
 */
export function readSecurity(r: EnvReader, options: SecurityReadOptions): SecurityConfig {
  const { production } = options;
  const known = new Set(options.knownScopes);
  const scopeList = (name: string, raw: readonly string[]): string[] => {
    const unknown = raw.filter((s) => !known.has(s));
    if (unknown.length > 0)
      r.problem(
        `${name}: unknown scope ${unknown.join(', ')} (known: ${options.knownScopes.join(' ')})`,
      );
    return raw.filter((s) => known.has(s));
  };

  const clients = readClients(r, scopeList);
  const jwt = readJwt(r);

  let dev: DevCredentials | undefined;
  const devEnabled = r.read('AUTH_DEV_CLIENT', z.enum(['true', 'false']), 'true') === 'true';
  const devKey = r.read('AUTH_DEV_API_KEY', secret(16));
  if (production) {
    if (devKey !== undefined)
      r.problem('AUTH_DEV_API_KEY: development credentials are refused in production');
    if (clients.length === 0 && !jwt)
      r.problem('API_CLIENTS or JWT_* is required in production (no client could call the API)');
  } else if (devEnabled && clients.length === 0 && !jwt) {
    // Once a real client registry is configured the published development key is never
    // accepted next to it, whatever the mode: it would open every scope to anyone.
    const apiKey = devKey ?? `mpp-dev-${randomBytes(18).toString('base64url')}`;
    dev = { clientId: DEV_CLIENT_ID, apiKey, scopes: [...options.knownScopes] };
    clients.push({ id: DEV_CLIENT_ID, keySha256: sha256Hex(apiKey), scopes: known });
  }

  const purposeRequiredScopes = scopeList(
    'PURPOSE_REQUIRED_SCOPES',
    (r.raw('PURPOSE_REQUIRED_SCOPES') ?? PERSONAL_DATA_SCOPES.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

  const auditSecret = r.read('AUDIT_HMAC_SECRET', secret(32));
  if (production && !auditSecret)
    r.problem('AUDIT_HMAC_SECRET is required in production (hashes subject NIKs in the audit log)');

  const manifestPath = r.raw('PERSISTED_QUERY_MANIFEST');
  const mode = r.read<PersistedQueryMode>(
    'PERSISTED_QUERIES',
    z.enum(['apq', 'allow-list', 'off']),
    production ? 'allow-list' : 'apq',
  );
  if (mode === 'allow-list' && !manifestPath)
    r.problem(
      'PERSISTED_QUERY_MANIFEST is required when PERSISTED_QUERIES=allow-list' +
        (production ? ' (the production default; set PERSISTED_QUERIES=apq to opt out)' : ''),
    );

  const d = DEFAULT_QUERY_LIMITS;
  return {
    production,
    clients,
    jwt,
    dev,
    purposeRequiredScopes,
    audit: {
      // Outside production a fixed, public key keeps subject trails findable across restarts.
      hmacSecret: auditSecret ?? DEV_AUDIT_HMAC,
      sink: r.read('AUDIT_SINK', z.enum(['auto', 'file', 'redis']), 'auto'),
      file: r.read('AUDIT_LOG_FILE', z.string().min(1), 'var/audit/audit.jsonl'),
      redisKeyPrefix: r.read(
        'AUDIT_REDIS_PREFIX',
        z.string().regex(/^[A-Za-z0-9{}:_-]{1,64}$/, 'letters, digits, { } : _ -'),
        '{mpp-audit}',
      ),
    },
    rateLimit: {
      enabled: r.read('RATE_LIMIT_ENABLED', z.enum(['true', 'false']), 'true') === 'true',
      capacity: r.read('RATE_LIMIT_BURST', intIn(1, 100_000), 60),
      refillPerSecond: r.read('RATE_LIMIT_PER_SECOND', intIn(1, 100_000), 10),
    },
    queryLimits: {
      maxDepth: r.read('QUERY_MAX_DEPTH', intIn(2, 100), d.maxDepth),
      maxAliases: r.read('QUERY_MAX_ALIASES', intIn(0, 1_000), d.maxAliases),
      maxRootFields: r.read('QUERY_MAX_ROOT_FIELDS', intIn(1, 1_000), d.maxRootFields),
      maxTokens: r.read('QUERY_MAX_TOKENS', intIn(100, 1_000_000), d.maxTokens),
      maxCost: r.read('QUERY_MAX_COST', intIn(1, 10_000_000), d.maxCost),
      maxListLength: r.read('QUERY_MAX_LIST_LENGTH', intIn(1, 100_000), d.maxListLength),
      assumedListSize: d.assumedListSize,
      fieldCosts: d.fieldCosts,
    },
    persistedQueries: { mode, manifestPath },
  };
}

function readClients(
  r: EnvReader,
  scopeList: (name: string, raw: readonly string[]) => string[],
): ApiClient[] {
  const clients: ApiClient[] = [];
  const text = r.raw('API_CLIENTS');
  if (!text) return clients;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    r.problem('API_CLIENTS: not valid JSON (expected [{"id","keySha256","scopes"}])');
    return clients;
  }
  const parsed = z.array(clientSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    r.problem(`API_CLIENTS[${String(issue?.path[0] ?? '')}]: ${issue?.message}`);
    return clients;
  }
  for (const [i, c] of parsed.data.entries()) {
    if (clients.some((o) => o.id === c.id || o.keySha256 === c.keySha256))
      r.problem(`API_CLIENTS[${i}]: duplicate id or key of "${c.id}"`);
    clients.push({
      id: c.id,
      keySha256: c.keySha256,
      scopes: new Set(scopeList(`API_CLIENTS[${i}].scopes`, c.scopes)),
      rateLimit: c.rateLimit,
    });
  }
  return clients;
}

function readJwt(r: EnvReader): JwtSettings | undefined {
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
  };
}
