import { CacheKeys, connectorPrefix, entityPrefix } from '../../src/cache/keys';

const NIK = '1173050806970001';
const citizen = { name: 'citizen', version: 2 };

describe('CacheKeys', () => {
  const keys = new CacheKeys('a-secret-of-at-least-16-bytes');

  it('names a record mpp:<connector>:<entity>:v<version>:<32-char HMAC>', () => {
    const key = keys.record('dukcapil', citizen, NIK);
    expect(key).toMatch(/^mpp:dukcapil:citizen:v2:[A-Za-z0-9_-]{32}$/);
    expect(key).not.toContain(NIK);
    expect(key.startsWith(connectorPrefix('dukcapil'))).toBe(true);
    expect(key.startsWith(entityPrefix('dukcapil', citizen))).toBe(true);
  });

  it('is stable for a secret and differs across ids, versions and secrets', () => {
    expect(keys.record('dukcapil', citizen, NIK)).toBe(
      new CacheKeys('a-secret-of-at-least-16-bytes').record('dukcapil', citizen, NIK),
    );
    expect(keys.record('dukcapil', citizen, NIK)).not.toBe(
      keys.record('dukcapil', citizen, '1173050806970002'),
    );
    expect(keys.record('dukcapil', citizen, NIK)).not.toBe(
      keys.record('dukcapil', { ...citizen, version: 3 }, NIK),
    );
    expect(keys.record('dukcapil', citizen, NIK)).not.toBe(
      new CacheKeys('another-secret-of-16-bytes').record('dukcapil', citizen, NIK),
    );
  });

  it('accepts hyphenated agency keys and camelCase entity names', () => {
    expect(keys.record('bpjs-kesehatan', { name: 'participantByNik', version: 1 }, NIK)).toMatch(
      /^mpp:bpjs-kesehatan:participantByNik:v1:/,
    );
  });

  it.each([
    ['a connector with the separator', 'a:b', citizen, /connector name/],
    ['a connector with a glob character', 'dukcapil*', citizen, /connector name/],
    ['an empty entity', 'dukcapil', { name: '', version: 1 }, /entity name/],
    ['a fractional version', 'dukcapil', { name: 'citizen', version: 1.5 }, /version/],
  ])('rejects %s', (_what, connector, entity, message) => {
    expect(() => keys.record(connector, entity, NIK)).toThrow(message);
  });

  it('refuses a short secret', () => {
    expect(() => new CacheKeys('short')).toThrow(/at least 16 bytes/);
  });
});
