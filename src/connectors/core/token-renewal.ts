import { upstreamTimeout } from '../../errors';
import type { CallContext } from './types';

/** The default margin before expiry at which a token is replaced (30 s). */
export const DEFAULT_REFRESH_MARGIN_MS = 30_000;

/**
 * When a token fetched at `requestedAt` with `lifetimeMs` must be replaced: `marginMs` before
 * it expires, capped at half its life. Lifetime counts from before the request, so a slow
 * answer cannot stretch it, and no call leaves with a token that dies in flight.
 */
export function renewAt(requestedAt: number, lifetimeMs: number, marginMs: number): number {
  return requestedAt + lifetimeMs - Math.min(marginMs, lifetimeMs / 2);
}

/**
 * The single-flight renewal of a process-wide credential (an access token, a session): however
 * many calls find it due, one renewal runs and every waiting call gets its result. The renewal
 * is shared, so it runs on its own timeout rather than on the signal of whichever request
 * started it (that one may be cancelled); each waiting caller stops waiting when its own call
 * is cancelled, without cancelling the renewal for the others.
 */
export class TokenRenewal {
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly options: {
      /** Longest one renewal may take, in ms (the connector's call timeout). */
      timeoutMs: number;
      /** What a cancelled caller was waiting for, in its error ("an access token"). */
      what: string;
      renew(call: CallContext): Promise<string>;
    },
  ) {}

  /** Joins the renewal in flight, or starts one. */
  join(trigger: CallContext): Promise<string> {
    const { timeoutMs } = this.options;
    this.inflight ??= this.options
      .renew({ ...trigger, signal: AbortSignal.timeout(timeoutMs), timeoutMs })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.abortable(this.inflight, trigger);
  }

  /** The handlers are attached in every case, so a shared failure is never left unhandled. */
  private abortable(promise: Promise<string>, call: CallContext): Promise<string> {
    const { signal } = call;
    return new Promise<string>((resolve, reject) => {
      const onAbort = () =>
        reject(upstreamTimeout(call.connector, `cancelled while waiting for ${this.options.what}`));
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
