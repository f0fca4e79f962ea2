/**
 * Who is asking, resolved once per request by `authenticate` and put in the GraphQL context.
 * Never holds credentials.
 */
export interface Caller {
  /** The registered client (front end), e.g. "dukcapil-counter" or "mpp-kiosk". */
  clientId: string;
  /**
   * Who the client is across credential kinds, for rate limits and the audit: `key:<id>` for an
   * API-key client, `jwt:<issuer hash>:<client id>` for a token's client, so that a token whose
   * `client_id` equals an API-key client's id is still someone else.
   */
  identity: string;
  /** What the client may read: connector scopes (`pdam:read`) and sensitivity scopes (`pii:read`). */
  scopes: ReadonlySet<string>;
  /** The acting officer (x-officer-id, or the token's `officer_id` claim). */
  officerId?: string;
  /** The purpose of processing: the service case id (x-purpose). */
  purpose?: string;
  /**
   * The MPPs (tenants) the client works for, home first (API_CLIENTS `tenants`, or the
   * token's `mpp_tenants` claim). Absent = the deployment's default tenant.
   */
  tenants?: readonly string[];
  /** The MPP this request is served for (set by the gateway once resolved; audit records carry it). */
  tenant?: string;
  /** How the client proved itself. */
  method: 'api-key' | 'jwt';
}
