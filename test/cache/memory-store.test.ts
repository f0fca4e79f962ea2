import { MemoryStore } from '../../src/cache/memory-store';

describe('MemoryStore bounds', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = new MemoryStore({ maxEntries: 2 });
    await store.mset([
      { key: 'a', value: '1', ttlSeconds: 60 },
      { key: 'b', value: '2', ttlSeconds: 60 },
    ]);
    await store.mget(['a']); // a is now more recent than b
    await store.mset([{ key: 'c', value: '3', ttlSeconds: 60 }]);
    expect(await store.mget(['a', 'b', 'c'])).toEqual(['1', null, '3']);
  });

  it('keeps the total size under maxSizeBytes', async () => {
    const store = new MemoryStore({ maxSizeBytes: 1_000 });
    const value = 'x'.repeat(200); // ~402 bytes with its key
    await store.mset(['a', 'b', 'c'].map((key) => ({ key, value, ttlSeconds: 60 })));
    expect(await store.mget(['a', 'b', 'c'])).toEqual([null, value, value]);
    await store.mset([{ key: 'huge', value: 'y'.repeat(1_000), ttlSeconds: 60 }]);
    expect(await store.mget(['huge'])).toEqual([null]);
  });

  it('rejects invalid bounds at construction', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(
      /maxEntries must be a positive integer/,
    );
    expect(() => new MemoryStore({ maxSizeBytes: 1.5 })).toThrow(/maxSizeBytes/);
  });
});
