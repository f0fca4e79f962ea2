import { z } from 'zod';
import type { BucketPolicy } from '../security/rate-limit';
import type { EnvReader } from './env-reader';
import { isOrigin, ORIGIN_RULE } from './security-origins';

/** A registered front end authenticating with an API key (only its SHA-256 is configured). */
export interface ApiClient {
  id: string;
  /** Hex SHA-256 of the key: `printf %s "$KEY" | sha256sum`. */
  keySha256: string;
  scopes: ReadonlySet<string>;
  /** Its own request budget; default: the global one. */
  rateLimit?: BucketPolicy;
  /** Browser origins (`https://host[:port]`) its pages are served from; default: none (no browser access). */
  allowedOrigins?: readonly string[];
  /**
   * The MPPs (tenants) it works for; the first is its home. Default: the deployment's
   * default tenant. Several = a provincial operator choosing per request with `x-mpp`.
   */
  tenants?: readonly string[];
}

const clientSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'id: lower-case letters, digits, . _ -'),
  keySha256: z.string().regex(/^[0-9a-f]{64}$/, 'keySha256: 64 lower-case hex digits'),
  scopes: z.array(z.string()).min(1, 'scopes: at least one'),
  allowedOrigins: z.array(z.string().refine(isOrigin, ORIGIN_RULE)).optional(),
  rateLimit: z
    .strictObject({
      capacity: z.number().int().min(1).max(100_000),
      refillPerSecond: z.number().positive().max(100_000),
    })
    .optional(),
  tenants: z.array(z.string()).min(1, 'tenants: at least one').optional(),
});

/**
 * API_CLIENTS: the registered front ends (JSON). `scopeList` checks each client's scopes
 * against the known ones; `knownTenants` (when given) checks its tenants.
 */
export function readClients(
  r: EnvReader,
  scopeList: (name: string, raw: readonly string[]) => string[],
  knownTenants: readonly string[] | undefined,
): ApiClient[] {
  const clients: ApiClient[] = [];
  const text = r.raw('API_CLIENTS');
  if (!text) return clients;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    r.problem('API_CLIENTS: not valid JSON (expected [{"id","keySha256","scopes"}])');
    return clients;
  }
  const parsed = z.array(clientSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    r.problem(`API_CLIENTS[${String(issue?.path[0] ?? '')}]: ${issue?.message}`);
    return clients;
  }
  for (const [i, c] of parsed.data.entries()) {
    if (clients.some((o) => o.id === c.id || o.keySha256 === c.keySha256))
      r.problem(`API_CLIENTS[${i}]: duplicate id or key of "${c.id}"`);
    clients.push({
      id: c.id,
      keySha256: c.keySha256,
      scopes: new Set(scopeList(`API_CLIENTS[${i}].scopes`, c.scopes)),
      rateLimit: c.rateLimit,
      ...(c.allowedOrigins ? { allowedOrigins: c.allowedOrigins } : {}),
      tenants: c.tenants,
    });
    const unknownTenants = (c.tenants ?? []).filter(
      (t) => knownTenants && !knownTenants.includes(t),
    );
    if (unknownTenants.length > 0)
      r.problem(`API_CLIENTS[${i}].tenants: unknown tenant ${unknownTenants.join(', ')}`);
  }
  return clients;
}
