import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ConnectorPolicy } from '../../config';
import { Bulkhead } from './bulkhead';
import { ConnectorBreaker } from './breaker';
import { sendRequest } from './http';
import { NOOP_OBSERVER, type PipelineCache, type PipelineObserver } from './pipeline-ports';
import { ReadPipeline, type Outcome } from './read-pipeline';
import { parseJson, parsePayload } from './response-parse';
import { RetryBudget } from './retry-budget';
import { transportCall, type TransportCallOptions } from './transport-call';
import type {
  BatchFetch,
  CallContext,
  EntityPolicy,
  RequestScope,
  Upstream,
  RequestOptions,
} from './types';

// The pipeline's public types stay importable from here, where the gateway wires it.
export {
  NOOP_OBSERVER,
  type CachedEntry,
  type PipelineCache,
  type PipelineObserver,
} from './pipeline-ports';
export type { TransportCallOptions } from './transport-call';

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

/**
 * The shared upstream pipeline of one connector, created once at start-up. It owns what
 * both paths share (breaker, bulkhead, retry budget, observer) and hands them to:
 * - `load`: batch reads (read-pipeline.ts: cache, coalescing, retry, stale-if-error);
 * - `call`: one transport call, writes never retried (transport-call.ts);
 * both ending in one deadline-bounded attempt (attempt.ts).
 */
export class ConnectorUpstream implements Upstream {
  readonly connector: string;
  readonly breaker: ConnectorBreaker;
  readonly bulkhead: Bulkhead;
  /** Retries of this connector, all requests together, as a share of its calls. */
  readonly retryBudget: RetryBudget;
  private readonly observer: PipelineObserver;
  /** Entity policies by name: the admin API purges a record by entity name and needs its version. */
  private readonly entities = new Map<string, EntityPolicy>();
  private readonly reads: ReadPipeline;

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
    this.reads = new ReadPipeline({
      connector: this.connector,
      policy: options.policy,
      logger: options.logger,
      observer: this.observer,
      breaker: this.breaker,
      bulkhead: this.bulkhead,
      retryBudget: this.retryBudget,
      cache: options.cache,
      learnEntity: (entity) => {
        if (!this.entities.has(entity.name)) this.entities.set(entity.name, entity);
      },
    });
  }

  load<T>(
    entity: EntityPolicy,
    ids: readonly string[],
    scope: RequestScope,
    fetch: BatchFetch<T>,
  ): Promise<Array<Outcome<T>>> {
    return this.reads.load(entity, ids, scope, fetch);
  }

  /** The entity policy named `name` (declared at start-up or loaded since), if any. */
  entity(name: string): EntityPolicy | undefined {
    return this.entities.get(name);
  }

  /** Deletes one cached record (admin). Resolves with 1 if it was cached, else 0. */
  async purgeRecord(entity: Pick<EntityPolicy, 'name' | 'version'>, id: string): Promise<number> {
    return (await this.options.cache?.purgeRecord(this.connector, entity, id)) ?? 0;
  }

  /** See `transportCall`: writes (`idempotent: false`) are never retried. */
  call<R>(
    op: string,
    run: (signal: AbortSignal) => Promise<R>,
    options: TransportCallOptions,
  ): Promise<R> {
    return transportCall(
      {
        connector: this.connector,
        policy: this.options.policy,
        observer: this.observer,
        breaker: this.breaker,
        bulkhead: this.bulkhead,
      },
      op,
      run,
      options,
    );
  }

  request(
    call: CallContext,
    config: AxiosRequestConfig,
    options?: RequestOptions,
  ): Promise<AxiosResponse<string>> {
    return sendRequest(this.options.http, call, config, options);
  }

  parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
    return parsePayload(this.connector, schema, data, what);
  }

  json(text: string, what: string): unknown {
    return parseJson(this.connector, text, what);
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
