import type { RequestReport } from '../connectors/core/types';

export interface ConnectorCallSummary {
  calls: number;
  errors: number;
  totalMs: number;
}

/**
 * Per-request record of upstream calls and stale data: feeds the log line and
 * `extensions.stale`. Created by the HTTP layer before Apollo runs, so the HTTP layer can
 * tell whether the operation log plugin wrote the request's line (`operationLogged`) or
 * Apollo refused the request before any plugin saw it.
 */
export class RequestReportCollector implements RequestReport {
  readonly calls = new Map<string, ConnectorCallSummary>();
  readonly staleAges = new Map<string, number>();
  /** Set by the operation log plugin once it has written this request's line. */
  operationLogged = false;

  stale(connector: string, ageSeconds: number): void {
    this.staleAges.set(connector, Math.max(this.staleAges.get(connector) ?? 0, ageSeconds));
  }

  upstreamCall(connector: string, outcome: 'ok' | 'error', durationMs: number): void {
    const s = this.calls.get(connector) ?? { calls: 0, errors: 0, totalMs: 0 };
    s.calls++;
    if (outcome === 'error') s.errors++;
    s.totalMs += durationMs;
    this.calls.set(connector, s);
  }

  /** Per connector: attempts made (retries included), failed attempts, summed duration (ms). */
  summary(): Record<string, { calls: number; errors: number; ms: number }> {
    const out: Record<string, { calls: number; errors: number; ms: number }> = {};
    for (const [k, v] of this.calls)
      out[k] = { calls: v.calls, errors: v.errors, ms: Math.round(v.totalMs) };
    return out;
  }
}
