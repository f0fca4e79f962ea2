import type { SecurityConfig } from '../security/config';

/**
 * CORS for browser front ends, as a pure policy: the HTTP layer asks it what to answer and
 * applies the result. Origins are allowed per registered client (API_CLIENTS[].allowedOrigins,
 * JWT_ALLOWED_ORIGINS for every token of the issuer, CORS_DEV_ORIGINS for the development
 * client). Apollo's CSRF prevention stays on: CORS only decides which pages may read answers.
 */

/** Methods a browser may use cross-origin: GraphQL over HTTP needs no others. */
export const CORS_METHODS = ['GET', 'POST', 'OPTIONS'] as const;

/** Request headers a front end sends to the gateway (lower case, as browsers list them). */
export const CORS_REQUEST_HEADERS = [
  'x-api-key',
  'x-officer-id',
  'x-purpose',
  'x-request-id',
  'apollo-require-preflight',
  'authorization',
  'content-type',
] as const;

/** Response headers a front end may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = ['retry-after', 'x-request-id'] as const;

/** Origins per client, read once from the security configuration. */
export interface CorsRegistry {
  /** API-key clients by id. */
  clients: ReadonlyMap<string, readonly string[]>;
  /** Every bearer token of the configured issuer. */
  jwt: readonly string[];
}

/** Who the actual request authenticated as; `undefined` when it did not (yet). */
export interface CorsCaller {
  clientId: string;
  method: 'api-key' | 'jwt';
}

export interface CorsRequest {
  method: string;
  /** The `Origin` header; absent for same-origin GETs and for every non-browser client. */
  origin: string | undefined;
  /** `Access-Control-Request-Method`: present only on a preflight. */
  requestMethod?: string | undefined;
}

export interface CorsOptions {
  /** How long a browser may cache a preflight answer, in seconds. Default 600. */
  maxAgeSeconds?: number;
}

/**
 * What to answer. `preflight`: the HTTP layer ends the request with `status` and `headers`
 * (Apollo never sees it: it would refuse the OPTIONS as a CSRF attempt). `actual`: the
 * request proceeds and `headers` are added to whatever it answers.
 */
export type CorsDecision =
  | { kind: 'preflight'; status: 204 | 403; headers: Record<string, string> }
  | { kind: 'actual'; headers: Record<string, string> };

/** The registry of allowed origins from the loaded security settings. */
export function corsRegistryOf(config: Pick<SecurityConfig, 'clients' | 'jwt'>): CorsRegistry {
  return {
    clients: new Map(config.clients.map((c) => [c.id, c.allowedOrigins ?? []])),
    jwt: config.jwt?.allowedOrigins ?? [],
  };
}

export interface CorsPolicy {
  /** The answer to an OPTIONS request carrying `Access-Control-Request-Method`. */
  preflight(request: CorsRequest): CorsDecision;
  /**
   * Headers for any other request. With a `caller`, only that client's origins are allowed; a
   * request refused before or by authentication (`caller` undefined) is readable by any
   * configured origin, so the page can show the 401 or 429 instead of a bare network error.
   */
  actual(request: CorsRequest, caller: CorsCaller | undefined): CorsDecision;
  /** Whether `request` is a preflight (OPTIONS with Access-Control-Request-Method). */
  isPreflight(request: CorsRequest): boolean;
}

export function createCorsPolicy(registry: CorsRegistry, options: CorsOptions = {}): CorsPolicy {
  const maxAge = String(options.maxAgeSeconds ?? 600);
  // A preflight carries no credentials, so it can only be judged against every origin some
  // client may use; the actual request is then judged against its own client's origins.
  const anyClient = new Set<string>([...registry.jwt, ...[...registry.clients.values()].flat()]);
  const originsOf = (caller: CorsCaller): readonly string[] =>
    caller.method === 'jwt' ? registry.jwt : (registry.clients.get(caller.clientId) ?? []);

  return {
    isPreflight: (request) =>
      request.method.toUpperCase() === 'OPTIONS' && request.requestMethod !== undefined,

    preflight(request): CorsDecision {
      // The answer depends on the origin (and what was asked): caches must key on them.
      const vary = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';
      const method = request.requestMethod?.toUpperCase() ?? '';
      const allowed =
        request.origin !== undefined &&
        anyClient.has(request.origin) &&
        (CORS_METHODS as readonly string[]).includes(method);
      if (!allowed) return { kind: 'preflight', status: 403, headers: { vary } };
      return {
        kind: 'preflight',
        status: 204,
        headers: {
          vary,
          'access-control-allow-origin': request.origin!,
          'access-control-allow-methods': CORS_METHODS.join(', '),
          'access-control-allow-headers': CORS_REQUEST_HEADERS.join(', '),
          'access-control-max-age': maxAge,
        },
      };
    },

    actual(request, caller) {
      const headers: Record<string, string> = { vary: 'Origin' };
      const origin = request.origin;
      if (origin === undefined) return { kind: 'actual', headers };
      const allowed = caller ? originsOf(caller).includes(origin) : anyClient.has(origin);
      if (allowed) {
        // Never `*`: the answer is for this origin only (credentials travel in headers).
        headers['access-control-allow-origin'] = origin;
        headers['access-control-expose-headers'] = CORS_EXPOSED_HEADERS.join(', ');
      }
      return { kind: 'actual', headers };
    },
  };
}
