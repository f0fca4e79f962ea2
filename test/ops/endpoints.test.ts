import { Writable } from 'node:stream';
import { agencyModules } from '../../src/resolvers';
import { CONNECTOR_KEYS } from '../support/connector-keys';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSecurityConfig } from '../../src/security';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { loadConfig } from '../../src/config';
import { registry } from '../../src/connectors/registry';
import { createLogger } from '../../src/observability/logger';
import { createGateway } from '../../src/server/gateway';
import { startMocks, type RunningMocks } from '../../mocks';
import { startTestGateway, type TestGateway, TEST_HEADERS } from '../support/gateway';
import { freePort, scrape, valueOf, waitFor } from './helpers';

const CITIZEN = /* GraphQL */ `
  query Citizen($nik: String!) {
    citizen(nik: $nik) {
      fullName
      healthInsurance {
        status
      }
    }
  }
`;

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let mocks: RunningMocks;
beforeAll(async () => {
  mocks = await startMocks();
});
afterAll(() => mocks.stop());
afterEach(() => {
  for (const agency of Object.values(mocks.agencies)) agency.faults.clear();
});

describe('probes and routes of a serving gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ mocks });
  });
  afterAll(() => gw.stop());

  it('/healthz answers 200 while serving', async () => {
    expect(await getJson(`${gw.url}/healthz`)).toEqual({
      status: 200,
      body: { status: 'ok', phase: 'serving' },
    });
  });

  it('/readyz answers 200 with every check ok', async () => {
    const { status, body } = await getJson(`${gw.url}/readyz`);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      ready: true,
      phase: 'serving',
      degraded: [],
      checks: { lifecycle: 'ok', cache: 'ok (memory)', audit: 'ok' },
    });
  });

  it('/metrics is Prometheus text with the default process metrics and the gateway version', async () => {
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^mpp_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^mpp_nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^mpp_build_info\{version="\d+\.\d+\.\d+"\} 1$/m);
    expect(text).toMatch(/^mpp_ready 1$/m);
    expect(text).toMatch(/^mpp_breaker_state\{connector="dukcapil",state="closed"\} 1$/m);
  });

  it('/status is one self-contained page under a strict CSP', async () => {
    const res = await fetch(`${gw.url}/status`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).toContain('<meta name="viewport"');
    // No external assets: no src/href at all, no absolute URLs.
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('/status.json lists every enabled connector and the gateway readiness', async () => {
    const { status, body } = await getJson(`${gw.url}/status.json`);
    expect(status).toBe(200);
    expect(body.gateway).toMatchObject({ ready: true, phase: 'serving', reason: null });
    const names = (body.connectors as Array<{ name: string }>).map((c) => c.name);
    // Every registered connector (the bank link is a payments row of its own, not a connector).
    expect(names).toEqual(expect.arrayContaining(registry.map((d) => d.key)));
    expect(body.windowSeconds).toBe(300);
  });

  it('unknown paths answer 404 JSON', async () => {
    expect(await getJson(`${gw.url}/nope`)).toEqual({ status: 404, body: { error: 'not found' } });
  });

  it('counts each HTTP request exactly once, aborted ones as "aborted", and in-flight back to 0', async () => {
    const before = (await scrape(gw.url)).samples;
    for (let i = 0; i < 5; i++) await fetch(`${gw.url}/healthz`);
    // A client that gives up on a slow GraphQL request.
    mocks.agencies.dukcapil.faults.set('*', { latencyMs: 800 });
    const controller = new AbortController();
    const pending = fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...TEST_HEADERS },
      body: JSON.stringify({
        query: CITIZEN,
        variables: { nik: mocks.dataset.fixtures.arrearsNik },
      }),
      signal: controller.signal,
    }).catch(() => 'aborted');
    await waitFor('the upstream call', () => mocks.agencies.dukcapil.calls.total() > 0);
    controller.abort();
    expect(await pending).toBe('aborted');
    const count = (samples: typeof before, labels: Record<string, string>) =>
      valueOf(samples, 'mpp_http_request_duration_seconds_count', labels);
    await waitFor('the aborted request to be recorded', async () => {
      const after = (await scrape(gw.url)).samples;
      return (
        count(after, { route: '/graphql', status: 'aborted' }) -
          count(before, { route: '/graphql', status: 'aborted' }) ===
        1
      );
    });
    const after = (await scrape(gw.url)).samples;
    expect(count(after, { route: '/healthz' }) - count(before, { route: '/healthz' })).toBe(5);
    expect(count(after, { route: '/graphql', status: '2xx' })).toBe(
      count(before, { route: '/graphql', status: '2xx' }),
    );
    expect(valueOf(after, 'mpp_http_in_flight_requests')).toBe(0);
  });
});

describe('start-up: the listener opens before the gateway is ready', () => {
  it('answers /readyz 503 "starting" and refuses GraphQL until start() completes', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0' }, registry, mocks.env);
    const logger = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
    const security = loadSecurityConfig(
      {
        NODE_ENV: 'test',
        AUDIT_LOG_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'mpp-audit-')), 'audit.jsonl'),
      },
      CONNECTOR_KEYS,
    );
    const gateway = createGateway({
      config,
      logger,
      agencies: agencyModules,
      security,
      probes: { intervalMs: 0 },
    });
    try {
      const url = await gateway.listen();
      expect(await getJson(`${url}/healthz`)).toEqual({
        status: 200,
        body: { status: 'ok', phase: 'starting' },
      });
      expect(await getJson(`${url}/readyz`)).toEqual({
        status: 503,
        body: {
          status: 'not ready',
          ready: false,
          phase: 'starting',
          reason: 'starting',
          degraded: [],
          checks: { lifecycle: 'starting', cache: 'ok (memory)', audit: 'ok' },
        },
      });
      const refused = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TEST_HEADERS },
        body: JSON.stringify({ query: '{ gatewayVersion }' }),
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toEqual({
        errors: [
          {
            // Localized (Indonesian by default); the specific English reason stays in `detail`.
            message: expect.any(String),
            extensions: { code: 'UNAVAILABLE', detail: 'the gateway is starting' },
          },
        ],
      });

      await gateway.start();
      expect((await getJson(`${url}/readyz`)).status).toBe(200);
    } finally {
      await gateway.stop(0);
    }
  });
});

describe('readiness reports Redis and the agencies as degraded, never unready', () => {
  let redis: ChildProcess | undefined;
  afterEach(async () => {
    if (redis && redis.exitCode === null) {
      const exited = new Promise((r) => redis!.once('exit', r));
      redis.kill('SIGKILL');
      await exited;
    }
  });

  // Redis is shared by every instance: a 503 for it would take them all out at once.
  it('is 200 "degraded" while Redis is unreachable, "ready" once it is up, and 200 with an agency down', async () => {
    const bin = process.env.REDIS_TEST_BIN;
    if (!bin) throw new Error('REDIS_TEST_BIN is not set: run through jest (global setup)');
    const port = await freePort();
    const gw = await startTestGateway({
      mocks,
      env: { REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    try {
      const down = await getJson(`${gw.url}/readyz`);
      expect(down.status).toBe(200);
      expect(down.body).toMatchObject({ ready: true, status: 'degraded' });
      expect(down.body.degraded).toEqual([expect.stringMatching(/^redis: (connecting|down: )/)]);
      expect((await getJson(`${gw.url}/healthz`)).status).toBe(200);

      redis = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
        stdio: 'ignore',
      });
      await waitFor('readiness once Redis is up', async () => {
        const r = await getJson(`${gw.url}/readyz`);
        return r.status === 200 && r.body.status === 'ready';
      });

      await mocks.agencies.pdam.stop();
      try {
        const { body } = await gw.gql('{ waterAccount(customerNumber: "0101000021") { name } }');
        expect(body.errors?.[0]?.extensions).toMatchObject({ connector: 'pdam' });
        expect((await getJson(`${gw.url}/readyz`)).status).toBe(200);
      } finally {
        await mocks.agencies.pdam.start();
      }
    } finally {
      await gw.stop();
    }
  });
});

describe('graceful stop', () => {
  it('answers probes 503 during the grace, then refuses new connections while an in-flight query finishes', async () => {
    const gw = await startTestGateway({ mocks });
    const url = gw.url;
    mocks.agencies.dukcapil.faults.set('*', { latencyMs: 1_500 });
    mocks.agencies.dukcapil.calls.reset();
    const slow = gw.gql(CITIZEN, { nik: mocks.dataset.fixtures.everyServiceHeadNik });
    await waitFor('the slow upstream call', () => mocks.agencies.dukcapil.calls.total() > 0);

    const stopped = gw.gateway.stop({ graceMs: 500, drainMs: 10_000 });
    const probe = await getJson(`${url}/readyz`);
    expect(probe).toMatchObject({
      status: 503,
      body: { status: 'not ready', phase: 'draining', reason: 'shutting down' },
    });
    // After the grace the listener is closed: a new request is refused at connect (which a
    // balancer retries elsewhere), never answered 503, while the slow query is still running.
    await waitFor('the listener to close', async () => {
      try {
        await (await fetch(`${url}/healthz`)).arrayBuffer();
        return false;
      } catch {
        return true;
      }
    });
    await expect(
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TEST_HEADERS },
        body: JSON.stringify({ query: '{ gatewayVersion }' }),
      }),
    ).rejects.toThrow();

    const { status, body } = await slow;
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ citizen: { fullName: expect.any(String) } });
    await stopped;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('still accepts GraphQL during the grace period (load balancers catching up)', async () => {
    const gw = await startTestGateway({ mocks });
    const stopped = gw.gateway.stop({ graceMs: 3_000, drainMs: 1_000 });
    expect((await getJson(`${gw.url}/readyz`)).status).toBe(503);
    const { status, body } = await gw.gql('{ gatewayVersion }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ gatewayVersion: expect.any(String) });
    await stopped;
  });

  it('stop() is idempotent', async () => {
    const gw = await startTestGateway({ mocks });
    const a = gw.gateway.stop(0);
    const b = gw.gateway.stop(0);
    expect(a).toBe(b);
    await a;
  });
});
