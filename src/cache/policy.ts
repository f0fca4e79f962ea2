import type { EntityPolicy } from '../connectors/core/types';

/**
 * How long an entry is usable, in seconds, counted from when it was stored:
 *
 *   0 ── fresh ──▶ ── staleWhileRevalidate ──▶ ── staleIfError ──▶ gone
 *      'fresh'        'revalidate': served at       'stale': only served
 *                     once, refreshed in the         when the agency fails
 *                     background
 *
 * The store keeps an entry for the sum of the three.
 */
export interface TtlWindows {
  /** Served as is. Default: the entity's `ttlSeconds`. */
  fresh: number;
  /** Served at once while the caller refreshes it in the background. Default: 30. */
  staleWhileRevalidate: number;
  /** Kept to answer when the agency fails (breaker open, timeout). Default: 3 600. */
  staleIfError: number;
  /**
   * How long a cached "not found" (null) is served; negative entries have no stale windows
   * (serving "does not exist" during an outage would be a guess). Default: 60.
   */
  negative: number;
}

/** Overrides for one connector: its own windows, and per-entity ones keyed by entity name. */
export interface ConnectorCachePolicy extends Partial<TtlWindows> {
  entities?: Record<string, Partial<TtlWindows>>;
}

/**
 * Cache windows from config. Precedence, most specific first: the connector's entity
 * override, the connector's override, the entity's own `ttlSeconds` (fresh only), `defaults`,
 * then `DEFAULT_TTL_WINDOWS`.
 */
export interface CachePolicy {
  defaults?: Partial<TtlWindows>;
  connectors?: Record<string, ConnectorCachePolicy>;
}

export const DEFAULT_TTL_WINDOWS: Readonly<Omit<TtlWindows, 'fresh'>> = Object.freeze({
  staleWhileRevalidate: 30,
  staleIfError: 3_600,
  negative: 60,
});

const WINDOW_NAMES = ['fresh', 'staleWhileRevalidate', 'staleIfError', 'negative'] as const;

/** Throws a TypeError naming the first invalid window (at start-up, not per request). */
export function validateCachePolicy(policy: CachePolicy): void {
  const check = (where: string, windows: Partial<TtlWindows> | undefined) => {
    for (const name of WINDOW_NAMES) {
      const value = windows?.[name];
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
        throw new TypeError(
          `cache policy: ${where}.${name} must be a number of seconds >= 0, got ${value}`,
        );
      }
    }
  };
  check('defaults', policy.defaults);
  for (const [connector, c] of Object.entries(policy.connectors ?? {})) {
    check(`connectors.${connector}`, c);
    for (const [entity, e] of Object.entries(c.entities ?? {})) {
      check(`connectors.${connector}.entities.${entity}`, e);
    }
  }
}

/** The windows that apply to one entity of one connector. */
export function resolveWindows(
  policy: CachePolicy,
  connector: string,
  entity: EntityPolicy,
): TtlWindows {
  const c = policy.connectors?.[connector];
  const e = c?.entities?.[entity.name];
  const pick = (name: keyof TtlWindows, codeDefault?: number): number =>
    e?.[name] ??
    c?.[name] ??
    codeDefault ??
    policy.defaults?.[name] ??
    DEFAULT_TTL_WINDOWS[name as keyof typeof DEFAULT_TTL_WINDOWS] ??
    0;
  return {
    fresh: pick('fresh', entity.ttlSeconds),
    staleWhileRevalidate: pick('staleWhileRevalidate'),
    staleIfError: pick('staleIfError'),
    negative: pick('negative'),
  };
}
