import { Random } from '../data/random';

/**
 * What a mock agency does wrong on purpose, per endpoint ("*" for all). Tests and
 * benchmarks set these through the admin API to reproduce real agency failures.
 */
export interface Fault {
  /** Added latency before answering, in ms. */
  latencyMs?: number;
  /** Share of calls (0..1) that get the failure below; default 1 when a failure is set. */
  rate?: number;
  /** Answer with this HTTP status (e.g. 500, 503). */
  status?: number;
  /** Never answer (the socket stays open until the client gives up). */
  hang?: boolean;
  /** Destroy the connection without a response (ECONNRESET on the client). */
  reset?: boolean;
  /** Answer 200 with a body that is not valid for the protocol. */
  malformed?: boolean;
}

export type FaultAction =
  | { kind: 'none' }
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'malformed' };

export class FaultBook {
  private readonly faults = new Map<string, Fault>();
  // Seeded, so that "50% of calls fail" is the same sequence in every run.
  private readonly rnd = new Random(42);

  set(endpoint: string, fault: Fault): void {
    this.faults.set(endpoint, fault);
  }

  clear(endpoint?: string): void {
    if (endpoint) this.faults.delete(endpoint);
    else this.faults.clear();
  }

  list(): Record<string, Fault> {
    return Object.fromEntries(this.faults);
  }

  /** The fault in force for an endpoint: its own, else the wildcard. */
  for(endpoint: string): Fault | undefined {
    return this.faults.get(endpoint) ?? this.faults.get('*');
  }

  decide(fault: Fault | undefined): FaultAction {
    if (!fault) return { kind: 'none' };
    const failing = fault.status !== undefined || fault.hang || fault.reset || fault.malformed;
    if (!failing || this.rnd.next() >= (fault.rate ?? 1)) return { kind: 'none' };
    if (fault.hang) return { kind: 'hang' };
    if (fault.reset) return { kind: 'reset' };
    if (fault.malformed) return { kind: 'malformed' };
    return { kind: 'status', status: fault.status ?? 500 };
  }
}

/** Calls per endpoint, counted when a request is routed (before faults apply). */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  increment(endpoint: string): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  get(endpoint: string): number {
    return this.counts.get(endpoint) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  all(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}
