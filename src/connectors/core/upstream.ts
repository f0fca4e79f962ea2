import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ConnectorPolicy } from '../../config';
import {
  circuitOpen,
  ErrorCode,
  GatewayError,
  upstreamBadResponse,
  upstreamTimeout,
  UpstreamError,
} from '../../errors';
import { Bulkhead } from './bulkhead';
import { ConnectorBreaker, type BreakerObserver } from './breaker';
import { classifyFailure, type FailureClass } from './failure-class';
import { sendRequest } from './http';
import { SingleFlight } from './single-flight';
import { withRetry } from './retry';
import { RetryBudget } from './retry-budget';
import { annotateActiveSpan, detachedFromTrace, inSpan, SPAN_ATTR } from './tracing';
import type {
  BatchFetch,
  CallContext,
  EntityPolicy,
  RequestScope,
  Upstream,
  RequestOptions,
} from './types';

/** What the pipeline needs from the shared cache (src/cache's EntityCache provides it; TTL windows are its policy). */
export interface PipelineCache {
  getMany<T>(
    connector: string,
    entity: EntityPolicy,
    ids: string[],
  ): Promise<Map<string, CachedEntry<T>>>;
  setMany<T>(
    connector: string,
    entity: EntityPolicy,
    entries: Map<string, T | null>,
  ): Promise<void>;
  /** Deletes one record of one entity version; resolves with 1 if it was cached, else 0. */
  purgeRecord(
    connector: string,
    entity: Pick<EntityPolicy, 'name' | 'version'>,
    id: string,
  ): Promise<number>;
}
export interface CachedEntry<T> {
  value: T | null;
  storedAt: number;
  /** Age when read, by the cache's clock. */
  ageMs: number;
  state: 'fresh' | 'revalidate' | 'stale';
}

/** Hooks for metrics and the status view; every method optional in effect (no-op default). */
export interface PipelineObserver extends BreakerObserver {
  /** `failure` classifies an error (HTTP status, timeout, reset...) for the status page. */
  call(
    connector: string,
    outcome: 'ok' | 'error',
    ms: number,
    code?: string,
    failure?: FailureClass,
  ): void;
  retry(connector: string): void;
  bulkheadRejected(connector: string): void;
  cache(connector: string, entity: string, event: 'hit' | 'miss' | 'revalidate' | 'stale'): void;
  batch(connector: string, entity: string, size: number): void;
  /** `failure` classifies the refusal (open breaker, full bulkhead, or the agency's last answer). */
  refused(connector: string, code: string, failure?: FailureClass): void;
}

export const NOOP_OBSERVER: PipelineObserver = {
  call: () => undefined,
  retry: () => undefined,
  bulkheadRejected: () => undefined,
  cache: () => undefined,
  batch: () => undefined,
  refused: () => undefined,
  transition: () => undefined,
};

export interface UpstreamOptions {
  connector: string;
  http: AxiosInstance;
  policy: ConnectorPolicy;
  logger: Logger;
  /** The shared cache; absent = every load goes to the agency. */
  cache?: PipelineCache;
  observer?: PipelineObserver;
  /**
   * The connector's entities, so that an operator can purge one record by entity name before
   * the entity was first loaded in this process. Default: none; entities are then learnt as
   * they are loaded.
   */
  entities?: readonly EntityPolicy[];
}

/** Options of `ConnectorUpstream.call`. */
export interface TransportCallOptions {
  /** False for writes: never retried. True: retried like a read on retryable UpstreamErrors. */
  idempotent: boolean;
  /** Deadline of the call (ms). Default: the connector policy's `timeoutMs`. */
  timeoutMs?: number;
  /** The caller's abort signal (request gone, service stopping). */
  signal?: AbortSignal;
}

type Outcome<T> = T | null | Error;

/** The request id of a background revalidation (no client waits for it). */
const BACKGROUND_REQUEST_ID = 'background-revalidate';

/**
 * The shared upstream pipeline of one connector, created once at start-up:
 * cache → coalesce in-flight → (breaker open? fail fast) → bulkhead → breaker →
 * retry → deadline-bounded call → cache.set; on failure, a stale entry if one is allowed.
 */
export class ConnectorUpstream implements Upstream {
  readonly connector: string;
  readonly breaker: ConnectorBreaker;
  readonly bulkhead: Bulkhead;
  /** Retries of this connector, all requests together, as a share of its calls. */
  readonly retryBudget: RetryBudget;
  private readonly inflight = new SingleFlight<Outcome<unknown>>();
  private readonly observer: PipelineObserver;
  /** Entity policies by name: the admin API purges a record by entity name and needs its version. */
  private readonly entities = new Map<string, EntityPolicy>();

  constructor(private readonly options: UpstreamOptions) {
    this.connector = options.connector;
    this.observer = options.observer ?? NOOP_OBSERVER;
    for (const entity of options.entities ?? []) this.entities.set(entity.name, entity);
    this.breaker = new ConnectorBreaker(
      options.connector,
      options.policy.breaker,
      options.logger,
      this.observer,
    );
    const retry = options.policy.retry;
    this.retryBudget = new RetryBudget({
      percent: retry.budgetPercent,
      minPerSecond: retry.budgetMinPerSecond,
      windowMs: retry.budgetWindowMs,
    });
    this.bulkhead = new Bulkhead(
      options.connector,
      options.policy.bulkhead.maxConcurrent,
      options.policy.bulkhead.maxQueue,
      () => this.observer.bulkheadRejected(options.connector),
    );
  }

  /** One span per DataLoader batch (tracing on), around the whole pipeline below. */
  load<T>(
    entity: EntityPolicy,
    ids: readonly string[],
    scope: RequestScope,
    fetch: BatchFetch<T>,
  ): Promise<Array<Outcome<T>>> {
    const attributes = {
      [SPAN_ATTR.connector]: this.connector,
      [SPAN_ATTR.entity]: entity.name,
      [SPAN_ATTR.batchSize]: new Set(ids).size,
    };
    return inSpan(`load ${this.connector}`, attributes, () =>
      this.loadBatch(entity, ids, scope, fetch),
    );
  }

  private async loadBatch<T>(
    entity: EntityPolicy,
    ids: readonly string[],
    scope: RequestScope,
    fetch: BatchFetch<T>,
  ): Promise<Array<Outcome<T>>> {
    const unique = [...new Set(ids)];
    if (!this.entities.has(entity.name)) this.entities.set(entity.name, entity);
    this.observer.batch(this.connector, entity.name, unique.length);
    const results = new Map<string, Outcome<T>>();
    const fallbacks = new Map<string, CachedEntry<T>>();
    let toFetch = unique;
    const cache = this.options.cache;

    if (cache) {
      const entries = await this.readCache<T>(cache, entity, unique);
      toFetch = [];
      const revalidate: string[] = [];
      for (const id of unique) {
        const entry = entries.get(id);
        if (!entry) {
          this.observer.cache(this.connector, entity.name, 'miss');
          toFetch.push(id);
        } else if (entry.state === 'fresh') {
          this.observer.cache(this.connector, entity.name, 'hit');
          results.set(id, entry.value);
        } else if (entry.state === 'revalidate') {
          this.observer.cache(this.connector, entity.name, 'revalidate');
          results.set(id, entry.value);
          revalidate.push(id);
        } else {
          // Too old to serve by itself: only if the agency fails now.
          this.observer.cache(this.connector, entity.name, 'miss');
          fallbacks.set(id, entry);
          toFetch.push(id);
        }
      }
      // A refresh into an open breaker would only be refused (and counted as a refusal): the
      // entry is still inside its revalidate window, so serve it and let a later hit refresh.
      if (revalidate.length > 0 && !this.breaker.rejecting)
        this.refreshInBackground(entity, revalidate, fetch);
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
        if (fallback && value instanceof UpstreamError) {
          this.observer.cache(this.connector, entity.name, 'stale');
          scope.report.stale(this.connector, Math.round(fallback.ageMs / 1000));
          results.set(id, fallback.value);
          annotateActiveSpan({ [SPAN_ATTR.staleServed]: true });
        } else {
          results.set(id, value);
        }
      }
    }
    return ids.map((id) => results.get(id) ?? null);
  }

  /** The entity policy named `name` (declared at start-up or loaded since), if any. */
  entity(name: string): EntityPolicy | undefined {
    return this.entities.get(name);
  }

  /** Deletes one cached record (admin). Resolves with 1 if it was cached, else 0. */
  async purgeRecord(entity: Pick<EntityPolicy, 'name' | 'version'>, id: string): Promise<number> {
    return (await this.options.cache?.purgeRecord(this.connector, entity, id)) ?? 0;
  }

  /** A cache that fails to answer is a miss for every id: the cache is an optimisation only. */
  private async readCache<T>(
    cache: PipelineCache,
    entity: EntityPolicy,
    ids: string[],
  ): Promise<Map<string, CachedEntry<T>>> {
    try {
      return await inSpan('cache get', this.cacheSpan('getMany', entity, ids.length), () =>
        cache.getMany<T>(this.connector, entity, ids),
      );
    } catch (err) {
      this.options.logger.warn(
        { connector: this.connector, entity: entity.name, err: errorName(err) },
        'cache read failed: treated as a miss',
      );
      return new Map();
    }
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
            this.connector,
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

  private async execute<T>(
    entity: EntityPolicy,
    ids: string[],
    scope: RequestScope,
    fetch: BatchFetch<T>,
  ): Promise<Map<string, T | null>> {
    // An open breaker refuses before queueing: failing fast is the point.
    if (this.breaker.rejecting) {
      this.observer.refused(this.connector, ErrorCode.CircuitOpen);
      throw circuitOpen(this.connector);
    }
    const { policy } = this.options;
    let attempts = 0;
    const cacheOutcome = !this.options.cache
      ? 'none'
      : scope.requestId === BACKGROUND_REQUEST_ID
        ? 'revalidate'
        : 'miss';
    try {
      // The breaker sees ONE outcome per logical call (the whole retry loop), as documented:
      // a request served by its retry is a success, and a failing agency's retries do not
      // multiply its failure count. The retry budget bounds what retries add to the load.
      this.retryBudget.recordCall();
      const answered = await this.bulkhead.run(scope.signal, () =>
        this.breaker.fire(() =>
          withRetry(
            policy.retry,
            {
              // A request whose client went away has no time left, whatever its deadline says.
              remainingMs: () => (scope.signal.aborted ? 0 : scope.deadline - Date.now()),
              breakerRejecting: () => this.breaker.rejecting,
              takeRetry: () => this.retryBudget.tryRetry(),
              onRetry: () => this.observer.retry(this.connector),
            },
            () => {
              const trace = { entity: entity.name, attempt: ++attempts, cacheOutcome };
              return this.attempt(scope, trace, (call) => fetch(ids, call));
            },
          ),
        ),
      );
      // A batch fetch leaves out what the agency did not find: record those as "not found"
      // explicitly, so they are negatively cached like a one-by-one miss (and nothing else
      // the agency volunteered is cached under an id nobody asked for).
      const values = new Map<string, T | null>(ids.map((id) => [id, answered.get(id) ?? null]));
      if (this.options.cache) this.writeCache(this.options.cache, entity, values);
      return values;
    } catch (err) {
      if (
        err instanceof GatewayError &&
        (err.code === ErrorCode.CircuitOpen || err.code === ErrorCode.UpstreamUnavailable)
      ) {
        this.observer.refused(this.connector, err.code, classifyFailure(err));
      }
      throw err;
    }
  }

  /** Never awaited by the client, never failing it: a slow or broken cache must not cost the answer. */
  private writeCache<T>(cache: PipelineCache, entity: EntityPolicy, values: Map<string, T | null>) {
    const write = inSpan('cache set', this.cacheSpan('setMany', entity, values.size), async () =>
      cache.setMany(this.connector, entity, values),
    );
    write.catch((err: unknown) =>
      this.options.logger.warn(
        { connector: this.connector, entity: entity.name, err: errorName(err) },
        'cache write failed: answer served uncached',
      ),
    );
  }

  /** Attributes of a cache operation's span: counts only, never keys. */
  private cacheSpan(op: string, entity: EntityPolicy, keys: number) {
    return {
      [SPAN_ATTR.connector]: this.connector,
      [SPAN_ATTR.entity]: entity.name,
      [SPAN_ATTR.cacheOp]: op,
      [SPAN_ATTR.keys]: keys,
    };
  }

  /** One span per upstream attempt (retries included), around the call below. */
  private attempt<R>(
    scope: RequestScope,
    trace: { entity: string; attempt: number; cacheOutcome: string },
    run: (call: CallContext) => Promise<R>,
  ): Promise<R> {
    const attributes = {
      [SPAN_ATTR.connector]: this.connector,
      [SPAN_ATTR.endpoint]: trace.entity,
      [SPAN_ATTR.attempt]: trace.attempt,
      [SPAN_ATTR.retry]: trace.attempt > 1,
      [SPAN_ATTR.breakerState]: this.breaker.state,
      [SPAN_ATTR.cacheOutcome]: trace.cacheOutcome,
    };
    return inSpan(`call ${this.connector}`, attributes, async (span) => {
      const result = await this.attemptUntraced(scope, run);
      span.setAttribute(SPAN_ATTR.resultCode, 'OK');
      return result;
    });
  }

  /** One upstream interaction with a signal that fires at min(connector timeout, request deadline). */
  private async attemptUntraced<R>(
    scope: RequestScope,
    run: (call: CallContext) => Promise<R>,
  ): Promise<R> {
    const remaining = scope.deadline - Date.now();
    if (remaining <= 0)
      throw upstreamTimeout(this.connector, 'request deadline passed before the call');
    const timeoutMs = Math.min(this.options.policy.timeoutMs, remaining);
    // One controller per call, fired by the timeout or by the request's own signal. The
    // listener is removed afterwards: a request making many calls must not pile them up.
    const controller = new AbortController();
    const handle = setTimeout(
      () => controller.abort(upstreamTimeout(this.connector, `no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onRequestAbort = () => controller.abort(scope.signal.reason);
    if (scope.signal.aborted) onRequestAbort();
    else scope.signal.addEventListener('abort', onRequestAbort, { once: true });
    const signal = controller.signal;
    const started = performance.now();
    try {
      const result = await run({
        connector: this.connector,
        requestId: scope.requestId,
        signal,
        timeoutMs,
      });
      const ms = performance.now() - started;
      scope.report.upstreamCall(this.connector, 'ok', ms);
      this.observer.call(this.connector, 'ok', ms);
      return result;
    } catch (err) {
      const ms = performance.now() - started;
      const error =
        signal.aborted &&
        !(err instanceof UpstreamError && err.code !== ErrorCode.UpstreamUnavailable)
          ? upstreamTimeout(this.connector, `no answer within ${timeoutMs} ms`)
          : err;
      scope.report.upstreamCall(this.connector, 'error', ms);
      const failure = classifyFailure(error);
      annotateActiveSpan({
        [SPAN_ATTR.failureKind]: failure.kind,
        ...(failure.httpStatus ? { [SPAN_ATTR.httpStatus]: failure.httpStatus } : {}),
      });
      this.observer.call(
        this.connector,
        'error',
        ms,
        error instanceof GatewayError ? error.code : 'INTERNAL',
        failure,
      );
      if (error instanceof UpstreamError && error.detail) {
        this.options.logger.debug(
          {
            connector: this.connector,
            code: error.code,
            detail: error.detail,
            requestId: scope.requestId,
          },
          'upstream call failed',
        );
      }
      throw error;
    } finally {
      clearTimeout(handle);
      scope.signal.removeEventListener('abort', onRequestAbort);
    }
  }

  private refreshInBackground<T>(entity: EntityPolicy, ids: string[], fetch: BatchFetch<T>): void {
    const controller = new AbortController();
    const scope: RequestScope = {
      requestId: BACKGROUND_REQUEST_ID,
      deadline: Date.now() + this.options.policy.timeoutMs,
      signal: controller.signal,
      report: { stale: () => undefined, upstreamCall: () => undefined },
    };
    void detachedFromTrace(() => this.fetchCoalesced(entity, ids, scope, fetch)).catch(
      () => undefined,
    );
  }

  /**
   * One call of any transport (a TCP message, ...) through the same pipeline as `load`:
   * open breaker → refused at once; bulkhead; breaker; a deadline of `timeoutMs` (default the
   * policy's) whose signal `run` must honour; metrics. A refusal (open breaker, full bulkhead)
   * means `run` was never called. With `idempotent: false` (writes) nothing is ever retried:
   * the caller resolves an unknown outcome itself (e.g. by reversal).
   */
  async call<R>(
    op: string,
    run: (signal: AbortSignal) => Promise<R>,
    options: TransportCallOptions,
  ): Promise<R> {
    if (this.breaker.rejecting) {
      this.observer.refused(this.connector, ErrorCode.CircuitOpen);
      throw circuitOpen(this.connector);
    }
    const timeoutMs = options.timeoutMs ?? this.options.policy.timeoutMs;
    const deadline = Date.now() + timeoutMs;
    const once = () => this.breaker.fire(() => this.timed(op, run, timeoutMs, options.signal));
    const signal = options.signal ?? new AbortController().signal;
    return this.bulkhead.run(signal, () =>
      options.idempotent
        ? withRetry(
            this.options.policy.retry,
            {
              remainingMs: () => deadline - Date.now(),
              breakerRejecting: () => this.breaker.rejecting,
              onRetry: () => this.observer.retry(this.connector),
            },
            once,
          )
        : once(),
    );
  }

  private async timed<R>(
    op: string,
    run: (signal: AbortSignal) => Promise<R>,
    timeoutMs: number,
    outer: AbortSignal | undefined,
  ): Promise<R> {
    const controller = new AbortController();
    const handle = setTimeout(
      () =>
        controller.abort(
          upstreamTimeout(this.connector, `${op}: no answer within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    const onAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) onAbort();
    else outer?.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    try {
      const result = await run(controller.signal);
      this.observer.call(this.connector, 'ok', performance.now() - started);
      return result;
    } catch (err) {
      const code =
        err instanceof GatewayError
          ? err.code
          : err instanceof Error && 'code' in err && typeof err.code === 'string'
            ? err.code
            : 'INTERNAL';
      this.observer.call(this.connector, 'error', performance.now() - started, code);
      throw err;
    } finally {
      clearTimeout(handle);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  request(
    call: CallContext,
    config: AxiosRequestConfig,
    options?: RequestOptions,
  ): Promise<AxiosResponse<string>> {
    return sendRequest(this.options.http, call, config, options);
  }

  parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
    const result = schema.safeParse(data);
    if (!result.success) {
      // Paths and issue codes only: values may hold personal data.
      const where = result.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
        .join('; ');
      throw upstreamBadResponse(this.connector, `${what} failed validation (${where})`);
    }
    return result.data;
  }

  json(text: string, what: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw upstreamBadResponse(this.connector, `${what} is not JSON`);
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}

/** The class name of an error only: messages may quote payloads or keys. */
function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
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
