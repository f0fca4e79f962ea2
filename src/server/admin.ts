import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { ConnectorUpstream } from '../connectors/core/upstream';
import type { ClientAddressResolver, FailureThrottle } from '../security';
import type { GatewayCache } from './cache-wiring';
import { adminIdOf, type AdminAuditor } from '../security/audit/admin-audit';

export interface AdminDeps {
  token: string | undefined;
  upstreams: Map<string, ConnectorUpstream>;
  cache: GatewayCache | undefined;
  logger: Logger;
  /** Records each action in the audit chain with the operator's id (optional). */
  audit?: AdminAuditor;
  /** The source address of a request (honouring TRUSTED_PROXIES). */
  addressOf: ClientAddressResolver;
  /** Failed authentications per source address (ADMIN_AUTH_MAX_FAILURES per ADMIN_AUTH_WINDOW_S). */
  throttle: FailureThrottle;
}

/** Largest admin request body: a purge names one record, nothing more. */
const MAX_ADMIN_BODY_BYTES = 4 * 1024;
/** Entity names are cache key segments (see src/cache/keys.ts). */
const ENTITY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** Identifiers are short (NIK 16, NOP 18 digits...); anything longer is not one of ours. */
const MAX_ID_LENGTH = 64;

/** What `cache/purge` was asked to delete: the whole connector, or one record. */
type PurgeTarget =
  | { kind: 'connector' }
  | { kind: 'record'; entity: string; id: string; version: number | undefined }
  | { kind: 'invalid'; problem: string };

/**
 * Operator actions, behind a bearer token from config (ADMIN_TOKEN):
 *   POST /admin/connectors/:key/breaker/open | close | reset
 *   POST /admin/connectors/:key/cache/purge                 every cached entry of the connector
 *   POST /admin/connectors/:key/cache/purge {"entity","id"}  one record (optional "version":
 *        default the version of the connector's entity policy, so old shapes need it named)
 * 401 without credentials, 403 with wrong ones, 404 when the admin API is off. Each failed
 * authentication is logged (source address, never the token) and counted per source address:
 * past the limit, the address gets 429 with Retry-After until its window ends, right token or not.
 * The identifier of a purged record is never logged or echoed.
 */
export async function handleAdmin(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  deps: AdminDeps,
): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (!deps.token) return send(404, { error: 'admin API disabled (set ADMIN_TOKEN)' });
  const source = deps.addressOf({
    remoteAddress: req.socket.remoteAddress,
    forwardedFor: req.headers['x-forwarded-for'],
  });
  const wait = deps.throttle.retryAfterSeconds(source);
  if (wait > 0) {
    res.setHeader('retry-after', String(wait));
    return send(429, { error: 'too many failed admin authentications from this address' });
  }
  const failed = (reason: 'missing' | 'rejected') => {
    const failures = deps.throttle.fail(source);
    deps.logger.warn({ sourceAddress: source, reason, failures }, 'admin authentication failed');
  };
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Bearer ')) {
    failed('missing');
    res.setHeader('www-authenticate', 'Bearer');
    return send(401, { error: 'admin credential required' });
  }
  const given = Buffer.from(auth.slice(7));
  const expected = Buffer.from(deps.token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    failed('rejected');
    return send(403, { error: 'admin credential rejected' });
  }
  if (req.method !== 'POST') return send(405, { error: 'use POST' });

  const m =
    /^\/admin\/connectors\/(?<key>[a-z0-9-]+(?:@[a-z0-9-]+)?)\/(?<action>breaker\/open|breaker\/close|breaker\/reset|cache\/purge)$/.exec(
      url.pathname,
    );
  if (!m?.groups) return send(404, { error: 'unknown admin action' });
  const { key, action } = m.groups as { key: string; action: string };
  const upstream = deps.upstreams.get(key);
  if (!upstream) return send(404, { error: `unknown connector ${key}` });
  deps.logger.warn({ connector: key, action }, 'admin action');
  const adminId = adminIdOf(req.headers['x-admin-id']);
  const audited = (result: string, target?: { entity: string; id: string }) =>
    deps.audit?.({ adminId, action, connector: key, result, ...target });
  switch (action) {
    case 'breaker/open':
      upstream.breaker.forceOpen();
      await audited(upstream.breaker.state);
      return send(200, { connector: key, breakerState: upstream.breaker.state });
    case 'breaker/close':
      upstream.breaker.forceClosed();
      await audited(upstream.breaker.state);
      return send(200, { connector: key, breakerState: upstream.breaker.state });
    case 'breaker/reset':
      upstream.breaker.reset();
      await audited(upstream.breaker.state);
      return send(200, { connector: key, breakerState: upstream.breaker.state });
    default:
      return purge(req, upstream, deps, send, audited);
  }
}

async function purge(
  req: http.IncomingMessage,
  upstream: ConnectorUpstream,
  deps: AdminDeps,
  send: (status: number, body: unknown) => void,
  audited: (result: string, target?: { entity: string; id: string }) => Promise<void> | undefined,
): Promise<void> {
  const key = upstream.connector;
  const target = parsePurgeTarget(await readBody(req));
  if (target.kind === 'invalid') return send(400, { error: target.problem });
  if (target.kind === 'connector') {
    const purged = (await deps.cache?.purgeConnector(key)) ?? 0;
    await audited(`purged ${purged}`);
    return send(200, { connector: key, purged });
  }
  const version = target.version ?? upstream.entity(target.entity)?.version;
  if (version === undefined) {
    return send(404, {
      error: `unknown entity ${target.entity} of ${key}: give "version" to purge an entity not declared or loaded yet`,
    });
  }
  const purged = await upstream.purgeRecord({ name: target.entity, version }, target.id);
  await audited(`purged ${purged}`, { entity: target.entity, id: target.id });
  deps.logger.warn(
    { connector: key, entity: target.entity, version, purged },
    'admin purged one cache record',
  );
  return send(200, { connector: key, entity: target.entity, version, purged });
}

/** An empty body purges the connector; a JSON object names one record. */
export function parsePurgeTarget(body: string | undefined): PurgeTarget {
  if (body === undefined) return { kind: 'invalid', problem: 'request body too large' };
  if (body.trim() === '') return { kind: 'connector' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'invalid', problem: 'body must be JSON: {"entity", "id"[, "version"]}' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return {
      kind: 'invalid',
      problem: 'body must be a JSON object: {"entity", "id"[, "version"]}',
    };
  const { entity, id, version } = parsed as Record<string, unknown>;
  if (typeof entity !== 'string' || !ENTITY_NAME.test(entity))
    return { kind: 'invalid', problem: `"entity" must be an entity name matching ${ENTITY_NAME}` };
  if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_ID_LENGTH)
    return {
      kind: 'invalid',
      problem: `"id" must be a non-empty string of at most ${MAX_ID_LENGTH} characters`,
    };
  if (version !== undefined && !(Number.isInteger(version) && (version as number) >= 0))
    return { kind: 'invalid', problem: '"version" must be a non-negative integer' };
  return { kind: 'record', entity, id: id.trim(), version: version as number | undefined };
}

/** The body as text, or undefined when it exceeds MAX_ADMIN_BODY_BYTES. */
async function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_ADMIN_BODY_BYTES) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
