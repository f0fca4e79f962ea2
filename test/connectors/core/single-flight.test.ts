import { SingleFlight } from '../../../src/connectors/core/single-flight';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('SingleFlight', () => {
  it('runs fn once for 50 concurrent callers of the same key, and gives all the result', async () => {
    const flight = new SingleFlight();
    const gate = deferred<string>();
    let runs = 0;
    const calls = Array.from({ length: 50 }, () =>
      flight.run('dukcapil:citizen:v1:x', () => {
        runs += 1;
        return gate.promise;
      }),
    );
    expect(flight.size).toBe(1);
    gate.resolve('record');
    expect(await Promise.all(calls)).toEqual(Array(50).fill('record'));
    expect(runs).toBe(1);
    expect(flight.size).toBe(0);
  });

  it('runs different keys separately', async () => {
    const flight = new SingleFlight();
    const seen: string[] = [];
    await Promise.all(['a', 'b', 'a'].map((k) => flight.run(k, async () => void seen.push(k))));
    expect(seen).toEqual(['a', 'b']);
  });

  it('gives a failure to every waiter and releases the key, so the next call runs again', async () => {
    const flight = new SingleFlight();
    let runs = 0;
    const failing = () => {
      runs += 1;
      return Promise.reject(new Error('UPSTREAM_TIMEOUT'));
    };
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => flight.run('k', failing)),
    );
    expect(
      results.every((r) => r.status === 'rejected' && r.reason.message === 'UPSTREAM_TIMEOUT'),
    ).toBe(true);
    expect(runs).toBe(1);
    expect(flight.size).toBe(0);
    await expect(flight.run('k', async () => 'ok')).resolves.toBe('ok');
  });

  it('turns a synchronous throw into a shared rejection', async () => {
    const flight = new SingleFlight();
    const fn = () => {
      throw new Error('boom');
    };
    await expect(Promise.all([flight.run('k', fn), flight.run('k', fn)])).rejects.toThrow('boom');
    expect(flight.size).toBe(0);
  });

  it('does not keep a settled result: a later call runs fn again', async () => {
    const flight = new SingleFlight();
    let runs = 0;
    await flight.run('k', async () => (runs += 1));
    await flight.run('k', async () => (runs += 1));
    expect(runs).toBe(2);
  });
});
