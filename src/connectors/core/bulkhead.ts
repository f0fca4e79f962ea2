import { upstreamTimeout, upstreamUnavailable } from '../../errors';

/**
 * At most `maxConcurrent` calls to one agency at a time and at most `maxQueue` waiting:
 * beyond that we fail fast instead of piling up work the agency cannot take anyway.
 */
export class Bulkhead {
  private active = 0;
  private readonly queue: Array<{ start: () => void; cancel: () => void }> = [];

  constructor(
    private readonly connector: string,
    private readonly maxConcurrent: number,
    private readonly maxQueue: number,
    private readonly onReject: () => void = () => undefined,
  ) {}

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxConcurrent) await this.wait(signal);
    else this.active++;
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private wait(signal: AbortSignal): Promise<void> {
    if (this.queue.length >= this.maxQueue) {
      this.onReject();
      return Promise.reject(upstreamUnavailable(this.connector, 'bulkhead full'));
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        // The slot is handed over by release(): `active` stays counted for the new owner.
        start: () => {
          signal.removeEventListener('abort', entry.cancel);
          resolve();
        },
        cancel: () => {
          const i = this.queue.indexOf(entry);
          if (i >= 0) this.queue.splice(i, 1);
          reject(upstreamTimeout(this.connector, 'deadline passed while queued'));
        },
      };
      this.queue.push(entry);
      if (signal.aborted) entry.cancel();
      else signal.addEventListener('abort', entry.cancel, { once: true });
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next.start();
    else this.active--;
  }
}
