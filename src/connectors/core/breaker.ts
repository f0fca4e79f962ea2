import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import { circuitOpen, ErrorCode, UpstreamError } from '../../errors';
import type { ConnectorPolicy } from '../../config';

export type BreakerState =
  'closed' | 'open' | 'half-open' | 'forced-open' | 'forced-closed' | 'disabled';

export interface BreakerObserver {
  transition(connector: string, to: BreakerState): void;
}

/**
 * One circuit breaker per connector (created once at start-up), wrapping only the upstream
 * call. Expected answers never reach it as failures: "not found" is a value, and bad input
 * is refused before any call. Operators may force it open or closed from the admin API.
 */
export class ConnectorBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private forced: 'open' | 'closed' | undefined;
  private stateSince = Date.now();
  private current: BreakerState;

  constructor(
    readonly connector: string,
    private readonly policy: ConnectorPolicy['breaker'],
    private readonly logger: Logger,
    private readonly observer: BreakerObserver,
  ) {
    this.breaker = new CircuitBreaker((run: () => Promise<unknown>) => run(), {
      // Deadlines are ours (AbortSignal per call); opossum's own timer would double them.
      timeout: false,
      errorThresholdPercentage: policy.errorThresholdPercentage,
      volumeThreshold: policy.volumeThreshold,
      rollingCountTimeout: policy.rollingCountTimeoutMs,
      resetTimeout: policy.resetTimeoutMs,
      errorFilter: (err: unknown) => !countsAsFailure(err),
      name: connector,
    });
    this.current = policy.enabled ? 'closed' : 'disabled';
    this.breaker.on('open', () => this.moveTo('open'));
    this.breaker.on('halfOpen', () => this.moveTo('half-open'));
    this.breaker.on('close', () => this.moveTo('closed'));
  }

  get state(): BreakerState {
    return this.current;
  }

  get since(): number {
    return this.stateSince;
  }

  /** True when a call now would be refused without reaching the agency. */
  get rejecting(): boolean {
    return this.current === 'open' || this.current === 'forced-open';
  }

  async fire<T>(run: () => Promise<T>): Promise<T> {
    if (this.forced === 'open') throw circuitOpen(this.connector);
    if (this.forced === 'closed' || !this.policy.enabled) return run();
    try {
      return (await this.breaker.fire(run)) as T;
    } catch (err) {
      if ((err as { code?: string }).code === 'EOPENBREAKER') throw circuitOpen(this.connector);
      throw err;
    }
  }

  /** Admin: keep the breaker open (every call refused) until reset. */
  forceOpen(): void {
    this.forced = 'open';
    this.moveTo('forced-open');
  }

  /** Admin: let every call through regardless of failures until reset. */
  forceClosed(): void {
    this.forced = 'closed';
    this.moveTo('forced-closed');
  }

  /** Admin: back to automatic operation, closed, with fresh statistics. */
  reset(): void {
    this.forced = undefined;
    this.breaker.close();
    this.moveTo(this.policy.enabled ? 'closed' : 'disabled');
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private moveTo(state: BreakerState): void {
    if (this.forced && state !== `forced-${this.forced}`) return;
    if (state === this.current) return;
    const from = this.current;
    this.current = state;
    this.stateSince = Date.now();
    // Logged once per transition: opossum emits each event once when the state changes.
    this.logger.warn(
      { connector: this.connector, from, to: state },
      'circuit breaker state changed',
    );
    this.observer.transition(this.connector, state);
  }
}

/** Only failures that say something about the agency's health count. */
function countsAsFailure(err: unknown): boolean {
  if (!(err instanceof UpstreamError)) return true;
  return (
    err.code === ErrorCode.UpstreamTimeout ||
    err.code === ErrorCode.UpstreamUnavailable ||
    err.code === ErrorCode.UpstreamBadResponse
  );
}
