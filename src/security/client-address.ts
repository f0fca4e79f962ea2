import { BlockList, isIP } from 'node:net';

/** The parts of a request that say where it came from. */
export interface RequestOrigin {
  /** The TCP peer (`req.socket.remoteAddress`). */
  remoteAddress: string | undefined;
  /** The `x-forwarded-for` header(s), as node gives them. */
  forwardedFor: string | string[] | undefined;
}

/** Resolves the client's address of a request. */
export type ClientAddressResolver = (origin: RequestOrigin) => string;

const unmapped = (address: string): string =>
  address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;

/**
 * The source address used for per-address limits. `trustedProxies` (IPs or CIDRs, e.g.
 * `10.0.0.0/8`) are the reverse proxies in front of the gateway: only when the TCP peer is one
 * of them is `X-Forwarded-For` read, from the right, skipping further trusted proxies, so that
 * a client cannot choose its own address by sending the header. Empty (the default): the
 * header is ignored and the TCP peer is the client.
 */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressResolver {
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const [address, bits] = entry.split('/');
    const family = isIP(address ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) trusted.addAddress(address!, family);
    else trusted.addSubnet(address!, Number(bits), family);
  }
  const isTrusted = (address: string): boolean => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return ({ remoteAddress, forwardedFor }) => {
    let client = unmapped(remoteAddress ?? 'unknown');
    if (trustedProxies.length === 0 || !isTrusted(client) || forwardedFor === undefined)
      return client;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((h) => unmapped(h.trim()))
      .filter(Boolean);
    // Walk back from the nearest hop; the first address we do not trust is the client.
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (isIP(hop) === 0) return client;
      client = hop;
      if (!isTrusted(hop)) return hop;
    }
    return client;
  };
}

/** Checks a TRUSTED_PROXIES entry: an IP address or a CIDR. Returns a problem or undefined. */
export function trustedProxyProblem(entry: string): string | undefined {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address or CIDR`;
  if (bits === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max)
    return `"${entry}": prefix length must be 0..${max}`;
  return undefined;
}
