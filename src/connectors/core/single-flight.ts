/**
 * Collapses concurrent work on the same key into one execution ("single flight"): while a
 * call for `key` is running, later callers get the same promise instead of starting another.
 * The key is released as soon as the call settles, success or failure, so a failure is not
 * cached: the next caller tries again.
 *
 * Callers sharing a key must expect the same result type: the key should name the work
 * completely (connector, entity, version, id). The upstream pipeline uses `joining` and
 * `track` directly, because one batched upstream call settles many keys at once.
 */
export class SingleFlight<V = unknown> {
  private readonly inFlight = new Map<string, Promise<V>>();

  /** The call running for `key`, if any. */
  joining(key: string): Promise<V> | undefined {
    return this.inFlight.get(key);
  }

  /** Registers `flight` as the call for `key` until it settles; returns it. */
  track<T extends V>(key: string, flight: Promise<T>): Promise<T> {
    this.inFlight.set(key, flight);
    void flight.then(
      () => this.release(key, flight),
      () => this.release(key, flight),
    );
    return flight;
  }

  /** Runs `fn` for `key`, or joins the call already running for it. */
  run<T extends V>(key: string, fn: () => Promise<T>): Promise<V> {
    const running = this.inFlight.get(key);
    if (running) return running;
    // Promise.resolve().then(fn) turns a synchronous throw into a rejection shared by all.
    return this.track(key, Promise.resolve().then(fn));
  }

  /** Number of keys currently running (for tests and metrics). */
  get size(): number {
    return this.inFlight.size;
  }

  private release(key: string, flight: Promise<V>): void {
    if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
  }
}
