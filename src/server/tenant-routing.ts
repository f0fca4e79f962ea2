import type { IncomingHttpHeaders } from 'node:http';
import type { TenancyConfig } from '../config';
import type { RequestScope } from '../connectors/core/types';
import type { ConnectorKey, Loaders } from '../connectors/registry';
import { ErrorCode, GatewayError, NotServedHereError } from '../errors';
import type { RequestTenancy } from '../resolvers/tenancy';
import type { Caller } from '../security';
import type { RunningInstance, Upstreams } from './upstreams';

/** The header a client working for several MPPs (a provincial operator) names one with. */
export const TENANT_HEADER = 'x-mpp';

/** The caller asked for an MPP it does not work for (`x-mpp`): HTTP 403, FORBIDDEN. */
export class TenantNotAllowedError extends GatewayError {
  constructor() {
    super(ErrorCode.Forbidden, `this client does not work for the MPP named in ${TENANT_HEADER}`);
    this.extensions['reason'] = 'TENANT_NOT_ALLOWED';
    this.extensions['http'] = { status: 403 };
  }
}

/**
 * Built once from the configuration: who serves which region, and the pipelines. Per request
 * it answers "which MPP is this for" and hands out loaders of the right agency instances,
 * created lazily: a request touches a handful of the (up to hundreds of) instances.
 */
export class TenantRouter {
  private readonly tenantOfRegion = new Map<string, string>();
  private readonly known: ReadonlySet<string>;

  constructor(
    private readonly tenancy: TenancyConfig,
    private readonly upstreams: Upstreams,
  ) {
    for (const t of tenancy.tenants)
      for (const region of t.regions) this.tenantOfRegion.set(region, t.id);
    this.known = new Set(tenancy.tenants.map((t) => t.id));
  }

  /** Every tenant id, for bounded metric labels. */
  get tenantIds(): readonly string[] {
    return this.tenancy.tenants.map((t) => t.id);
  }

  /**
   * The request's tenant: the `x-mpp` choice when the caller works for it (refused
   * otherwise), else the caller's home tenant, else the deployment's default.
   */
  tenantOf(caller: Caller, headers: IncomingHttpHeaders): { tenant: string; tenants: string[] } {
    const tenants = (caller.tenants ?? [this.tenancy.defaultTenant]).filter((t) =>
      this.known.has(t),
    );
    // A client (a token) naming only MPPs this deployment does not serve works for none of
    // ours: never fall back to the default tenant for it.
    if (tenants.length === 0) throw new TenantNotAllowedError();
    const asked = headers[TENANT_HEADER];
    if (asked === undefined) return { tenant: tenants[0]!, tenants };
    if (typeof asked !== 'string' || !tenants.includes(asked)) throw new TenantNotAllowedError();
    return { tenant: asked, tenants };
  }

  /** The per-request loaders and routing of `tenant`. */
  forRequest(
    scope: RequestScope,
    tenant: string,
    tenants: readonly string[],
  ): { loaders: Loaders; tenancy: RequestTenancy } {
    const memo = new Map<RunningInstance, unknown>();
    const loadersOf = (instance: RunningInstance): unknown => {
      let loaders = memo.get(instance);
      if (loaders === undefined) {
        loaders = instance.runtime.createLoaders(scope);
        memo.set(instance, loaders);
      }
      return loaders;
    };
    const all: Record<string, unknown> = {};
    for (const instance of this.upstreams.national) all[instance.connector] = loadersOf(instance);
    for (const connector of this.upstreams.regionalConnectors) {
      Object.defineProperty(all, connector, {
        enumerable: true,
        // Resolved on first use: the caller's MPP may have no instance of this agency, and
        // that is a NOT_SERVED_HERE for the field that asked, not for the request.
        get: () => {
          const instance = this.upstreams.instanceOf(connector, tenant);
          if (!instance) throw new NotServedHereError(connector, `${connector} of this MPP`);
          return loadersOf(instance);
        },
      });
    }
    const forRegion = <K extends ConnectorKey>(connector: K, region: string): Loaders[K] => {
      const owner = this.tenantOfRegion.get(region);
      const instance =
        owner === undefined ? undefined : this.upstreams.instanceOf(connector, owner);
      if (!instance) throw new NotServedHereError(connector, `${connector} of region ${region}`);
      // The instance was created by the definition registered under `connector`.
      return loadersOf(instance) as Loaders[K];
    };
    const tenancy: RequestTenancy = { tenant, tenants, forRegion };
    // Each runtime was created by the definition registered under its key: the shapes match.
    return { loaders: all as Loaders, tenancy };
  }
}
