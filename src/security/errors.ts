import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { ErrorCode, GatewayError } from '../errors';

/**
 * Codes of the security layer that are not in `ErrorCode` (src/errors): front ends switch on
 * them like on any other `extensions.code`.
 */
export const SecurityCode = {
  /** A parse or validation limit (depth, aliases, root fields, tokens, cost, list size). HTTP 400. */
  QueryLimitExceeded: 'QUERY_LIMIT_EXCEEDED',
  /** Allow-list mode: the operation is not in the registered manifest. HTTP 403. */
  OperationNotAllowed: 'OPERATION_NOT_ALLOWED',
  /** The audit record of a personal-data read could not be written: the data is withheld. HTTP 503. */
  AuditUnavailable: 'AUDIT_UNAVAILABLE',
  /** A GET asked for fields that need a personal-data scope: identifiers would sit in URLs. HTTP 405. */
  PersonalDataRequiresPost: 'PERSONAL_DATA_REQUIRES_POST',
} as const;

/** Why a FORBIDDEN was raised, in `extensions.reason`. */
export type ForbiddenReason = 'MISSING_SCOPE' | 'PURPOSE_REQUIRED';

/** Ties an HTTP status (and headers) to an error; Apollo reads `extensions.http` and strips it. */
function httpHead(status: number, headers: Record<string, string> = {}) {
  return { status, headers: new HeaderMap(Object.entries(headers)) };
}

/** Why a caller was refused with 401: a closed set, for the refusal counter's label. */
export type AuthenticationFailure =
  | 'missing'
  | 'ambiguous'
  | 'unknown_key'
  | 'malformed'
  | 'not_accepted'
  | 'expired'
  | 'issued_in_future'
  | 'invalid_token';

/** Missing, malformed, unknown, expired or forged credentials: HTTP 401, `UNAUTHENTICATED`. */
export class AuthenticationError extends GatewayError {
  constructor(
    message: string,
    /** Why, as a metric label (`mpp_auth_refusals_total{reason}`). Default "invalid_token". */
    readonly reason: AuthenticationFailure = 'invalid_token',
  ) {
    super(ErrorCode.Unauthenticated, message);
    this.name = 'AuthenticationError';
    // A client can act on a clock problem (its issuer's clock runs ahead), so it is told which.
    if (reason === 'issued_in_future') this.extensions['reason'] = 'TOKEN_ISSUED_IN_FUTURE';
    this.extensions['http'] = httpHead(401, { 'www-authenticate': 'Bearer, ApiKey' });
  }
}

/** A malformed security header (x-purpose, x-officer-id): HTTP 400, `BAD_USER_INPUT`. */
export class SecurityHeaderError extends GatewayError {
  constructor(header: string, message: string) {
    super(ErrorCode.BadUserInput, message);
    this.name = 'SecurityHeaderError';
    this.extensions['argument'] = header;
    this.extensions['http'] = httpHead(400);
  }
}

/**
 * The caller may not read a field: the field is null with this error, and its resolver (hence
 * any loader, cache read or agency call) never ran.
 */
export class ForbiddenError extends GatewayError {
  constructor(
    message: string,
    readonly reason: ForbiddenReason,
    readonly missing: readonly string[] = [],
  ) {
    super(ErrorCode.Forbidden, message);
    this.name = 'ForbiddenError';
    this.extensions['reason'] = reason;
    if (missing.length > 0) this.extensions['missingScopes'] = [...missing];
  }
}

/**
 * Over a request budget: HTTP 429 with Retry-After, `RATE_LIMITED`. `extensions.bucket` says
 * whose: `client` (an authenticated client) or `source-address` (requests without valid
 * credentials, per source address).
 */
export class RateLimitedError extends GatewayError {
  constructor(
    readonly retryAfterSeconds: number,
    readonly bucket: 'client' | 'source-address' = 'client',
  ) {
    super(
      ErrorCode.RateLimited,
      bucket === 'client'
        ? `too many requests from this client: retry after ${retryAfterSeconds} s`
        : `too many unauthenticated requests from this address: retry after ${retryAfterSeconds} s`,
    );
    this.name = 'RateLimitedError';
    this.extensions['retryAfterSeconds'] = retryAfterSeconds;
    this.extensions['bucket'] = bucket;
    this.extensions['http'] = httpHead(429, { 'retry-after': String(retryAfterSeconds) });
  }
}

/** Which limit a refused operation exceeded. */
export type QueryLimit =
  'depth' | 'aliases' | 'rootFields' | 'tokens' | 'cost' | 'listLength' | 'variables';

/**
 * A refused operation. Raised by validation rules (Apollo then wraps it into its own
 * GRAPHQL_VALIDATION_FAILED error, keeping this one as `originalError`) and by the variables
 * check; `formatSecurityError` presents it as `QUERY_LIMIT_EXCEEDED`.
 */
export class QueryLimitError extends GraphQLError {
  constructor(
    message: string,
    readonly limit: QueryLimit,
    readonly max: number,
    readonly actual: number,
    options: { nodes?: GraphQLError['nodes'] } = {},
  ) {
    super(message, {
      nodes: options.nodes,
      extensions: {
        code: SecurityCode.QueryLimitExceeded,
        limit,
        max,
        actual,
        http: httpHead(400),
      },
    });
    this.name = 'QueryLimitError';
  }
}

/** Allow-list mode refused an operation that is not registered. HTTP 403. */
export class OperationNotAllowedError extends GraphQLError {
  constructor() {
    super(
      'only registered operations run on this gateway: send the sha256 of an operation from the ' +
        "front end's persisted-operation manifest",
      { extensions: { code: SecurityCode.OperationNotAllowed, http: httpHead(403) } },
    );
    this.name = 'OperationNotAllowedError';
  }
}

/**
 * A GET for fields that need a personal-data scope: the identifiers in the query string would
 * land in proxy and ingress logs and browser history. HTTP 405, `Allow: POST`.
 */
export class PersonalDataRequiresPostError extends GraphQLError {
  constructor() {
    super(
      'fields with personal data are served over POST only (identifiers must not travel in URLs)',
      {
        extensions: {
          code: SecurityCode.PersonalDataRequiresPost,
          http: httpHead(405, { allow: 'POST' }),
        },
      },
    );
    this.name = 'PersonalDataRequiresPostError';
  }
}

// graphql-js's own message when `parse(..., { maxTokens })` gives up (graphql 16 spells it
// "more that"; a later fix to "than" must not break the mapping).
const TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens/;
// Apollo's persisted-query refusals carry no code (so a generic formatter would mask them
// as internal errors although they are the client's mistake).
const APQ_CLIENT_ERRORS = new Set([
  'provided sha does not match query',
  'Unsupported persisted query version',
]);

/**
 * Presents the security layer's errors; returns undefined for any other error so the
 * gateway's own `formatError` handles it. Compose it first:
 * `formatError: (f, e) => formatSecurityError(f, e) ?? formatError(f, e)`.
 * It never lets `extensions.http` (status and headers, already applied) reach the client.
 */
export function formatSecurityError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError | undefined {
  const own = securityErrorOf(error);
  if (own) {
    const extensions = { ...own.extensions };
    delete extensions['http'];
    return {
      message: own.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions,
    };
  }
  const tokens = TOKEN_LIMIT.exec(formatted.message);
  if (tokens && formatted.extensions?.['code'] === 'GRAPHQL_PARSE_FAILED') {
    return {
      message: `the operation has more than ${tokens[1]} tokens`,
      extensions: {
        code: SecurityCode.QueryLimitExceeded,
        limit: 'tokens',
        max: Number(tokens[1]),
      },
    };
  }
  if (APQ_CLIENT_ERRORS.has(formatted.message))
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  return undefined;
}

type SecurityError =
  | AuthenticationError
  | SecurityHeaderError
  | ForbiddenError
  | RateLimitedError
  | QueryLimitError
  | OperationNotAllowedError
  | PersonalDataRequiresPostError;

const isSecurityError = (e: unknown): e is SecurityError =>
  e instanceof AuthenticationError ||
  e instanceof SecurityHeaderError ||
  e instanceof ForbiddenError ||
  e instanceof RateLimitedError ||
  e instanceof QueryLimitError ||
  e instanceof OperationNotAllowedError ||
  e instanceof PersonalDataRequiresPostError;

/** Finds our error in Apollo's wrappers (resolver errors and validation errors keep it as originalError). */
function securityErrorOf(error: unknown): SecurityError | undefined {
  let current: unknown = error;
  for (let i = 0; i < 3 && current; i++) {
    if (isSecurityError(current)) return current;
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return undefined;
}
