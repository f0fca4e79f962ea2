import { subjectHash } from './record';
import type { SpoolAuditLog } from './spool-log';
import { identifierSubject, normaliseIdentifier, normaliseNik } from './subjects';

/** One operator action, as the admin handler knows it. */
export interface AdminAuditEvent {
  /** Who: the operator's declared id (`x-admin-id`), else `admin-token` (the shared token's holder). */
  adminId: string;
  /** `breaker/open`, `breaker/close`, `breaker/reset`, `cache/purge`. */
  action: string;
  connector: string;
  /** A purged record's entity and identifier (the identifier becomes a subject HMAC, never stored). */
  entity?: string;
  id?: string;
  /** What happened, e.g. the breaker state or the count purged. */
  result?: string;
}

/** What the admin handler calls after an action; never throws. */
export type AdminAuditor = (event: AdminAuditEvent) => Promise<void>;

const ADMIN_ID = /^[A-Za-z0-9._@-]{1,64}$/;

/** The operator id of an admin request: a well-formed `x-admin-id`, else `admin-token`. */
export function adminIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ADMIN_ID.test(value) ? value : 'admin-token';
}

/**
 * An auditor writing each admin action as an `admin` record of the chain: clientId `admin`,
 * officerId the operator, operation `admin:<action>`. A purge of one record names its
 * identifier as a subject (a NIK's HMAC, or `HMAC(entity:id)`), so it shows in that
 * person's trail. A failed write is reported to `onError`, not thrown: the action is done.
 */
export function adminAuditor(
  log: SpoolAuditLog,
  hmacSecret: string,
  onError: (err: unknown) => void = () => undefined,
  now: () => Date = () => new Date(),
): AdminAuditor {
  return async (event) => {
    const subjects: string[] = [];
    if (event.id !== undefined) {
      const nik = normaliseNik(event.id);
      subjects.push(
        nik
          ? subjectHash(nik, hmacSecret)
          : identifierSubject(
              event.entity ?? 'record',
              normaliseIdentifier(event.id) ?? event.id,
              hmacSecret,
            ),
      );
    }
    try {
      await log.append(
        {
          time: now().toISOString(),
          requestId: 'admin',
          clientId: 'admin',
          officerId: event.adminId,
          purpose: null,
          operation: `admin:${event.action}`,
          subjects,
          connectors: [event.connector],
          fields: [],
          denied: [],
          outcome: 'ok',
        },
        {
          kind: 'admin',
          admin: {
            action: event.action,
            connector: event.connector,
            ...(event.entity ? { entity: event.entity } : {}),
            ...(event.result ? { result: event.result } : {}),
          },
        },
      );
    } catch (err) {
      try {
        onError(err);
      } catch {
        /* observer */
      }
    }
  };
}
