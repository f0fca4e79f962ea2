import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_QUERY_LIMITS, type QueryLimitOptions } from '../security/limits';
import { trustedProxyProblem } from '../security/client-address';
import type { BucketPolicy } from '../security/rate-limit';
import { parseSigningKey } from '../security/audit/keys';
import { DEV_AUDIT_HMAC, DEV_AUDIT_MAC } from './dev-values';
import type { EnvReader } from './env-reader';
import { intIn, secret } from './schemas';

/** Settings of the audit spool (AUDIT_SPOOL_*, AUDIT_SIGNING_KEY, AUDIT_MAC_KEY, ...). */
export interface AuditSpoolSettings {
  /** AUDIT_SPOOL_DIR, default `var/audit/spool`: this instance's spool folder. */
  dir: string;
  /** AUDIT_INSTANCE_ID: the chain id; default the one persisted in the folder (or new). */
  instanceId: string | undefined;
  /** AUDIT_SIGNING_KEY: Ed25519 private key (PEM or base64 PKCS#8); required in production. */
  signingKey: KeyObject | undefined;
  /** AUDIT_MAC_KEY (≥ 32 characters): the record MAC key; required in production. */
  macKey: Buffer;
  /** AUDIT_CHECKPOINT_RECORDS (default 1000) and AUDIT_CHECKPOINT_SECONDS (default 60). */
  checkpointEvery: number;
  checkpointSeconds: number;
  /** AUDIT_RETENTION_DAYS: shipped, checkpointed segments older than this go. Default 30; 0 keeps all. */
  retentionDays: number;
  /** AUDIT_SEGMENT_MB: segment size. Default 16. */
  segmentMb: number;
}

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
  /**
   * The MPPs (tenants) it works for; the first is its home. Default: the deployment's
   * default tenant. Several = a provincial operator choosing per request with `x-mpp`.
   */
  tenants?: readonly string[];
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
    /**
     * `spool`: the local write-ahead spool, shipped to the Redis stream when Redis is configured
     * (the production default, and wherever AUDIT_SPOOL_DIR is set). `auto` outside production
     * without a spool folder: the Redis stream when Redis is configured, else the file.
     */
    sink: 'auto' | 'file' | 'redis' | 'spool';
    file: string;
    redisKeyPrefix: string;
    /** The spool (sink `spool`). */
    spool: AuditSpoolSettings;
  };
  /**
   * Per-client buckets (`RATE_LIMIT_BURST`, `RATE_LIMIT_PER_SECOND`) and, for requests without
   * valid credentials, one bucket per source address (`RATE_LIMIT_UNAUTHENTICATED_*`).
   * `instances` (`GATEWAY_INSTANCES`): how many gateway instances share the Redis buckets;
   * during a Redis outage each instance limits a client to 1/instances of its budget, so that
   * all of them together still admit about one budget. Default 1.
   */
  rateLimit: { enabled: boolean; unauthenticated: BucketPolicy; instances?: number } & BucketPolicy;
  /**
   * `TRUSTED_PROXIES`: IPs / CIDRs of the reverse proxies in front of the gateway, whose
   * X-Forwarded-For is believed. Default none: the TCP peer is the source address.
   */
  trustedProxies: readonly string[];
  /** Failed admin authentications allowed per source address in a window (then 429). */
  adminAuth: { maxFailures: number; windowSeconds: number };
  queryLimits: Required<QueryLimitOptions>;
  persistedQueries: { mode: PersistedQueryMode; manifestPath: string | undefined };
  /**
   * CORS_DEV_ORIGINS: origins the development client may be called from (the counter console
   * on Vite's port). Default outside production: http://localhost:5173 and http://127.0.0.1:5173;
   * refused in production.
   */
  cors: { devOrigins: readonly string[] };
}

/** How the security section is read. */
export interface SecurityReadOptions {
  production: boolean;
  /** Every scope a client may be granted; any other named in config is refused. */
  knownScopes: readonly string[];
  /** Whether Redis is configured: then the audit goes through the local spool (never waits on Redis). */
  redis?: boolean;
  /** The deployment's tenants (validates `API_CLIENTS[].tenants`). Default: none checked. */
  tenants?: { known: readonly string[]; default: string };
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

/** A comma-separated origin list; bad entries are named as problems. */
function originList(r: EnvReader, name: string, raw: string | undefined): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((o) => !isOrigin(o));
  if (bad.length > 0) r.problem(`${name}: ${bad.join(', ')} is not ${ORIGIN_RULE}`);
  return list.filter(isOrigin);
}

const DEV_ORIGINS = 'http://localhost:5173,http://127.0.0.1:5173';

const clientSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'id: lower-case letters, digits, . _ -'),
  keySha256: z.string().regex(/^[0-9a-f]{64}$/, 'keySha256: 64 lower-case hex digits'),
  scopes: z.array(z.string()).min(1, 'scopes: at least one'),
  allowedOrigins: z.array(z.string().refine(isOrigin, ORIGIN_RULE)).optional(),
  rateLimit: z
    .strictObject({
      capacity: z.number().int().min(1).max(100_000),
      refillPerSecond: z.number().positive().max(100_000),
    })
    .optional(),
  tenants: z.array(z.string()).min(1, 'tenants: at least one').optional(),
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

  const clients = readClients(r, scopeList, options.tenants?.known);
  const jwt = readJwt(r);

  if (production && r.raw('CORS_DEV_ORIGINS') !== undefined)
    r.problem('CORS_DEV_ORIGINS: development origins are refused in production');
  const devOrigins = production
    ? []
    : originList(r, 'CORS_DEV_ORIGINS', r.raw('CORS_DEV_ORIGINS') ?? DEV_ORIGINS);

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
    // The development client works for every MPP of the deployment (choose with x-mpp).
    const tenants = options.tenants
      ? [options.tenants.default, ...options.tenants.known]
      : undefined;
    clients.push({
      id: DEV_CLIENT_ID,
      keySha256: sha256Hex(apiKey),
      scopes: known,
      allowedOrigins: devOrigins,
      tenants: tenants && [...new Set(tenants)],
    });
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

  const audit = readAuditSink(r, production, production || options.redis === true);

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
      ...audit,
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
      instances: r.read('GATEWAY_INSTANCES', intIn(1, 1_000), 1),
      unauthenticated: {
        capacity: r.read('RATE_LIMIT_UNAUTHENTICATED_BURST', intIn(1, 1_000_000), 20),
        refillPerSecond:
          r.read('RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE', intIn(1, 6_000_000), 30) / 60,
      },
    },
    trustedProxies: readTrustedProxies(r),
    adminAuth: {
      maxFailures: r.read('ADMIN_AUTH_MAX_FAILURES', intIn(1, 10_000), 10),
      windowSeconds: r.read('ADMIN_AUTH_WINDOW_S', intIn(1, 86_400), 300),
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
    cors: { devOrigins },
  };
}

function readTrustedProxies(r: EnvReader): string[] {
  const entries = (r.raw('TRUSTED_PROXIES') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const problem = trustedProxyProblem(entry);
    if (problem) r.problem(`TRUSTED_PROXIES: ${problem}`);
  }
  return entries;
}

function readClients(
  r: EnvReader,
  scopeList: (name: string, raw: readonly string[]) => string[],
  knownTenants: readonly string[] | undefined,
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
      ...(c.allowedOrigins ? { allowedOrigins: c.allowedOrigins } : {}),
      tenants: c.tenants,
    });
    const unknownTenants = (c.tenants ?? []).filter(
      (t) => knownTenants && !knownTenants.includes(t),
    );
    if (unknownTenants.length > 0)
      r.problem(`API_CLIENTS[${i}].tenants: unknown tenant ${unknownTenants.join(', ')}`);
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
    allowedOrigins: originList(r, 'JWT_ALLOWED_ORIGINS', r.raw('JWT_ALLOWED_ORIGINS')),
  };
}

/**
 * Where audit records go. In production, and wherever Redis is configured, `auto` writes the
 * local spool first and ships to Redis in the background (a Redis outage must never fail or
 * slow a request; issue 12); elsewhere the spool is used when AUDIT_SPOOL_DIR is set or
 * AUDIT_SINK=spool, else the file. An explicit AUDIT_SINK wins.
 */
function readAuditSink(
  r: EnvReader,
  production: boolean,
  spoolByDefault: boolean,
): { sink: 'auto' | 'file' | 'redis' | 'spool'; spool: AuditSpoolSettings } {
  const sink = r.read('AUDIT_SINK', z.enum(['auto', 'file', 'redis', 'spool']), 'auto');
  const spooled =
    sink === 'spool' ||
    (sink === 'auto' && (spoolByDefault || r.raw('AUDIT_SPOOL_DIR') !== undefined));
  let signingKey: KeyObject | undefined;
  const signingText = r.raw('AUDIT_SIGNING_KEY');
  if (signingText) {
    try {
      signingKey = parseSigningKey(signingText);
    } catch (err) {
      r.problem(`AUDIT_SIGNING_KEY: ${err instanceof Error ? err.message : 'invalid'}`);
    }
  } else if (production && spooled)
    r.problem('AUDIT_SIGNING_KEY is required in production (signs audit checkpoints)');
  const macKey = r.read('AUDIT_MAC_KEY', secret(32));
  if (production && spooled && !macKey)
    r.problem('AUDIT_MAC_KEY is required in production (keys the audit record MACs)');
  return {
    sink: spooled ? 'spool' : sink,
    spool: {
      dir: r.read('AUDIT_SPOOL_DIR', z.string().min(1), 'var/audit/spool'),
      instanceId: r.read(
        'AUDIT_INSTANCE_ID',
        z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ -'),
      ),
      signingKey,
      macKey: Buffer.from(macKey ?? DEV_AUDIT_MAC),
      checkpointEvery: r.read('AUDIT_CHECKPOINT_RECORDS', intIn(1, 1_000_000), 1000),
      checkpointSeconds: r.read('AUDIT_CHECKPOINT_SECONDS', intIn(1, 86_400), 60),
      retentionDays: r.read('AUDIT_RETENTION_DAYS', intIn(0, 36_500), 30),
      segmentMb: r.read('AUDIT_SEGMENT_MB', intIn(1, 1024), 16),
    },
  };
}
