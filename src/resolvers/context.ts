import type { RequestScope } from '../connectors/core/types';
import type { Loaders } from '../connectors/registry';
import type { OpaqueIds } from '../identifiers/opaque-id';
import type { OpsView } from '../observability/ops-view';
import type { Caller } from '../security';

/**
 * Everything a resolver may use, created fresh for every request (never module-level):
 * DataLoaders memoise per request only, so one caller's data never leaks into another's.
 */
export interface GatewayContext {
  requestId: string;
  /** Deadline, abort signal and the per-request report of stale data and upstream calls. */
  scope: RequestScope;
  /** Per-request DataLoaders of each enabled connector, by agency key. */
  loaders: Loaders;
  /** "Today" for this request (penalties are computed as of this instant). */
  now: Date;
  /** Connector health read model (process-wide, for the `connectors` field). */
  ops: OpsView;
  /** Seals and opens the records' opaque ids (process-wide, keyed by ID_SECRET). */
  ids: OpaqueIds;
  /** Who is asking: client id, scopes, and the officer and purpose they stated. */
  caller: Caller;
}
