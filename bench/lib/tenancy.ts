import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Bench hook for tenancy (issue 18, docs/tenancy.md): a generated deployment of `tenants`
 * MPPs, each with an instance of every given regional agency, all pointed at the same mock
 * endpoints. The first tenant is Langsa (region 11.73, the mocks' data); the others get
 * region codes outside Aceh that no query names. A scenario starts the gateway with the
 * returned env (DEPLOYMENT_FILE and every instance's secrets) and measures start-up, RSS and
 * the warm lookup's req/s against a one-tenant start. Also used by test/tenancy/scale.test.ts.
 */

/** One regional agency as the generator points its instances. */
export interface RegionalTarget {
  /** Connector env prefix, e.g. "PDAM". */
  prefix: string;
  /** The mock's base URL. */
  url: string;
  /** The connector's settings by env suffix (`API_KEY` → value): each instance gets them. */
  secrets: Readonly<Record<string, string>>;
  /**
   * `allowHttp: true` on every instance: a production start (the bench's gateway) refuses an
   * http:// instance without it. Default: absent (the file says nothing).
   */
  allowHttp?: boolean;
}

export interface GeneratedDeployment {
  deployment: {
    defaultTenant: string;
    tenants: Array<{
      id: string;
      name: string;
      regions: string[];
      instances: Record<string, { baseUrl: string; allowHttp?: boolean }>;
    }>;
  };
  /** `<PREFIX>_<TENANT>_<SETTING>` for every instance. */
  env: Record<string, string>;
}

/** `tenants` MPPs × every regional agency of `regional` (by connector key). */
export function generateDeployment(
  tenants: number,
  regional: Readonly<Record<string, RegionalTarget>>,
): GeneratedDeployment {
  const env: Record<string, string> = {};
  const list: GeneratedDeployment['deployment']['tenants'] = [];
  for (let i = 0; i < tenants; i++) {
    const id = tenantId(i);
    const region =
      i === 0 ? '11.73' : `${20 + Math.floor(i / 90)}.${String((i % 90) + 10).padStart(2, '0')}`;
    const instances: Record<string, { baseUrl: string; allowHttp?: boolean }> = {};
    for (const [key, target] of Object.entries(regional)) {
      instances[key] =
        target.allowHttp === undefined
          ? { baseUrl: target.url }
          : { baseUrl: target.url, allowHttp: target.allowHttp };
      const tenantPart = id.toUpperCase().replace(/-/g, '_');
      for (const [suffix, value] of Object.entries(target.secrets))
        env[`${target.prefix}_${tenantPart}_${suffix}`] = value;
    }
    list.push({ id, name: i === 0 ? 'MPP Kota Langsa' : `MPP ${i}`, regions: [region], instances });
  }
  return { deployment: { defaultTenant: 'langsa', tenants: list }, env };
}

/** Writes the deployment to `dir` and returns the gateway env that selects it. */
export function deploymentEnv(dir: string, generated: GeneratedDeployment): Record<string, string> {
  const file = path.join(dir, `deployment-${generated.deployment.tenants.length}.json`);
  writeFileSync(file, JSON.stringify(generated.deployment));
  return { ...generated.env, DEPLOYMENT_FILE: file };
}

/** Every tenant's id in generation order (`langsa`, `mpp-1`, ... `mpp-<tenants-1>`). */
export function tenantId(index: number): string {
  return index === 0 ? 'langsa' : `mpp-${index}`;
}

/**
 * The bench mocks' regional agencies as generator targets: `prefixes` maps a connector key to
 * its env prefix (`pdam` → `PDAM`); each instance gets the URL (`<PREFIX>_BASE_URL`) and every
 * other `<PREFIX>_*` setting the mocks print (credentials), over plain http on loopback.
 */
export function mockRegionalTargets(
  mocksEnv: Readonly<Record<string, string>>,
  prefixes: Readonly<Record<string, string>>,
): Record<string, RegionalTarget> {
  const out: Record<string, RegionalTarget> = {};
  for (const [key, prefix] of Object.entries(prefixes)) {
    const url = mocksEnv[`${prefix}_BASE_URL`];
    if (!url) throw new Error(`the mocks printed no ${prefix}_BASE_URL`);
    const secrets: Record<string, string> = {};
    for (const [name, value] of Object.entries(mocksEnv)) {
      if (!name.startsWith(`${prefix}_`)) continue;
      const suffix = name.slice(prefix.length + 1);
      if (suffix === 'BASE_URL' || suffix === 'ALLOW_HTTP') continue;
      secrets[suffix] = value;
    }
    out[key] = { prefix, url, secrets, allowHttp: true };
  }
  return out;
}

/** `API_CLIENTS` (JSON) with every client belonging to `tenants` (the first is its home). */
export function clientsOfTenants(apiClients: string, tenants: readonly string[]): string {
  const clients = JSON.parse(apiClients) as Array<Record<string, unknown>>;
  return JSON.stringify(clients.map((c) => ({ ...c, tenants: [...tenants] })));
}
