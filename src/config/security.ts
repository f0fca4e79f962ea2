import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_QUERY_LIMITS, type QueryLimitOptions } from '../security/limits';
import type { BucketPolicy } from '../security/rate-limit';
import { DEV_AUDIT_HMAC } from './dev-values';
import type { EnvReader } from './env-reader';
import { intIn, secret } from './schemas';
import { sha256Hex } from './scopes';
import { readAuditSink, type AuditSpoolSettings } from './security-audit';
import { readClients, type ApiClient } from './security-clients';
import { readJwt, type JwtSettings } from './security-jwt';
import { DEV_ORIGINS, originList } from './security-origins';
import { readTrustedProxies } from './trusted-proxies';

export { PAYMENT_SCOPE_SOURCE, scopesOf, sha256Hex, type ScopeSource } from './scopes';
export type { AuditSpoolSettings } from './security-audit';
export type { ApiClient } from './security-clients';
export type { JwtSettings } from './security-jwt';
export { isOrigin } from './security-origins';

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
