import { clientAddressResolver, FailureThrottle } from '../../src/security';
import { trustedProxyProblem } from '../../src/security/client-address';

describe('clientAddressResolver', () => {
  it('ignores X-Forwarded-For when no proxy is trusted (the default)', () => {
    const of = clientAddressResolver([]);
    expect(of({ remoteAddress: '10.0.0.5', forwardedFor: '203.0.113.9' })).toBe('10.0.0.5');
    expect(of({ remoteAddress: '::ffff:127.0.0.1', forwardedFor: undefined })).toBe('127.0.0.1');
  });

  it('reads X-Forwarded-For from the right, only from a trusted peer, skipping trusted hops', () => {
    const of = clientAddressResolver(['10.0.0.0/8', '192.168.1.5']);
    expect(of({ remoteAddress: '10.1.2.3', forwardedFor: '203.0.113.9' })).toBe('203.0.113.9');
    // A spoofed left-most entry is not believed: the first untrusted hop from the right is.
    expect(
      of({ remoteAddress: '10.1.2.3', forwardedFor: '1.2.3.4, 198.51.100.7, 192.168.1.5' }),
    ).toBe('198.51.100.7');
    expect(of({ remoteAddress: '172.16.0.1', forwardedFor: '203.0.113.9' })).toBe('172.16.0.1');
    // Garbage in the header: the nearest trusted hop stays the source.
    expect(of({ remoteAddress: '10.1.2.3', forwardedFor: 'not-an-ip' })).toBe('10.1.2.3');
  });

  it.each([
    ['10.0.0.0/8', undefined],
    ['::1', undefined],
    ['fd00::/8', undefined],
    ['10.0.0.0/33', 'prefix length'],
    ['proxy.internal', 'not an IP'],
  ])('checks the TRUSTED_PROXIES entry %s', (entry, problem) => {
    const found = trustedProxyProblem(entry);
    if (problem) expect(found).toContain(problem);
    else expect(found).toBeUndefined();
  });
});

describe('FailureThrottle', () => {
  it('refuses a key after maxFailures in its window, and forgets it when the window ends', () => {
    let now = 0;
    const t = new FailureThrottle({ maxFailures: 2, windowMs: 60_000, now: () => now });
    expect(t.retryAfterSeconds('a')).toBe(0);
    t.fail('a');
    expect(t.retryAfterSeconds('a')).toBe(0);
    t.fail('a');
    expect(t.retryAfterSeconds('a')).toBe(60);
    expect(t.retryAfterSeconds('b')).toBe(0);
    now = 59_500;
    expect(t.retryAfterSeconds('a')).toBe(1);
    now = 60_000;
    expect(t.retryAfterSeconds('a')).toBe(0);
  });
});
