import type http from 'node:http';
import type { Logger } from 'pino';
import type { Lifecycle } from '../observability/readiness';

/** Why a GraphQL request is refused in the current phase. */
export interface Refusal {
  code: string;
  message: string;
}

/**
 * The gateway's lifecycle as one state machine: starting → serving → draining → stopped
 * (starting → draining when a stop comes during start-up). Transitions are methods that
 * check where they come from; `inFlight` counts GraphQL requests accepted and not yet
 * answered, which is what a drain waits for.
 */
export class LifecycleMachine {
  private state: Lifecycle = { phase: 'starting', since: Date.now() };
  private inFlightCount = 0;
  /** Responses in flight, so a drain can still tell their keep-alive clients to move. */
  private readonly open = new Set<http.ServerResponse>();

  get current(): Lifecycle {
    return this.state;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Start-up finished. A stop that came during start-up wins: it is not undone. */
  serve(): void {
    if (this.state.phase === 'starting') this.state = { phase: 'serving', since: Date.now() };
  }

  /** SIGTERM: readiness 503 at once; the listener stays open for `graceMs`. */
  drain(graceMs: number): void {
    const now = Date.now();
    this.state = { phase: 'draining', since: now, acceptUntil: now + graceMs };
    // Requests that started before the drain close their connection too once answered: an
    // idle keep-alive connection left behind could be reused by a balancer exactly when the
    // listener shuts it, losing a request that cannot be retried (a POST).
    for (const res of this.open) if (!res.headersSent) res.setHeader('connection', 'close');
  }

  stopped(): void {
    this.state = { phase: 'stopped', since: Date.now() };
  }

  /** Counts a GraphQL request as in flight until its response closes. */
  track(res: http.ServerResponse): void {
    this.inFlightCount++;
    this.open.add(res);
    res.once('close', () => {
      this.inFlightCount--;
      this.open.delete(res);
    });
  }

  /** Waits (at most `drainMs`) for in-flight requests; logs when it had to give up. */
  async waitForInFlight(drainMs: number, logger: Logger): Promise<void> {
    const until = Date.now() + drainMs;
    while (this.inFlightCount > 0 && Date.now() < until) await sleep(25);
    if (this.inFlightCount > 0)
      logger.warn({ inFlight: this.inFlightCount, drainMs }, 'drain timed out: cutting requests');
  }

  /** Why a new GraphQL request is refused now (undefined: serve it). */
  refusal(): Refusal | undefined {
    const lifecycle = this.state;
    switch (lifecycle.phase) {
      case 'starting':
        return { code: 'UNAVAILABLE', message: 'the gateway is starting' };
      case 'serving':
        return undefined;
      case 'draining':
        // Never refused: a 503 here is a lost request for a balancer that does not retry
        // POSTs. New connections stop at the listener instead (refused before any byte is
        // sent, which every balancer retries elsewhere safely); what still arrives on an
        // open connection is served, with `Connection: close`.
        return undefined;
      case 'stopped':
        return { code: 'UNAVAILABLE', message: 'the gateway is stopped' };
      default: {
        const unreachable: never = lifecycle;
        return unreachable;
      }
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
