import { setMaxListeners } from 'node:events';
import pino from 'pino';
import {
  createHttpAgents,
  createHttpClient,
  type HttpAgents,
} from '../../src/connectors/core/http';
import { ConnectorUpstream } from '../../src/connectors/core/upstream';
import { DEFAULT_CONNECTOR_POLICY } from '../../src/config/connector-policy';
import type { RequestScope } from '../../src/connectors/core/types';

/**
 * A real upstream pipeline for connector tests (no cache): the connector talks to its mock
 * over loopback HTTP exactly as in the gateway.
 */
export function createTestUpstream(connector: string, baseUrl: string, timeoutMs = 2_000) {
  const agents: HttpAgents = createHttpAgents();
  const upstream = new ConnectorUpstream({
    connector,
    http: createHttpClient(baseUrl, agents),
    policy: {
      ...DEFAULT_CONNECTOR_POLICY,
      timeoutMs,
      retry: { ...DEFAULT_CONNECTOR_POLICY.retry, retries: 0 },
    },
    logger: pino({ level: 'silent' }),
  });
  return { upstream, close: () => (upstream.shutdown(), agents.destroy()) };
}

/** A request scope with a deadline `budgetMs` from now. */
export function testScope(
  budgetMs = 5_000,
): RequestScope & { calls: Array<{ connector: string; outcome: string }> } {
  const calls: Array<{ connector: string; outcome: string }> = [];
  return {
    requestId: 'test-request',
    deadline: Date.now() + budgetMs,
    signal: requestSignal(),
    report: {
      stale: () => undefined,
      upstreamCall: (connector, outcome) => void calls.push({ connector, outcome }),
    },
    calls,
  };
}

/** A request's signal, as the gateway makes it: many upstream calls listen to it at once. */
function requestSignal(): AbortSignal {
  const { signal } = new AbortController();
  setMaxListeners(1_000, signal);
  return signal;
}
