import type { RequestScope } from '../connectors/core/types';
import type { Loaders } from '../connectors/registry';
import type { OpaqueIds } from '../identifiers/opaque-id';
import type { OpsView } from '../observability/ops-view';
import type { PaymentService } from '../payments';
import type { Caller } from '../security';
import type { RequestTenancy } from './tenancy';

/**
 * Everything a resolver may use, created fresh for every request (never module-level):
 * DataLoaders memoise per request only, so one caller's data never leaks into another's.
 */
export interface GatewayContext {
  requestId: string;
  /** Deadline, abort signal and the per-request report of stale data and upstream calls. */
  scope: RequestScope;
  /**
   * Per-request DataLoaders of each enabled connector, by agency key. A regional connector's
   * are its instance of the request's tenant (NOT_SERVED_HERE when that MPP has none).
   */
  loaders: Loaders;
  /** "Today" for this request (penalties are computed as of this instant). */
  now: Date;
  /** Connector health read model (process-wide, for the `connectors` field). */
  ops: OpsView;
  /** Seals and opens the records' opaque ids (process-wide, keyed by ID_SECRET). */
  ids: OpaqueIds;
  /** Who is asking: client id, scopes, and the officer and purpose they stated. */
  caller: Caller;
  /**
   * The request's MPP and region routing (src/resolvers/tenancy.ts). The gateway always sets
   * it; a context built by hand (resolver unit tests) may leave it out: one tenant, then.
   */
  tenancy?: RequestTenancy;
  /** PBB-P2 payments (process-wide); absent when payments are off. */
  payments?: PaymentsAccess;
}

/** What the payment resolvers use (src/server/payments-wiring.ts builds it once). */
export interface PaymentsAccess {
  service: PaymentService;
  /** Purges the cached BPKD records of a tax object (shared cache: every instance). False on failure. */
  purgeTaxObject(nop: string): Promise<boolean>;
}
