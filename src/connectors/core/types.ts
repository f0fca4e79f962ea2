import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import type { Logger } from 'pino';
import type { z } from 'zod';

/**
 * The connector contract. An agency connector is one `ConnectorDefinition` (its folder's
 * index.ts exports it) listed once in `src/connectors/registry.ts`; its API (SDL in
 * `src/schema/<key>.graphql`, resolvers in `src/resolvers/<key>.ts`) is paired with it in
 * `src/resolvers/agencies.ts`, so a connector never depends on the API built over it. Everything a connector
 * needs from the gateway arrives through `ConnectorDeps`; everything per request through
 * `RequestScope`.
 */

/** How personal a cached entity is: decides whether it may be cached and whether it is encrypted. */
export type Sensitivity =
  /** No personal data (reference data). */
  | 'public'
  /** Personal data (name, address, civil status): cached encrypted when a key is configured. */
  | 'personal'
  /** Specific personal data (health, financial): cached only when encryption is on. */
  | 'specific';

/** A kind of record a connector loads, with its cache policy. */
export interface EntityPolicy {
  /** Cache namespace within the connector, e.g. "citizen", "participantByNik". */
  name: string;
  sensitivity: Sensitivity;
  /** Bump when the mapped domain shape changes: old cache entries are then never read. */
  version: number;
  /**
   * Largest number of ids one upstream call may carry. 1 means the agency has no batch
   * endpoint: the pipeline then makes one call per id, with the connector's bounded concurrency.
   */
  maxBatchSize: number;
  /** Fresh TTL in seconds (overridable by config). */
  ttlSeconds: number;
}

/** Per-request state the pipeline needs: who is asking (for logs) and until when. */
export interface RequestScope {
  requestId: string;
  /** Epoch ms after which no upstream call may still be running. */
  deadline: number;
  /** Aborted when the client request ends or the deadline passes. */
  signal: AbortSignal;
  /** Records stale data served and per-connector call outcomes for this request. */
  report: RequestReport;
}

export interface RequestReport {
  stale(connector: string, ageSeconds: number): void;
  upstreamCall(connector: string, outcome: 'ok' | 'error', durationMs: number): void;
}

export interface RequestOptions {
  /**
   * 5xx statuses the connector interprets itself instead of the pipeline's generic
   * UPSTREAM_UNAVAILABLE: SOAP 1.1 sends every Fault (e.g. a refused login) with HTTP 500,
   * and only the Fault says why. Default: none.
   */
  passStatuses?: readonly number[];
}

/** What one upstream call gets: an abort signal that fires at min(timeout, deadline). */
export interface CallContext {
  connector: string;
  requestId: string;
  signal: AbortSignal;
  /** Milliseconds this call may still take. */
  timeoutMs: number;
}

/**
 * Fetches the records for `ids` in ONE upstream interaction (one HTTP call, or the token
 * refresh and retry it implies). Returns a value per id found; ids missing from the map, or
 * mapped to null, are "not found". Throws an `UpstreamError` when the agency failed.
 */
export type BatchFetch<T> = (ids: string[], call: CallContext) => Promise<Map<string, T | null>>;

/**
 * The shared upstream pipeline for one connector:
 * cache → coalesce → bulkhead → breaker → deadline/timeout → retry → fetch → cache.set.
 */
export interface Upstream {
  readonly connector: string;
  /**
   * Loads `ids` of one entity. One result per id, in order: the value, `null` when the agency
   * says it does not exist, or an `Error` (an UpstreamError) for that id. Never rejects.
   * Suitable as a DataLoader batch function body.
   */
  load<T>(
    entity: EntityPolicy,
    ids: readonly string[],
    scope: RequestScope,
    fetch: BatchFetch<T>,
  ): Promise<Array<T | null | Error>>;
  /**
   * One HTTP request to the agency through the shared keep-alive agent, with the call's
   * signal, the request id header, and transport failures mapped to UpstreamError
   * (connect errors / 502 / 503 / 504 retryable; timeouts UPSTREAM_TIMEOUT). Any status
   * below 500 is returned for the connector to interpret; the body is returned as text.
   */
  request(
    call: CallContext,
    config: AxiosRequestConfig,
    options?: RequestOptions,
  ): Promise<AxiosResponse<string>>;
  /** Parses `data` with a zod schema or throws UPSTREAM_BAD_RESPONSE naming the failing path (never values). */
  parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S>;
  /** Parses JSON text or throws UPSTREAM_BAD_RESPONSE. */
  json(text: string, what: string): unknown;
}

export interface ConnectorDeps<Cfg extends object> {
  config: Cfg & CommonConnectorConfig;
  upstream: Upstream;
  logger: Logger;
  /**
   * The gateway's durable write journal (the ledger's `write_operations`, shared with
   * payments), for connectors that write. Absent when no ledger is configured.
   */
  journal?: AgencyWriteJournal;
}

/** One write to an agency as the journal records it: no personal data (see disnaker/journal.ts). */
export interface AgencyWriteIntent {
  connector: string;
  operation: string;
  /** The client's idempotency key, also sent to the agency (e.g. as `Idempotency-Key`). */
  idempotencyKey: string;
  /** SHA-256 (hex) of the exact request sent: the same key with another request is a different write. */
  fingerprint: string;
  /** Who asked, for the trail (client id, officer id, purpose); no data subject. */
  actor: {
    clientId: string | undefined;
    officerId: string | undefined;
    purpose: string | undefined;
  };
}

export type AgencyWriteOutcome =
  /** The agency accepted (or had already accepted) the write; `reference` is its number. */
  | { kind: 'accepted'; reference: string }
  /** The agency refused it (nothing was written there); `code` is its error code. */
  | { kind: 'refused'; code: string }
  /** No answer we can trust (timeout, connection lost): reconcile by key before any resend. */
  | { kind: 'unknown'; detail: string };

/** Records a write's intent before it is sent, and its outcome after. */
export interface AgencyWriteJournal {
  /**
   * Records the intent durably. Rejects when it cannot (the write is then not attempted:
   * nothing is sent to the agency that the journal does not know of).
   */
  record(intent: AgencyWriteIntent): Promise<void>;
  /** Records the outcome. Failing to settle leaves the intent open for reconciliation; never throws to the caller. */
  settle(intent: AgencyWriteIntent, outcome: AgencyWriteOutcome): Promise<void>;
}

/** Settings every connector has, read from `<PREFIX>_BASE_URL`, `<PREFIX>_TIMEOUT_MS`, ... */
export interface CommonConnectorConfig {
  baseUrl: string;
  timeoutMs: number;
}

export interface ConnectorRuntime<L> {
  /** Fresh DataLoaders for one request (never share across requests). */
  createLoaders(scope: RequestScope): L;
  /** A cheap call proving the agency answers and our credentials work (idle-connector health probes, src/server/probes.ts). */
  probe(call: CallContext): Promise<void>;
  close?(): Promise<void>;
}

export interface ConnectorDefinition<
  K extends string = string,
  Cfg extends object = object,
  L = unknown,
> {
  /** The agency key: connector folder, mock folder, schema file, metric label, config prefix. */
  key: K;
  /** Human name for the status page, e.g. "Dukcapil (civil registry)". */
  title: string;
  /** Env prefix, e.g. "BPJS_KESEHATAN" → BPJS_KESEHATAN_BASE_URL. */
  envPrefix: string;
  /**
   * `national` (default): one instance shared by every tenant (Dukcapil, BPJS...).
   * `regional`: one instance per tenant that has it in the deployment file (tax office,
   * water utility...), each with its own pipeline; see docs/tenancy.md.
   */
  scope?: 'national' | 'regional';
  /**
   * Connector-specific settings (credentials...). Keys are camelCase; each is read from
   * `<envPrefix>_<SNAKE_CASE_KEY>`. Secrets must not have defaults.
   */
  configSchema: z.ZodType<Cfg> & { shape: Readonly<Record<string, z.ZodType>> };
  /**
   * The entities this connector caches (its loaders' `EntityPolicy` constants), so operators
   * can purge one record by entity name (`POST /admin/connectors/:key/cache/purge`) before the
   * entity was first loaded in the process. Optional: without it, entities are known once loaded.
   */
  entities?: readonly EntityPolicy[];
  /**
   * The connector writes to its agency (applications, payments): a `<key>:write` scope then
   * exists, granted apart from `<key>:read`. Default false.
   */
  writes?: boolean;
  create(deps: ConnectorDeps<Cfg>): ConnectorRuntime<L>;
}
