import type { BreakerObserver } from './breaker';
import type { FailureClass } from './failure-class';
import type { EntityPolicy } from './types';

/**
 * What the upstream pipeline needs from outside `src/connectors`: the shared cache and the
 * metrics/status hooks. Declared here, implemented by the server's wiring, so the pipeline
 * never imports src/cache or src/observability (the layering forbids it).
 */

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
