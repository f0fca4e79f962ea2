import { circuitOpen, ErrorCode, GatewayError, upstreamTimeout, UpstreamError } from '../../errors';
import { tracedAttempt, type AttemptDeps } from './attempt';
import type { Bulkhead } from './bulkhead';
import type { ConnectorBreaker } from './breaker';
import { classifyFailure } from './failure-class';
import type { CachedEntry, PipelineCache } from './pipeline-ports';
import { ReadCache } from './read-cache';
import { withRetry } from './retry';
import type { RetryBudget } from './retry-budget';
import { SingleFlight } from './single-flight';
import { annotateActiveSpan, detachedFromTrace, inSpan, SPAN_ATTR } from './tracing';
import type { BatchFetch, EntityPolicy, RequestScope } from './types';

/** One id's result, as DataLoader wants it: the value, `null` (not found) or its error. */
export type Outcome<T> = T | null | Error;

/** What the read path shares with the rest of its connector's pipeline (upstream.ts builds it). */
export interface ReadPipelineDeps extends AttemptDeps {
  breaker: ConnectorBreaker;
  bulkhead: Bulkhead;
  retryBudget: RetryBudget;
  /** The shared cache; absent = every load goes to the agency. */
  cache?: PipelineCache;
  /** Told of every entity loaded, so an operator can purge its records by name. */
  learnEntity(entity: EntityPolicy): void;
}

/** The request id of a background revalidation (no client waits for it). */
const BACKGROUND_REQUEST_ID = 'background-revalidate';

/**
 * The batch read path of one connector:
 * cache → coalesce in-flight → (breaker open? fail fast) → bulkhead → breaker →
 * retry → deadline-bounded attempt → cache write; on failure, a stale entry if one is allowed.
 */
export class ReadPipeline {
  private readonly inflight = new SingleFlight<Outcome<unknown>>();
  private readonly cache: ReadCache | undefined;

  constructor(private readonly deps: ReadPipelineDeps) {
    this.cache =
      deps.cache && new ReadCache(deps.connector, deps.cache, deps.logger, deps.observer);
  }

  /** One span per DataLoader batch (tracing on), around the whole pipeline below. */
  load<T>(
    entity: EntityPolicy,
    ids: readonly string[],
    scope: RequestScope,
    fetch: BatchFetch<T>,
  ): Promise<Array<Outcome<T>>> {
    const attributes = {
      [SPAN_ATTR.connector]: this.deps.connector,
      [SPAN_ATTR.entity]: entity.name,
      [SPAN_ATTR.batchSize]: new Set(ids).size,
    };
    return inSpan(`load ${this.deps.connector}`, attributes, () =>
      this.loadBatch(entity, ids, scope, fetch),
    );
  }

  private async loadBatch<T>(
    entity: EntityPolicy,
    ids: readonly string[],
    scope: RequestScope,
    fetch: BatchFetch<T>,
  ): Promise<Array<Outcome<T>>> {
    const { connector, observer } = this.deps;
    const unique = [...new Set(ids)];
    this.deps.learnEntity(entity);
    observer.batch(connector, entity.name, unique.length);
    let results = new Map<string, Outcome<T>>();
    let fallbacks = new Map<string, CachedEntry<T>>();
    let toFetch = unique;

    if (this.cache) {
      const found = await this.cache.lookup<T>(entity, unique);
      results = new Map(found.served);
      fallbacks = found.fallbacks;
      toFetch = found.toFetch;
      // A refresh into an open breaker would only be refused (and counted as a refusal): the
      // entry is still inside its revalidate window, so serve it and let a later hit refresh.
      if (found.revalidate.length > 0 && !this.deps.breaker.rejecting)
        this.refreshInBackground(entity, found.revalidate, fetch);
      annotateActiveSpan({
        [SPAN_ATTR.cacheHits]: unique.length - toFetch.length,
        [SPAN_ATTR.cacheMisses]: toFetch.length,
      });
    }

    if (toFetch.length > 0) {
      const fetched = await this.fetchCoalesced(entity, toFetch, scope, fetch);
      for (const id of toFetch) {
        const value = fetched.get(id) ?? null;
        const fallback = value instanceof Error ? fallbacks.get(id) : undefined;
        // Stale-if-error covers an agency that fails or is refused (any UpstreamError, an
        // open breaker included), not a bug of ours.
        if (fallback && value instanceof UpstreamError) {
          observer.cache(connector, entity.name, 'stale');
          scope.report.stale(connector, Math.round(fallback.ageMs / 1000));
          results.set(id, fallback.value);
          annotateActiveSpan({ [SPAN_ATTR.staleServed]: true });
        } else {
          results.set(id, value);
        }
      }
    }
    return ids.map((id) => results.get(id) ?? null);
  }

  /** Ids another request is already fetching join that call (single-flight across requests). */
  private async fetchCoalesced<T>(
    entity: EntityPolicy,
    ids: string[],
    scope: RequestScope,
    fetch: BatchFetch<T>,
  ): Promise<Map<string, Outcome<T>>> {
    const keyOf = (id: string) => `${entity.name}\u0000${entity.version}\u0000${id}`;
    const waiting = new Map<string, Promise<Outcome<T>>>();
    const mine: string[] = [];
    let joined = false;
    for (const id of ids) {
      const existing = this.inflight.joining(keyOf(id)) as Promise<Outcome<T>> | undefined;
      if (existing) {
        waiting.set(id, existing);
        joined = true;
      } else mine.push(id);
    }
    for (let i = 0; i < mine.length; i += entity.maxBatchSize) {
      const chunk = mine.slice(i, i + entity.maxBatchSize);
      const chunkResult = this.execute(entity, chunk, scope, fetch);
      for (const id of chunk) {
        const key = keyOf(id);
        const perId: Promise<Outcome<T>> = chunkResult.then(
          (values) => values.get(id) ?? null,
          (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
        );
        waiting.set(id, this.inflight.track(key, perId));
      }
    }
    const out = new Map<string, Outcome<T>>();
    // A joined call runs under its leader's deadline (the leader may be a background refresh
    // with a later one): each caller still stops at its own. Our own calls already do.
    const own = joined
      ? untilAborted(scope.signal, () =>
          upstreamTimeout(
            this.deps.connector,
            'request deadline passed while waiting for a shared call',
          ),
        )
      : undefined;
    try {
      await Promise.all(
        [...waiting].map(async ([id, p]) =>
          out.set(id, await (own ? Promise.race([p, own.promise]) : p)),
        ),
      );
    } finally {
      own?.dispose();
    }
    return out;
  }

  /** One chunk's call to the agency, guarded: breaker check → bulkhead → breaker → retry → attempt. */
  private async execute<T>(
    entity: EntityPolicy,
    ids: string[],
    scope: RequestScope,
    fetch: BatchFetch<T>,
  ): Promise<Map<string, T | null>> {
    const { connector, observer, breaker, bulkhead, retryBudget, policy } = this.deps;
    // An open breaker refuses before queueing: failing fast is the point.
    if (breaker.rejecting) {
      observer.refused(connector, ErrorCode.CircuitOpen);
      throw circuitOpen(connector);
    }
    let attempts = 0;
    const cacheOutcome = !this.cache
      ? 'none'
      : scope.requestId === BACKGROUND_REQUEST_ID
        ? 'revalidate'
        : 'miss';
    try {
      // The breaker sees ONE outcome per logical call (the whole retry loop), as documented:
      // a request served by its retry is a success, and a failing agency's retries do not
      // multiply its failure count. The retry budget bounds what retries add to the load.
      retryBudget.recordCall();
      const answered = await bulkhead.run(scope.signal, () =>
        breaker.fire(() =>
          withRetry(
            policy.retry,
            {
              // A request whose client went away has no time left, whatever its deadline says.
              remainingMs: () => (scope.signal.aborted ? 0 : scope.deadline - Date.now()),
              breakerRejecting: () => breaker.rejecting,
              takeRetry: () => retryBudget.tryRetry(),
              onRetry: () => observer.retry(connector),
            },
            () => {
              const trace = { entity: entity.name, attempt: ++attempts, cacheOutcome };
              return tracedAttempt(this.deps, scope, trace, (call) => fetch(ids, call));
            },
          ),
        ),
      );
      // A batch fetch leaves out what the agency did not find: record those as "not found"
      // explicitly, so they are negatively cached like a one-by-one miss (and nothing else
      // the agency volunteered is cached under an id nobody asked for).
      const values = new Map<string, T | null>(ids.map((id) => [id, answered.get(id) ?? null]));
      this.cache?.write(entity, values);
      return values;
    } catch (err) {
      if (
        err instanceof GatewayError &&
        (err.code === ErrorCode.CircuitOpen || err.code === ErrorCode.UpstreamUnavailable)
      ) {
        observer.refused(connector, err.code, classifyFailure(err));
      }
      throw err;
    }
  }

  /** Refreshes revalidate-window entries for no client: its own deadline, no trace parent, errors dropped. */
  private refreshInBackground<T>(entity: EntityPolicy, ids: string[], fetch: BatchFetch<T>): void {
    const controller = new AbortController();
    const scope: RequestScope = {
      requestId: BACKGROUND_REQUEST_ID,
      deadline: Date.now() + this.deps.policy.timeoutMs,
      signal: controller.signal,
      report: { stale: () => undefined, upstreamCall: () => undefined },
    };
    void detachedFromTrace(() => this.fetchCoalesced(entity, ids, scope, fetch)).catch(
      () => undefined,
    );
  }
}

/**
 * A promise that resolves with `error()` once `signal` aborts (never before), and a dispose
 * that removes the listener so that many waits on one request do not pile listeners up.
 */
function untilAborted<E>(
  signal: AbortSignal,
  error: () => E,
): { promise: Promise<E>; dispose: () => void } {
  let onAbort: () => void = () => undefined;
  const promise = new Promise<E>((resolve) => {
    onAbort = () => resolve(error());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
