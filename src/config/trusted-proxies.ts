import { trustedProxyProblem } from '../security/client-address';
import type { EnvReader } from './env-reader';

/** TRUSTED_PROXIES: a comma-separated list of IPs / CIDRs; each bad entry is named as a problem. */
export function readTrustedProxies(r: EnvReader): string[] {
  const entries = (r.raw('TRUSTED_PROXIES') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const problem = trustedProxyProblem(entry);
    if (problem) r.problem(`TRUSTED_PROXIES: ${problem}`);
  }
  return entries;
}
