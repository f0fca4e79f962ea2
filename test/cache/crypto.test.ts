import { randomBytes } from 'node:crypto';
import { Keyring } from '../../src/cache/crypto';

const key = () => randomBytes(32).toString('base64');

describe('Keyring', () => {
  it('uses the first key of the spec as the active one', () => {
    expect(Keyring.parse(`k2:${key()}, k1:${key()}`).activeKeyId).toBe('k2');
  });

  it('round-trips a value bound to its cache key', () => {
    const ring = Keyring.parse(Keyring.generateKeySpec('k1'));
    const sealed = ring.seal('{"nama":"TEUKU UMAR"}', 'mpp:dukcapil:citizen:v1:abc');
    expect(sealed).toMatch(/^k1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(ring.open(sealed, 'mpp:dukcapil:citizen:v1:abc')).toEqual({
      ok: true,
      plaintext: '{"nama":"TEUKU UMAR"}',
    });
  });

  it('never seals the same value twice alike (random nonce)', () => {
    const ring = Keyring.parse(Keyring.generateKeySpec('k1'));
    expect(ring.seal('x', 'k')).not.toEqual(ring.seal('x', 'k'));
  });

  it.each([
    ['under another cache key', (s: string) => s, 'other-key', 'auth-failed'],
    [
      'tampered',
      (s: string) => s.slice(0, -2) + (s.endsWith('A') ? 'BB' : 'AA'),
      'k',
      'auth-failed',
    ],
    ['relabelled to another key id', (s: string) => s.replace(/^k1/, 'k0'), 'k', 'auth-failed'],
    ['sealed with an unknown key id', (s: string) => s.replace(/^k1/, 'k9'), 'k', 'unknown-key'],
    ['malformed', () => 'k1.onlytwo', 'k', 'malformed'],
    ['with a short IV', (s: string) => s.replace(/^k1\.[\w-]+\./, 'k1.AAAA.'), 'k', 'malformed'],
  ])('refuses a value %s', (_what, mutate, aad, reason) => {
    const ring = new Keyring({ k1: randomBytes(32), k0: randomBytes(32) }, 'k1');
    expect(ring.open(mutate(ring.seal('secret', 'k')), aad)).toEqual({ ok: false, reason });
  });

  it.each([
    ['', /no key/],
    ['k1', /id:base64key/],
    [':abc', /id:base64key/],
    [`k1:${randomBytes(16).toString('base64')}`, /must be 32 bytes, got 16/],
    [`k1:${key()},k1:${key()}`, /appears twice/],
    [`bad id:${key()}`, /must match/],
  ])('rejects the spec %j with a clear message', (spec, message) => {
    expect(() => Keyring.parse(spec)).toThrow(message);
  });

  it('never prints key material in its errors', () => {
    const short = randomBytes(31).toString('base64');
    expect(() => Keyring.parse(`k1:${short}`)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(short) }),
    );
  });

  it('needs the active key in the ring', () => {
    expect(() => new Keyring({ k1: randomBytes(32) }, 'k2')).toThrow(/active key id "k2"/);
  });
});
