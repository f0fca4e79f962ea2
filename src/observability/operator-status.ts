import { GATEWAY_SERIES, type MinutePoint, type OpsHistory } from './history';
import type { ConnectorStatusView, OpsView } from './ops-view';
import type { Readiness } from './readiness';
import type { ServiceEvents } from './service-events';

/** How an agency looks to an operator: up, degraded (serving, but not well) or down. */
export type Health = 'up' | 'degraded' | 'down';

/** Why an agency is not up: a closed set the page translates. */
export type HealthReason =
  'breaker-open' | 'breaker-half-open' | 'error-rate' | 'stale-serving' | 'probe-failed';

/** When an agency counts as degraded. */
export interface HealthThresholds {
  /** Error rate over the rolling window from which an agency is degraded. Default 0.2. */
  errorRate: number;
  /** Fewest calls in the window before the error rate counts (one failed call is no trend). Default 5. */
  minCalls: number;
  /** A stale serve within this long (ms) marks the agency degraded. Default 300000. */
  staleWindowMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  errorRate: 0.2,
  minCalls: 5,
  staleWindowMs: 300_000,
};

/** The infrastructure the page reports on besides the agencies. */
export interface ServicesView {
  cache: { kind: 'redis' | 'memory' | 'none'; up: boolean; check: string };
  audit: { ok: number; failed: number; lastFailureAt: string | null };
  rateLimit: { enabled: boolean; store: 'redis' | 'memory'; limited: number; authRefusals: number };
}

export interface ConnectorOperatorView extends ConnectorStatusView {
  health: Health;
  reasons: HealthReason[];
  /** Stale serves in the stale window. */
  staleServed: number;
  /** The last hour, one point a minute, oldest first. */
  history: MinutePoint[];
}

/** The body of /status.json. */
export interface OperatorStatus {
  generatedAt: string;
  windowSeconds: number;
  gateway: {
    ready: boolean;
    phase: string;
    reason: string | null;
    version: string;
    checks: Readiness['checks'];
    /** GraphQL requests of the last hour, one point a minute (errors = refused or failed). */
    history: MinutePoint[];
  };
  summary: { total: number; up: number; degraded: number; down: number };
  services: ServicesView;
  connectors: ConnectorOperatorView[];
}

/** Health of one agency from its rolling figures and recent stale serves. */
export function healthOf(
  c: ConnectorStatusView,
  staleServed: number,
  t: HealthThresholds,
): { health: Health; reasons: HealthReason[] } {
  const reasons: HealthReason[] = [];
  if (c.breakerState === 'open' || c.breakerState === 'forced-open') reasons.push('breaker-open');
  if (c.breakerState === 'half-open') reasons.push('breaker-half-open');
  if (c.recentCalls >= t.minCalls && c.successRate !== null && 1 - c.successRate >= t.errorRate)
    reasons.push('error-rate');
  if (staleServed > 0) reasons.push('stale-serving');
  // A failed probe only speaks for an idle agency: with traffic, the calls themselves do.
  if (c.lastProbe && !c.lastProbe.ok && c.recentCalls === 0) reasons.push('probe-failed');
  const health: Health = reasons.includes('breaker-open')
    ? 'down'
    : reasons.length > 0
      ? 'degraded'
      : 'up';
  return { health, reasons };
}

/** Assembles /status.json from the read models: one place, so the page and tests agree. */
export function operatorStatus(input: {
  readiness: Readiness;
  version: string;
  ops: OpsView;
  history: OpsHistory;
  services: ServicesView;
  thresholds?: HealthThresholds;
  now?: Date;
  /** Only the national agencies and this MPP's own instances (`/status.json?mpp=`). */
  tenant?: string;
}): OperatorStatus {
  const t = input.thresholds ?? DEFAULT_HEALTH_THRESHOLDS;
  const rows = input.ops
    .list()
    .filter((c) => !input.tenant || c.tenant === null || c.tenant === input.tenant);
  const connectors = rows.map((c): ConnectorOperatorView => {
    const staleServed = input.history.staleWithin(c.name, t.staleWindowMs);
    return {
      ...c,
      ...healthOf(c, staleServed, t),
      staleServed,
      history: input.history.points(c.name),
    };
  });
  const count = (h: Health) => connectors.filter((c) => c.health === h).length;
  const r = input.readiness;
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    windowSeconds: input.ops.windowSeconds,
    gateway: {
      ready: r.ready,
      phase: r.phase,
      reason: r.reason ?? null,
      version: input.version,
      checks: r.checks,
      history: input.history.points(GATEWAY_SERIES),
    },
    summary: {
      total: connectors.length,
      up: count('up'),
      degraded: count('degraded'),
      down: count('down'),
    },
    services: input.services,
    connectors,
  };
}

/** The services part from the readiness checks and the counted events. */
export function servicesView(
  readiness: Readiness,
  cacheKind: 'redis' | 'memory' | 'none',
  events: ServiceEvents,
  rateLimit: { enabled: boolean; redis: boolean },
): ServicesView {
  return {
    cache: {
      kind: cacheKind,
      up: readiness.checks.cache.startsWith('ok'),
      check: readiness.checks.cache,
    },
    audit: {
      ok: events.auditOk,
      failed: events.auditFailed,
      lastFailureAt: events.lastAuditFailureAt,
    },
    rateLimit: {
      enabled: rateLimit.enabled,
      store: rateLimit.redis ? 'redis' : 'memory',
      limited: events.rateLimited,
      authRefusals: events.authRefusals,
    },
  };
}
