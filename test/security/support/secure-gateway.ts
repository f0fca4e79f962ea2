import type { RunningMocks } from '../../../mocks';
import type { AuditSink } from '../../../src/security';
import { startTestGateway, type TestGateway } from '../../support/gateway';

export interface SecureGateway {
  url: string;
  mocks: RunningMocks;
  auditFile: string;
  logs: string[];
  /** POSTs an operation with exactly the given headers (JSON body); returns status, headers, parsed body. */
  post(
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: GqlBody }>;
  /** Upstream calls per mock endpoint since the last reset, summed over every agency. */
  upstreamCalls(): number;
  resetCalls(): void;
  stop(): Promise<void>;
}

export interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

/**
 * The real gateway (test/support/gateway.ts) for the hostile-input suites: unlike `gql()`,
 * `post()` sends only the headers a case gives (no default credentials) and any body as is.
 * `redis: true` puts rate limits, the audit stream and APQ on the test Redis.
 */
export async function startSecureGateway(
  options: {
    env?: Record<string, string>;
    redis?: boolean;
    auditSink?: AuditSink;
    mocks?: RunningMocks;
  } = {},
): Promise<SecureGateway> {
  const gw: TestGateway = await startTestGateway({
    mocks: options.mocks,
    auditSink: options.auditSink,
    env: {
      ...(options.redis ? { REDIS_URL: process.env.REDIS_TEST_URL! } : {}),
      ...options.env,
    },
  });
  return {
    url: gw.url,
    mocks: gw.mocks,
    auditFile: gw.auditFile,
    logs: gw.logs,
    async post(body, headers = {}) {
      const res = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: JSON.parse(text) as GqlBody };
    },
    upstreamCalls() {
      return Object.values(gw.calls()).reduce(
        (sum, byEndpoint) => sum + Object.values(byEndpoint).reduce((a, b) => a + b, 0),
        0,
      );
    },
    resetCalls: () => gw.resetCalls(),
    stop: () => gw.stop(),
  };
}
