import type { ConnectorKey, Loaders } from '../connectors/registry';

/**
 * Tenancy as resolvers see it: which MPP the request is for, and the one routing question a
 * resolver may ask ("the instance of this regional agency serving that region"). The rules
 * (docs/tenancy.md):
 * - `ctx.loaders.<regional>` is the caller's tenant's instance: identifiers without a region
 *   (water customer numbers) and a citizen's own records (Citizen.taxObjects / waterAccounts)
 *   are asked of the caller's MPP's agencies. A NIK's region code is where the NIK was first
 *   issued and never changes when a person moves, so it does not say which city's agencies
 *   hold their records today.
 * - An identifier that carries its region (a NOP) goes to the instance serving that region,
 *   whatever the caller's MPP: `ctx.tenancy.forRegion('bpkd', nopRegion(nop))`.
 * - No such instance: NOT_SERVED_HERE for that field (extensions.connector), never a call.
 */
export interface RequestTenancy {
  /** The tenant (MPP) this request is served for: the caller's home, or its `x-mpp` choice. */
  readonly tenant: string;
  /** Every tenant the caller works for. */
  readonly tenants: readonly string[];
  /**
   * The loaders of `connector`'s instance serving `region` (4 digits, "1174"). Throws
   * NOT_SERVED_HERE when the deployment serves no such region or the region's tenant has no
   * instance of the connector.
   */
  forRegion<K extends ConnectorKey>(connector: K, region: string): Loaders[K];
}

/** The regency of a NOP (its first four digits: province and regency codes). */
export const nopRegion = (nop: string): string => nop.slice(0, 4);

/**
 * The loaders of `connector`'s instance serving `region`: the one call a resolver makes to
 * route by an identifier's region. Without tenancy in the context (a hand-built context),
 * the context's own loaders.
 */
export function loadersForRegion<K extends ConnectorKey>(
  ctx: { loaders: Loaders; tenancy?: RequestTenancy },
  connector: K,
  region: string,
): Loaders[K] {
  return ctx.tenancy ? ctx.tenancy.forRegion(connector, region) : ctx.loaders[connector];
}
