import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../errors/messages';
import type { ConnectorDefinition } from '../connectors/core/types';
import { readConnectors, type ConnectorConfig } from './connectors';
import { readTenancy, type TenancyConfig } from './deployment';
import { EnvReader, type Env } from './env-reader';
import type { RunMode } from './run-mode';
import { DEV_ID_SECRET } from './dev-values';
import { checkProductionSafety } from './safety';
import { hostList, intIn, bool, onOff, secret } from './schemas';
import { readPayments, type PaymentsConfig } from './payments';
import { PAYMENT_SCOPE_SOURCE, readSecurity, scopesOf, type SecurityConfig } from './security';
import { readTracing, type TracingConfig } from './tracing';
import { ownedPrefixes, unknownSettingWarnings } from './unknown-settings';

export { DEFAULT_CONNECTOR_POLICY, type ConnectorPolicy } from './connector-policy';
export { connectorSettings, settingKeys, type ConnectorConfig } from './connectors';
export {
  IMPLICIT_TENANT,
  instanceKey,
  isRegional,
  type AgencyInstanceConfig,
  type DeploymentFile,
  type TenancyConfig,
  type TenantConfig,
} from './deployment';
export { DEV_API_KEY } from './dev-values';
export { PAYMENT_SCOPE_SOURCE } from './security';
export type { PaymentsConfig } from './payments';
export { runMode, type RunMode } from './run-mode';
export { EnvReader, type Env } from './env-reader';
export {
  readSecurity,
  scopesOf,
  type ScopeSource,
  sha256Hex,
  type ApiClient,
  type DevCredentials,
  type JwtSettings,
  type PersistedQueryMode,
  type SecurityConfig,
} from './security';
export { closestSetting, levenshtein } from './unknown-settings';
export type { TraceSampler, TracingConfig } from './tracing';

/** Configuration problems found at start-up, each naming the setting, all in one message. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface RedisHost {
  host: string;
  port: number;
}

/**
 * How to reach Redis: exactly one of `url`, `sentinels` (with `sentinelName`) or
 * `clusterNodes`. Credentials may be in the URL or in `username` / `password`.
 */
export interface RedisConfig {
  /** `REDIS_URL`: `redis://[user:pass@]host:port[/db]`, or `rediss://` for TLS. */
  url?: string;
  /** `REDIS_SENTINELS`: host:port,... of the sentinels. */
  sentinels?: RedisHost[];
  /** `REDIS_SENTINEL_NAME`: the master group. Default "mymaster". */
  sentinelName?: string;
  /** `REDIS_SENTINEL_PASSWORD`: of the sentinels themselves, when they require one. */
  sentinelPassword?: string;
  /** `REDIS_CLUSTER_NODES`: host:port,... of some cluster nodes (the rest are discovered). */
  clusterNodes?: RedisHost[];
  /** `REDIS_USERNAME` (ACL user) for Sentinel / Cluster; for a URL, prefer the URL. */
  username?: string;
  /** `REDIS_PASSWORD` for Sentinel / Cluster; for a URL, prefer the URL. */
  password?: string;
  /** `REDIS_TLS=true`: TLS to the data nodes (Sentinel / Cluster). Default false. */
  tls?: boolean;
  /**
   * `REDIS_COMMAND_TIMEOUT_MS`: a command without a reply in this time fails (and counts for
   * the Redis breaker). Default 100: Redis on the same network answers in well under 1 ms.
   */
  commandTimeoutMs?: number;
}

export interface GatewayConfig {
  /** The run mode (named after NODE_ENV, which alone no longer decides it). */
  nodeEnv: RunMode;
  host: string;
  port: number;
  logLevel: string;
  /** Budget of one GraphQL request across all its upstream calls (ms). */
  requestDeadlineMs: number;
  redis: RedisConfig | undefined;
  /** The Redis breaker and health check (src/cache/redis-guard.ts), with Redis only. */
  redisGuard: {
    /** `REDIS_BREAKER_FAILURES`: consecutive failed commands that open it. Default 3. */
    failureThreshold: number;
    /** `REDIS_HEALTH_INTERVAL_MS`: PING / CLUSTER INFO period. Default 1000. */
    healthIntervalMs: number;
    /** `REDIS_HEALTH_TIMEOUT_MS`: slower than this = hung. Default 500. */
    healthTimeoutMs: number;
  };
  cache: {
    hmacSecret: string;
    /** "id:base64key,..." — the first is active; absent = personal data not encrypted, specific data not cached. */
    encryptionKeys: string | undefined;
    /** `CACHE_PERSONAL_DATA`: false = personal and specific data are never cached. Default true. */
    personalData: boolean;
    memoryMaxEntries: number;
  };
  /**
   * `ID_SECRET` (at least 32 characters): seals the records' opaque ids (`Query.node`). Changing it
   * changes every id. Required in production; development uses the fixed, public `DEV_ID_SECRET`.
   */
  idSecret: string;
  /** Bearer token for admin operations; absent = admin API off. */
  adminToken: string | undefined;
  /** ERROR_LANGUAGE: language of error messages when Accept-Language names none we have. Default id. */
  errorLanguage: Language;
  /**
   * EXPLORER_ENABLED: serve the offline GraphiQL explorer at GET /graphql and the SDL at GET
   * /schema.graphql. Default: on in development, off in production.
   */
  explorer: boolean;
  shutdown: {
    /**
     * After SIGTERM (readiness 503 at once), requests are still served this long (ms) with
     * `Connection: close`, for load balancers to notice and keep-alive connections to move.
     * Default 5000 in production, 0 otherwise.
     */
    graceMs: number;
    /** Longest wait for in-flight requests before closing (ms). Default 10000. */
    drainMs: number;
  };
  connectors: ConnectorConfig[];
  /** Tenants (MPPs) and their regional agency instances (`DEPLOYMENT_FILE`; docs/tenancy.md). */
  tenancy: TenancyConfig;
  /** PBB-P2 payments (Bank Aceh link + ledger); undefined = off (no Mutation.payPropertyTax). */
  payments: PaymentsConfig | undefined;
  /** Clients, scopes, audit, limits, persisted queries. */
  security: SecurityConfig;
  /** OpenTelemetry tracing from the `OTEL_*` variables; undefined = off (the default). */
  tracing: TracingConfig | undefined;
  /** Non-fatal findings to log at start-up (unknown settings with a known prefix...). */
  warnings: string[];
}

export interface LoadConfigOptions {
  /**
   * The run mode. Default: NODE_ENV when it names one, else production: the absence of a
   * setting never turns protections off. The entry point passes it explicitly.
   */
  mode?: RunMode;
}

/** Prefixes of names we read that are not ours to police (NODE_OPTIONS, NODE_EXTRA_CA_CERTS...). */
const FOREIGN_PREFIXES: ReadonlySet<string> = new Set(['NODE']);

/**
 * Reads and validates the whole configuration once (gateway, connectors, security, cache,
 * audit, shutdown) from an environment-like record, reporting every problem in one
 * ConfigError. In production every agency URL and credential must be given and unsafe
 * settings are refused; in development and test, `devDefaults` (the in-process mocks' URLs
 * and credentials) fill what the environment leaves out.
 */
export function loadConfig(
  env: Env,
  definitions: readonly ConnectorDefinition[],
  devDefaults: Env = {},
  options: LoadConfigOptions = {},
): GatewayConfig {
  const problems: string[] = [];
  let mode = options.mode;
  if (!mode) {
    const nodeEnv = env.NODE_ENV ?? 'production';
    mode = (['development', 'production', 'test'] as const).find((e) => e === nodeEnv);
    if (!mode) problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const production = mode === undefined || mode === 'production';
  const r = new EnvReader(production ? env : { ...devDefaults, ...env });
  const config = readAll(r, definitions, mode ?? 'production');
  problems.push(...r.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  config.warnings = [
    ...r.warnings,
    ...unknownSettingWarnings(env, r.known, ownedPrefixes(r.known, FOREIGN_PREFIXES)),
  ];
  return config;
}

/** Every setting name the gateway reads with these connectors (for docs and the example file). */
export function knownSettingNames(definitions: readonly ConnectorDefinition[]): string[] {
  const r = new EnvReader({});
  readAll(r, definitions, 'production');
  return [...r.known].sort();
}

/** Reads every section through one reader; problems stay in the reader. */
function readAll(
  r: EnvReader,
  definitions: readonly ConnectorDefinition[],
  mode: RunMode,
): GatewayConfig {
  const production = mode === 'production';
  r.known.add('NODE_ENV');

  const fromDeployment = r.raw('DEPLOYMENT_FILE') !== undefined;
  const connectors = readConnectors(r, definitions, production, fromDeployment);
  const tenancy = readTenancy(
    r,
    definitions
      .filter((def) => def.scope === 'regional')
      .flatMap((def) => {
        const config = connectors.find((c) => c.key === def.key);
        return config?.enabled ? [{ def, config }] : [];
      }),
    production,
  );
  const redis = readRedis(r);
  const payments = readPayments(r, production);

  const hmacSecret = r.read('CACHE_HMAC_SECRET', secret(32));
  if (production && !hmacSecret)
    r.problem(
      'CACHE_HMAC_SECRET is required in production (keys cache entries without clear identifiers)',
    );
  const encryptionKeys = r.read(
    'CACHE_ENCRYPTION_KEYS',
    z
      .string()
      .regex(
        /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/,
        'expected id:base64(32-byte key)[,id:key...]',
      ),
  );
  const personalData = r.read('CACHE_PERSONAL_DATA', onOff, 'on') === 'on';

  const idSecret = r.read('ID_SECRET', secret(32));
  if (production && !idSecret)
    r.problem('ID_SECRET is required in production (seals the stable, opaque ids of records)');

  const security = readSecurity(r, {
    production,
    knownScopes: scopesOf([...definitions, PAYMENT_SCOPE_SOURCE]),
    redis: redis !== undefined,
    tenants: { known: tenancy.tenants.map((t) => t.id), default: tenancy.defaultTenant },
  });

  const config: GatewayConfig = {
    nodeEnv: mode,
    host: r.read('HOST', z.string().min(1), production ? '0.0.0.0' : '127.0.0.1'),
    port: r.read('PORT', intIn(0, 65_535), 4000),
    logLevel: r.read(
      'LOG_LEVEL',
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
      'info',
    ),
    requestDeadlineMs: r.read('REQUEST_DEADLINE_MS', intIn(100, 120_000), 5_000),
    redis,
    redisGuard: {
      failureThreshold: r.read('REDIS_BREAKER_FAILURES', intIn(1, 1_000), 3),
      healthIntervalMs: r.read('REDIS_HEALTH_INTERVAL_MS', intIn(100, 60_000), 1_000),
      healthTimeoutMs: r.read('REDIS_HEALTH_TIMEOUT_MS', intIn(10, 60_000), 500),
    },
    cache: {
      // Outside production a per-process random secret is fine: nothing outlives the process.
      hmacSecret: hmacSecret ?? randomBytes(32).toString('base64'),
      encryptionKeys:
        encryptionKeys ?? (production ? undefined : `dev:${randomBytes(32).toString('base64')}`),
      personalData,
      memoryMaxEntries: r.read('CACHE_MEMORY_MAX_ENTRIES', intIn(100, 10_000_000), 50_000),
    },
    // Fixed outside production: ids must survive restarts (unlike the cache's secret above).
    idSecret: idSecret ?? DEV_ID_SECRET,
    adminToken: r.read('ADMIN_TOKEN', secret(16)),
    errorLanguage: r.read('ERROR_LANGUAGE', z.enum(LANGUAGES), DEFAULT_LANGUAGE),
    explorer: r.read('EXPLORER_ENABLED', onOff, production ? 'off' : 'on') === 'on',
    shutdown: {
      graceMs: r.read('SHUTDOWN_GRACE_MS', intIn(0, 600_000), production ? 5_000 : 0),
      drainMs: r.read('SHUTDOWN_DRAIN_MS', intIn(0, 600_000), 10_000),
    },
    connectors,
    tenancy,
    payments,
    security,
    tracing: readTracing(r),
    warnings: [],
  };
  if (production)
    checkProductionSafety(r, {
      security,
      redis: redis !== undefined,
      encrypted: encryptionKeys !== undefined,
      personalData,
    });
  return config;
}

function readRedis(r: EnvReader): RedisConfig | undefined {
  const url = r.read(
    'REDIS_URL',
    z.string().regex(/^rediss?:\/\//, 'expected redis:// or rediss://'),
  );
  const sentinels = r.read('REDIS_SENTINELS', hostList);
  const clusterNodes = r.read('REDIS_CLUSTER_NODES', hostList);
  const sentinelName = r.read('REDIS_SENTINEL_NAME', z.string().min(1), 'mymaster');
  const sentinelPassword = r.raw('REDIS_SENTINEL_PASSWORD');
  const username = r.raw('REDIS_USERNAME');
  const password = r.raw('REDIS_PASSWORD');
  const tls = r.read('REDIS_TLS', bool, false);
  const commandTimeoutMs = r.read('REDIS_COMMAND_TIMEOUT_MS', intIn(10, 60_000), 100);
  const modes = [url, sentinels, clusterNodes].filter(Boolean).length;
  if (modes === 0) return undefined;
  if (modes > 1)
    r.problem(
      'REDIS_URL, REDIS_SENTINELS and REDIS_CLUSTER_NODES: set only one (the connection mode)',
    );
  return {
    url,
    sentinels,
    sentinelName,
    sentinelPassword,
    clusterNodes,
    username,
    password,
    tls,
    commandTimeoutMs,
  };
}

/**
 * The security section alone, for callers that build a gateway piece by piece (tests, tools).
 * `production` follows NODE_ENV here; the gateway itself gets it from `loadConfig`.
 */
export function loadSecurityConfig(env: Env, knownScopes: readonly string[]): SecurityConfig {
  const r = new EnvReader(env);
  const security = readSecurity(r, {
    production: env.NODE_ENV === 'production',
    knownScopes,
    redis: Boolean(env.REDIS_URL || env.REDIS_SENTINELS || env.REDIS_CLUSTER_NODES),
  });
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return security;
}
