import { z } from 'zod';
import type { CommonConnectorConfig, ConnectorDefinition } from '../connectors/core/types';
import { DEFAULT_CONNECTOR_POLICY, POLICY_ENV, type ConnectorPolicy } from './connector-policy';
import type { EnvReader } from './env-reader';
import { bool, toSnake } from './schemas';

export interface ConnectorConfig {
  key: string;
  enabled: boolean;
  baseUrl: string;
  /** `<PREFIX>_ALLOW_HTTP=true`: a plain http:// base URL is accepted in production. Default false. */
  allowHttp: boolean;
  policy: ConnectorPolicy;
  /** The connector's own settings as read (`<PREFIX>_<SNAKE_KEY>` → text), validated by its configSchema. */
  rawSettings: Readonly<Record<string, string>>;
}

/** The names of a definition's own settings (the keys of its configSchema object). */
export function settingKeys(def: Pick<ConnectorDefinition, 'configSchema'>): string[] {
  return Object.keys(def.configSchema.shape);
}

/**
 * What `definition.create` receives as `config`, typed by the definition's own schema: its
 * settings plus the common ones. The settings were validated by `loadConfig`; parsing them
 * again here is what carries the type through without a cast.
 */
export function connectorSettings<Cfg extends object>(
  definition: Pick<ConnectorDefinition<string, Cfg>, 'key' | 'configSchema'>,
  connector: ConnectorConfig,
): Cfg & CommonConnectorConfig {
  if (definition.key !== connector.key)
    throw new TypeError(`connectorSettings: ${connector.key} is not ${definition.key}`);
  const settings = definition.configSchema.parse(connector.rawSettings);
  const common: CommonConnectorConfig = {
    baseUrl: connector.baseUrl,
    timeoutMs: connector.policy.timeoutMs,
  };
  return Object.assign({}, settings, common);
}

/** Reads which connectors run and every connector's URL, policy and own settings. */
export function readConnectors(
  r: EnvReader,
  definitions: readonly ConnectorDefinition[],
  production: boolean,
  /** A deployment file gives the regional connectors' URLs and settings per tenant. Default false. */
  regionalFromDeployment = false,
): ConnectorConfig[] {
  const enabledList = r.read(
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
      r.problem(`CONNECTORS: unknown connector "${key}"`);
  }
  if (enabledKeys && !enabledKeys.has('dukcapil'))
    r.problem('CONNECTORS: dukcapil (the identity root) cannot be disabled');

  return definitions.map((def) => {
    const enabled = enabledKeys ? enabledKeys.has(def.key) : true;
    // With a deployment file a regional connector's endpoints are per tenant: nothing is
    // required at the connector level (its policy settings still apply to every instance).
    const required = enabled && !(regionalFromDeployment && def.scope === 'regional');
    return { ...readConnector(r, def, required, production), enabled };
  });
}

function readConnector(
  r: EnvReader,
  def: ConnectorDefinition,
  enabled: boolean,
  production: boolean,
): ConnectorConfig {
  const prefix = def.envPrefix;
  const policy: ConnectorPolicy = structuredClone(DEFAULT_CONNECTOR_POLICY);
  for (const [suffix, apply, kind] of POLICY_ENV) {
    const name = `${prefix}_${suffix}`;
    const raw = r.raw(name);
    if (raw === undefined) continue;
    if (kind === 'bool') {
      if (raw !== 'true' && raw !== 'false') r.problem(`${name}: expected true or false`);
      else apply(policy, raw === 'true' ? 1 : 0);
      continue;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) r.problem(`${name}: expected a non-negative integer`);
    else apply(policy, n);
  }

  const urlName = `${prefix}_BASE_URL`;
  const baseUrl =
    r.read(urlName, z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })) ?? '';
  if (enabled && !r.raw(urlName)) r.problem(`${urlName} is required (the ${def.title} endpoint)`);
  const allowHttp = r.read(`${prefix}_ALLOW_HTTP`, bool, false);
  if (production && enabled && baseUrl.startsWith('http://') && !allowHttp)
    r.problem(
      `${urlName}: http:// would send the ${def.title} credentials in clear; use https://, ` +
        `or set ${prefix}_ALLOW_HTTP=true for a loopback or sidecar proxy that adds TLS`,
    );

  // The connector's own settings: each key read from <PREFIX>_<SNAKE_KEY>.
  const rawSettings: Record<string, string> = {};
  for (const key of settingKeys(def)) {
    const value = r.raw(`${prefix}_${toSnake(key)}`);
    if (value !== undefined) rawSettings[key] = value;
  }
  const parsed = def.configSchema.safeParse(rawSettings);
  if (!parsed.success && enabled) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      r.problem(
        `${prefix}_${toSnake(key)}: ${rawSettings[key] === undefined ? 'is required' : issue.message}`,
      );
    }
  }
  return {
    key: def.key,
    enabled,
    baseUrl,
    allowHttp,
    policy,
    rawSettings,
  };
}
