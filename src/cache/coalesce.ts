/**
 * Collapses concurrent work on the same key into one execution ("single flight"): while a
 * call for `key` is running, later callers get the same promise instead of starting another.
 * The key is released as soon as the call settles, success or failure, so a failure is not
 * cached: the next caller tries again.
 *
 * Callers sharing a key must expect the same result type: the key should name the work
 * completely (connector, entity, version, id).
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running as Promise<T>;
    // Promise.resolve().then(fn) turns a synchronous throw into a rejection shared by all.
    const flight: Promise<T> = Promise.resolve()
      .then(fn)
      .finally(() => {
        if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
      });
    this.inFlight.set(key, flight);
    return flight;
  }

  /** Number of keys currently running (for tests and metrics). */
  get size(): number {
    return this.inFlight.size;
  }
}
