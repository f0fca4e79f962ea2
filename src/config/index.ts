import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CommonConnectorConfig, ConnectorDefinition } from '../connectors/core/types';
import { DEFAULT_CONNECTOR_POLICY, POLICY_ENV, type ConnectorPolicy } from './connector-policy';

export { DEFAULT_CONNECTOR_POLICY, type ConnectorPolicy } from './connector-policy';

type Env = Record<string, string | undefined>;

/** Configuration problems found at start-up, each naming the setting. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConnectorConfig {
  key: string;
  enabled: boolean;
  baseUrl: string;
  policy: ConnectorPolicy;
  /**
   * What the connector's `create` receives: its own settings (credentials...), parsed by its
   * configSchema, plus the common ones. Undefined for a disabled connector whose settings
   * did not parse (it is never created).
   */
  settings: CommonConnectorConfig | undefined;
}

export interface RedisConfig {
  url?: string;
  sentinels?: Array<{ host: string; port: number }>;
  sentinelName?: string;
  clusterNodes?: Array<{ host: string; port: number }>;
}

export interface GatewayConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  /** Budget of one GraphQL request across all its upstream calls (ms). */
  requestDeadlineMs: number;
  redis: RedisConfig | undefined;
  cache: {
    hmacSecret: string;
    /** "id:base64key,..." — the first is active; absent = personal data not encrypted, specific data not cached. */
    encryptionKeys: string | undefined;
    memoryMaxEntries: number;
  };
  /** Bearer token for admin operations; absent = admin API off. */
  adminToken: string | undefined;
  shutdown: {
    /** After SIGTERM, new GraphQL requests are still served this long (ms), for load balancers to notice. Default 0. */
    graceMs: number;
    /** Longest wait for in-flight requests before closing (ms). Default 10000. */
    drainMs: number;
  };
  connectors: ConnectorConfig[];
}

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));
const hostPort = z
  .string()
  .regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port')
  .transform((s) => {
    const [host, port] = s.split(':');
    return { host: host!, port: Number(port) };
  });
const hostList = z.string().transform((s, ctx) => {
  const parts = s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const nodes = parts.map((p) => hostPort.safeParse(p));
  if (nodes.some((n) => !n.success)) {
    ctx.addIssue({ code: 'custom', message: 'expected a comma-separated list of host:port' });
    return z.NEVER;
  }
  return nodes.map((n) => n.data!);
});

const toSnake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * Reads the whole configuration once, from an environment-like record. In production every
 * agency URL and credential must be given; in development, `devDefaults` (the in-process
 * mocks' URLs and credentials) fill what the environment leaves out.
 */
export function loadConfig(
  env: Env,
  definitions: readonly ConnectorDefinition[],
  devDefaults: Env = {},
): GatewayConfig {
  const problems: string[] = [];
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  const nodeEnv = (['development', 'production', 'test'] as const).find((e) => e === nodeEnvRaw);
  if (!nodeEnv)
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}")`);
  const production = nodeEnv === 'production';
  const source: Env = production ? env : { ...devDefaults, ...env };

  const read = <T>(name: string, schema: z.ZodType<T>, fallback?: T): T | undefined => {
    const raw = source[name];
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return fallback;
  };

  const enabledList = read(
    'CONNECTORS',
    z.string().regex(/^[a-z0-9,\- ]+$/, 'a comma-separated list of connector keys'),
  );
  const enabledKeys = enabledList
    ? new Set(
        enabledList
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
    : undefined;
  for (const key of enabledKeys ?? []) {
    if (!definitions.some((d) => d.key === key))
      problems.push(`CONNECTORS: unknown connector "${key}"`);
  }
  if (enabledKeys && !enabledKeys.has('dukcapil'))
    problems.push('CONNECTORS: dukcapil (the identity root) cannot be disabled');

  const connectors: ConnectorConfig[] = definitions.map((def) => {
    const prefix = def.envPrefix;
    const enabled = enabledKeys ? enabledKeys.has(def.key) : true;
    const policy: ConnectorPolicy = structuredClone(DEFAULT_CONNECTOR_POLICY);
    for (const [suffix, apply, kind] of POLICY_ENV) {
      const name = `${prefix}_${suffix}`;
      const raw = source[name];
      if (raw === undefined || raw === '') continue;
      if (kind === 'bool') {
        if (raw !== 'true' && raw !== 'false') problems.push(`${name}: expected true or false`);
        else apply(policy, raw === 'true' ? 1 : 0);
        continue;
      }
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0) problems.push(`${name}: expected a non-negative integer`);
      else apply(policy, n);
    }
    const rawUrl = source[`${prefix}_BASE_URL`];
    const baseUrl =
      read(
        `${prefix}_BASE_URL`,
        z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
        '',
      ) ?? '';
    if (enabled && !rawUrl)
      problems.push(`${prefix}_BASE_URL is required (the ${def.title} endpoint)`);

    // The connector's own settings: each key read from <PREFIX>_<SNAKE_KEY>.
    const shape = def.configSchema.shape;
    const rawSettings: Record<string, string> = {};
    for (const key of Object.keys(shape)) {
      const value = source[`${prefix}_${toSnake(key)}`];
      if (value !== undefined && value !== '') rawSettings[key] = value;
    }
    const parsed = def.configSchema.safeParse(rawSettings);
    if (!parsed.success && enabled) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        problems.push(
          `${prefix}_${toSnake(key)}: ${rawSettings[key] === undefined ? 'is required' : issue.message}`,
        );
      }
    }
    return {
      key: def.key,
      enabled,
      baseUrl,
      policy,
      settings: parsed.success
        ? { ...parsed.data, baseUrl, timeoutMs: policy.timeoutMs }
        : undefined,
    };
  });

  const redisUrl = read(
    'REDIS_URL',
    z.string().regex(/^rediss?:\/\//, 'expected redis:// or rediss://'),
  );
  const sentinels = read('REDIS_SENTINELS', hostList);
  const clusterNodes = read('REDIS_CLUSTER_NODES', hostList);
  const redis: RedisConfig | undefined =
    redisUrl || sentinels || clusterNodes
      ? {
          url: redisUrl,
          sentinels,
          sentinelName: source.REDIS_SENTINEL_NAME ?? 'mymaster',
          clusterNodes,
        }
      : undefined;

  const hmacSecret = read(
    'CACHE_HMAC_SECRET',
    z.string().min(32, 'must be at least 32 characters'),
  );
  if (production && !hmacSecret)
    problems.push(
      'CACHE_HMAC_SECRET is required in production (keys cache entries without clear identifiers)',
    );
  const encryptionKeys = read(
    'CACHE_ENCRYPTION_KEYS',
    z
      .string()
      .regex(
        /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/,
        'expected id:base64(32-byte key)[,id:key...]',
      ),
  );

  const config: GatewayConfig = {
    nodeEnv: nodeEnv ?? 'development',
    host: read('HOST', z.string().min(1), production ? '0.0.0.0' : '127.0.0.1')!,
    port: read('PORT', intIn(0, 65_535), 4000)!,
    logLevel: read(
      'LOG_LEVEL',
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
      'info',
    )!,
    requestDeadlineMs: read('REQUEST_DEADLINE_MS', intIn(100, 120_000), 5_000)!,
    redis,
    cache: {
      // Outside production a per-process random secret is fine: nothing outlives the process.
      hmacSecret: hmacSecret ?? randomBytes(32).toString('base64'),
      encryptionKeys:
        encryptionKeys ?? (production ? undefined : `dev:${randomBytes(32).toString('base64')}`),
      memoryMaxEntries: read('CACHE_MEMORY_MAX_ENTRIES', intIn(100, 10_000_000), 50_000)!,
    },
    adminToken: read('ADMIN_TOKEN', z.string().min(16, 'must be at least 16 characters')),
    shutdown: {
      graceMs: read('SHUTDOWN_GRACE_MS', intIn(0, 600_000), 0)!,
      drainMs: read('SHUTDOWN_DRAIN_MS', intIn(0, 600_000), 10_000)!,
    },
    connectors,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
