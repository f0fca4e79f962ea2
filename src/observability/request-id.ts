import { randomUUID } from 'node:crypto';
import { maskIdentifiers } from './mask';

/** Printable, header-safe, short: what log search and agencies' logs can handle. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * An id the log masking would alter (10+ digits, separators allowed) could be an identifier
 * (a NIK as request id): it would be masked in our logs, breaking correlation, and sent in
 * clear to every agency. Such ids are replaced, and our own UUIDs are drawn until they pass
 * (a UUID like `…-1234-5678-9012-…` would otherwise be masked too).
 */
const loggable = (id: string) => maskIdentifiers(id) === id;

/**
 * The request id of an incoming request: the client's `x-request-id` when it is valid,
 * otherwise a fresh UUID. It is returned in the response header, logged with every line of
 * the request and sent to every agency call.
 */
export function resolveRequestId(header: string | string[] | undefined): string {
  if (typeof header === 'string' && REQUEST_ID.test(header) && loggable(header)) return header;
  let id = randomUUID();
  while (!loggable(id)) id = randomUUID();
  return id;
}
