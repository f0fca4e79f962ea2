/**
 * The gateway's lifecycle and what /readyz makes of it. Liveness (/healthz) is simply "the
 * listener answers"; readiness is stricter: start-up done (config loaded, schema built,
 * Apollo started), the shared cache ready when Redis is configured, and not shutting down.
 * An agency being down never makes the gateway unready: its fields degrade to null with an
 * error, and taking the whole gateway out of a load balancer would only make it worse.
 */
export type Lifecycle =
  /** Listening (probes answered) but Apollo not started yet: GraphQL answers 503. */
  | { phase: 'starting'; since: number }
  | { phase: 'serving'; since: number }
  /**
   * SIGTERM received: /readyz says 503; GraphQL requests are still accepted until
   * `acceptUntil` (load balancers need a moment to notice), then refused with 503 while the
   * ones in flight finish.
   */
  | { phase: 'draining'; since: number; acceptUntil: number }
  /** Listener closed, resources released. */
  | { phase: 'stopped'; since: number };

export type Phase = Lifecycle['phase'];

export interface Readiness {
  ready: boolean;
  phase: Phase;
  /** Why not ready (absent when ready). */
  reason?: string;
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
  /** "redis", "memory" or "none". Only Redis can make the gateway unready. */
  kind: 'redis' | 'memory' | 'none';
  health(): { ready: boolean; reason?: string };
}

export function evaluateReadiness(
  lifecycle: Lifecycle,
  cache: CacheReadiness,
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
  const problems = [
    lifecycleCheck,
    cacheCheck.startsWith('ok') ? undefined : cacheCheck,
    auditCheck === 'ok' ? undefined : auditCheck,
  ].filter((p): p is string => p !== undefined);
  return {
    ready: problems.length === 0,
    phase: lifecycle.phase,
    ...(problems.length > 0 ? { reason: problems.join('; ') } : {}),
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
