import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ConnectorDefinition } from '../connectors/core/types';
import type { ConnectorPolicy } from './connector-policy';
import type { ConnectorConfig } from './connectors';
import type { EnvReader } from './env-reader';
import { toSnake } from './schemas';

/**
 * Tenancy: which MPPs (tenants) this deployment serves and, per tenant, its regional agency
 * instances (tax office, water utility...). Read from the deployment file named by
 * `DEPLOYMENT_FILE` (YAML or JSON); secrets never come from the file but from the environment,
 * `<secretsFrom>_<SNAKE_KEY>` (default `secretsFrom`: `<PREFIX>_<TENANT>`, e.g.
 * `PDAM_LHOKSEUMAWE_API_KEY`). Without a deployment file the gateway has one implicit tenant,
 * Langsa (region 11.73), whose instances are the regional connectors configured as before
 * (`PDAM_BASE_URL`...), keyed by the bare connector key. See docs/tenancy.md.
 */

/** One MPP served by the deployment. */
export interface TenantConfig {
  /** Lower-case id, e.g. "lhokseumawe": instance keys, metric labels, `x-mpp`, `?mpp=`. */
  id: string;
  name: string;
  /** Kemendagri regency codes served, as 4 digits ("11.74" → "1174"). */
  regions: readonly string[];
}

/** One regional agency instance: a regional connector serving one tenant. */
export interface AgencyInstanceConfig extends ConnectorConfig {
  /** The connector's key (`pdam`); `key` is the instance key (`pdam@lhokseumawe`). */
  connector: string;
  tenant: string;
}

export interface TenancyConfig {
  /** False when no deployment file is set (one implicit tenant, today's behaviour). */
  fromFile: boolean;
  tenants: readonly TenantConfig[];
  /** The tenant of clients that name none (`API_CLIENTS[].tenants` absent). */
  defaultTenant: string;
  /** Every enabled regional agency instance, in file order. */
  instances: readonly AgencyInstanceConfig[];
}

/** The tenant of a deployment without a deployment file. */
export const IMPLICIT_TENANT: TenantConfig = {
  id: 'langsa',
  name: 'MPP Kota Langsa',
  regions: ['1173'],
};

const regionCode = z
  .string()
  .regex(/^\d{2}\.?\d{2}$/, 'a regency code like 11.74')
  .transform((s) => s.replace('.', ''));

const instanceSchema = z.strictObject({
  /** false = a placeholder (a connector not built into this gateway yet, or switched off). */
  enabled: z.boolean().default(true),
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  allowHttp: z.boolean().default(false),
  /** Env prefix of this instance's secrets; default `<PREFIX>_<TENANT>`. */
  secretsFrom: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, 'upper-case letters, digits and _')
    .optional(),
  /** Non-secret connector settings (camelCase keys); secrets belong in the environment. */
  settings: z.record(z.string(), z.string()).default({}),
  /** Per-instance call timeout (ms); default the connector's `<PREFIX>_TIMEOUT_MS`. */
  timeoutMs: z.number().int().min(1).max(120_000).optional(),
});

const tenantSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case letters, digits and -'),
  name: z.string().min(1),
  regions: z.array(regionCode).min(1, 'at least one region code'),
  instances: z.record(z.string(), instanceSchema).default({}),
});

const deploymentSchema = z.strictObject({
  defaultTenant: z.string().optional(),
  tenants: z.array(tenantSchema).min(1, 'at least one tenant'),
});

/** The deployment file's shape (for generators and tests). */
export type DeploymentFile = z.input<typeof deploymentSchema>;

/** Parses YAML or JSON text (JSON is YAML): the file's extension does not matter. */
function parseDeploymentText(text: string): unknown {
  return parseYaml(text) as unknown;
}

/**
 * Reads `DEPLOYMENT_FILE` (if set) into the tenancy section; problems go to the reader.
 * `regional` are the regional connectors' definitions with their env-level config (policy).
 */
export function readTenancy(
  r: EnvReader,
  regional: ReadonlyArray<{ def: ConnectorDefinition; config: ConnectorConfig }>,
  production: boolean,
): TenancyConfig {
  const path = r.raw('DEPLOYMENT_FILE');
  if (!path) return implicitTenancy(regional);
  let raw: unknown;
  try {
    raw = parseDeploymentText(readFileSync(path, 'utf8'));
  } catch (err) {
    r.problem(
      `DEPLOYMENT_FILE: cannot read ${path} (${err instanceof Error ? err.name : 'error'})`,
    );
    return implicitTenancy(regional);
  }
  const parsed = deploymentSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 5))
      r.problem(`DEPLOYMENT_FILE ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return implicitTenancy(regional);
  }
  const file = parsed.data;
  const tenants: TenantConfig[] = [];
  const instances: AgencyInstanceConfig[] = [];
  const regionOwner = new Map<string, string>();
  for (const [i, t] of file.tenants.entries()) {
    const where = `DEPLOYMENT_FILE tenants.${i}`;
    if (tenants.some((o) => o.id === t.id)) r.problem(`${where}.id: duplicate tenant "${t.id}"`);
    for (const region of t.regions) {
      const owner = regionOwner.get(region);
      // Two tenants serving one region would make NOP routing ambiguous.
      if (owner) r.problem(`${where}.regions: ${region} is already served by "${owner}"`);
      regionOwner.set(region, t.id);
    }
    tenants.push({ id: t.id, name: t.name, regions: t.regions });
    for (const [key, inst] of Object.entries(t.instances)) {
      const entry = regional.find((c) => c.def.key === key);
      if (!inst.enabled) continue;
      if (!entry) {
        r.problem(
          `${where}.instances.${key}: not a regional connector of this gateway ` +
            `(regional: ${regional.map((c) => c.def.key).join(', ') || 'none'}; ` +
            'mark a placeholder with enabled: false)',
        );
        continue;
      }
      const instance = readInstance(r, `${where}.instances.${key}`, entry, t.id, inst, production);
      if (instance) instances.push(instance);
    }
  }
  const defaultTenant = file.defaultTenant ?? tenants[0]?.id ?? IMPLICIT_TENANT.id;
  if (!tenants.some((t) => t.id === defaultTenant))
    r.problem(`DEPLOYMENT_FILE defaultTenant: no tenant "${defaultTenant}"`);
  return { fromFile: true, tenants, defaultTenant, instances };
}

function readInstance(
  r: EnvReader,
  where: string,
  { def, config }: { def: ConnectorDefinition; config: ConnectorConfig },
  tenant: string,
  inst: z.infer<typeof instanceSchema>,
  production: boolean,
): AgencyInstanceConfig | undefined {
  if (!inst.baseUrl) {
    r.problem(`${where}.baseUrl is required (the ${def.title} endpoint of "${tenant}")`);
    return undefined;
  }
  if (production && inst.baseUrl.startsWith('http://') && !inst.allowHttp)
    r.problem(`${where}.baseUrl: http:// sends credentials in clear; use https:// or allowHttp`);
  const prefix = inst.secretsFrom ?? `${def.envPrefix}_${toSnake(tenant).replace(/-/g, '_')}`;
  // Secrets never sit in the file (it is versioned and shared): refuse the obvious ones.
  for (const key of Object.keys(inst.settings).filter((k) => /password|secret|key|token/i.test(k)))
    r.problem(
      `${where}.settings.${key}: a secret; set ${prefix}_${toSnake(key)} in the environment`,
    );
  const rawSettings: Record<string, string> = { ...inst.settings };
  for (const key of Object.keys(def.configSchema.shape)) {
    const value = r.raw(`${prefix}_${toSnake(key)}`);
    if (value !== undefined) rawSettings[key] = value;
  }
  const parsed = def.configSchema.safeParse(rawSettings);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      r.problem(
        `${prefix}_${toSnake(key)} (${where}): ${rawSettings[key] === undefined ? 'is required' : issue.message}`,
      );
    }
  }
  const policy: ConnectorPolicy = structuredClone(config.policy);
  if (inst.timeoutMs !== undefined) policy.timeoutMs = inst.timeoutMs;
  return {
    key: instanceKey(def.key, tenant),
    connector: def.key,
    tenant,
    enabled: true,
    baseUrl: inst.baseUrl,
    allowHttp: inst.allowHttp,
    policy,
    rawSettings,
  };
}

/** Today's single-city deployment: the regional connectors' env config, under their bare keys. */
function implicitTenancy(
  regional: ReadonlyArray<{ def: ConnectorDefinition; config: ConnectorConfig }>,
): TenancyConfig {
  return {
    fromFile: false,
    tenants: [IMPLICIT_TENANT],
    defaultTenant: IMPLICIT_TENANT.id,
    instances: regional
      .filter((c) => c.config.enabled)
      .map((c) => ({ ...c.config, connector: c.def.key, tenant: IMPLICIT_TENANT.id })),
  };
}

/** `pdam@lhokseumawe`: the instance's pipeline, cache namespace, metric label and status row. */
export const instanceKey = (connector: string, tenant: string): string => `${connector}@${tenant}`;

/** Whether a connector has one instance per tenant (default: national, shared). */
export const isRegional = (def: Pick<ConnectorDefinition, 'scope'>): boolean =>
  def.scope === 'regional';
