import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { ConnectorUpstream } from '../connectors/core/upstream';
import type { GatewayCache } from './gateway';

interface AdminDeps {
  token: string | undefined;
  upstreams: Map<string, ConnectorUpstream>;
  cache: GatewayCache | undefined;
  logger: Logger;
}

/**
 * Operator actions, behind a bearer token from config (ADMIN_TOKEN):
 *   POST /admin/connectors/:key/breaker/open | close | reset
 *   POST /admin/connectors/:key/cache/purge
 * 401 without credentials, 403 with wrong ones, 404 when the admin API is off.
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
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Bearer ')) {
    res.setHeader('www-authenticate', 'Bearer');
    return send(401, { error: 'admin credential required' });
  }
  const given = Buffer.from(auth.slice(7));
  const expected = Buffer.from(deps.token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return send(403, { error: 'admin credential rejected' });
  if (req.method !== 'POST') return send(405, { error: 'use POST' });

  const m =
    /^\/admin\/connectors\/(?<key>[a-z0-9-]+)\/(?<action>breaker\/open|breaker\/close|breaker\/reset|cache\/purge)$/.exec(
      url.pathname,
    );
  if (!m?.groups) return send(404, { error: 'unknown admin action' });
  const { key, action } = m.groups as { key: string; action: string };
  const upstream = deps.upstreams.get(key);
  if (!upstream) return send(404, { error: `unknown connector ${key}` });
  deps.logger.warn({ connector: key, action }, 'admin action');
  switch (action) {
    case 'breaker/open':
      upstream.breaker.forceOpen();
      return send(200, { connector: key, breakerState: upstream.breaker.state });
    case 'breaker/close':
      upstream.breaker.forceClosed();
      return send(200, { connector: key, breakerState: upstream.breaker.state });
    case 'breaker/reset':
      upstream.breaker.reset();
      return send(200, { connector: key, breakerState: upstream.breaker.state });
    default: {
      const purged = (await deps.cache?.purgeConnector(key)) ?? 0;
      return send(200, { connector: key, purged });
    }
  }
}
