/**
 * The gateway's lifecycle and what /readyz makes of it. Liveness (/healthz) is simply "the
 * listener answers"; readiness is stricter: start-up done (config loaded, schema built,
 * Apollo started) and not shutting down; a shared dependency in trouble (Redis) is reported
 * as `degraded` without making the instance unready.
 * An agency being down never makes the gateway unready: its fields degrade to null with an
 * error, and taking the whole gateway out of a load balancer would only make it worse.
 */
export type Lifecycle =
  /** Listening (probes answered) but Apollo not started yet: GraphQL answers 503. */
  | { phase: 'starting'; since: number }
  | { phase: 'serving'; since: number }
  /**
   * SIGTERM received: /readyz says 503; requests are still served (with `Connection: close`)
   * and the listener stays open until `acceptUntil` (load balancers need a moment to notice);
   * then the listener closes while the requests in flight finish.
   */
  | { phase: 'draining'; since: number; acceptUntil: number }
  /** Listener closed, resources released. */
  | { phase: 'stopped'; since: number };

export type Phase = Lifecycle['phase'];

export interface Readiness {
  ready: boolean;
  /**
   * `ready`: serving with everything healthy; `degraded`: serving (readiness 200) while a
   * shared dependency is impaired (listed in `degraded`); `not ready`: do not route here.
   */
  status: 'ready' | 'degraded' | 'not ready';
  phase: Phase;
  /** Why not ready (absent when ready). */
  reason?: string;
  /** What is impaired while the instance still serves (empty when fully healthy). */
  degraded: string[];
  /** One entry per check: "ok" or what is wrong. */
  checks: { lifecycle: string; cache: string; audit: string };
}

/** What readiness needs to know about the audit: whether records can be made durable. */
export interface AuditReadiness {
  /** False when the local spool cannot be written: personal data would be withheld. */
  ready(): boolean;
}

/** What readiness needs to know about the shared cache. */
export interface CacheReadiness {
  /** "redis", "memory" or "none". */
  kind: 'redis' | 'memory' | 'none';
  health(): { ready: boolean; reason?: string };
}

/**
 * Ready = this instance can serve what it is configured to serve: start-up done and not
 * shutting down. Redis is a dependency SHARED by every instance, with a fail-open cache (a
 * miss) and fail-open rate limits (per-instance share): when it is down, hung or in
 * CLUSTERDOWN it is down for all of them, and a 503 here would only take every instance out
 * of the balancer at once. So Redis trouble is `degraded` (200, reasons listed), never unready.
 * `extraDegraded` adds other reasons (agency breakers open, ...) in the same way. The local
 * audit spool is this instance's own: when it cannot be written the instance withholds every
 * personal-data answer, so it is unready (other instances can still serve).
 */
export function evaluateReadiness(
  lifecycle: Lifecycle,
  cache: CacheReadiness,
  extraDegraded: readonly string[] = [],
  audit?: AuditReadiness,
): Readiness {
  const lifecycleCheck = lifecycleProblem(lifecycle);
  const auditCheck = !audit || audit.ready() ? 'ok' : 'audit spool not writable';
  let cacheCheck = 'ok';
  if (cache.kind === 'redis') {
    const h = cache.health();
    if (!h.ready) cacheCheck = `redis: ${h.reason ?? 'not ready'}`;
  } else {
    cacheCheck = `ok (${cache.kind})`;
  }
  const degraded = [...(cacheCheck.startsWith('ok') ? [] : [cacheCheck]), ...extraDegraded];
  const problems = [lifecycleCheck, auditCheck === 'ok' ? undefined : auditCheck].filter(
    (p): p is string => p !== undefined,
  );
  const ready = problems.length === 0;
  return {
    ready,
    status: !ready ? 'not ready' : degraded.length > 0 ? 'degraded' : 'ready',
    phase: lifecycle.phase,
    ...(problems.length > 0 ? { reason: problems.join('; ') } : {}),
    degraded,
    checks: { lifecycle: lifecycleCheck ?? 'ok', cache: cacheCheck, audit: auditCheck },
  };
}
function lifecycleProblem(lifecycle: Lifecycle): string | undefined {
  switch (lifecycle.phase) {
    case 'starting':
      return 'starting';
    case 'serving':
      return undefined;
    case 'draining':
      return 'shutting down';
    case 'stopped':
      return 'stopped';
    default: {
      const unreachable: never = lifecycle;
      return String(unreachable);
    }
  }
}
