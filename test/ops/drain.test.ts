import http from 'node:http';
import { startTestGateway, TEST_HEADERS, type TestGateway } from '../support/gateway';
import { waitFor } from '../support/gateway-helpers';

/**
 * A rollout without POST retries: after stop() (what SIGTERM calls) readiness is 503 at once,
 * yet requests keep being served through the grace period, each with `Connection: close` so
 * keep-alive clients move; the one in flight before the stop finishes with its data (and
 * closes its connection too); after the grace the listener refuses new connections (which a
 * balancer retries elsewhere, POST included) instead of answering 503.
 */

const GRACE_MS = 1_500;
let gw: TestGateway;
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

interface Answer {
  status: number;
  connection: string | undefined;
  body: { data?: { citizen?: { fullName?: string } | null } | null };
}

function post(nik: string): Promise<Answer> {
  const payload = JSON.stringify({
    query: 'query Drain($nik: String!) { citizen(nik: $nik) { fullName } }',
    variables: { nik },
  });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${gw.url}/graphql`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', ...TEST_HEADERS },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            body: JSON.parse(text) as Answer['body'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function readyz(): Promise<number> {
  const res = await fetch(`${gw.url}/readyz`);
  await res.arrayBuffer();
  return res.status;
}

beforeAll(async () => {
  gw = await startTestGateway({ cache: null });
});
afterAll(async () => {
  agent.destroy();
  await gw.stop();
});

it('serves through the grace with Connection: close, finishes in-flight, then refuses connections', async () => {
  const residents = gw.mocks.dataset.residents;
  const dukcapil = gw.mocks.agencies.dukcapil;
  // Before the drain: keep-alive as usual.
  const before = await post(residents[10]!.nik);
  expect(before.status).toBe(200);
  expect(before.connection).not.toBe('close');

  dukcapil.faults.set('*', { latencyMs: 800 });
  dukcapil.calls.reset();
  const inFlight = post(residents[11]!.nik);
  await waitFor('the slow Dukcapil call', () => dukcapil.calls.total() > 0);

  const stopped = gw.gateway.stop({ graceMs: GRACE_MS, drainMs: 5_000 });
  expect(await readyz()).toBe(503);
  expect(gw.gateway.readiness()).toMatchObject({
    ready: false,
    status: 'not ready',
    phase: 'draining',
  });

  // During the grace: served, and told to close the connection.
  dukcapil.faults.clear();
  const during = await post(residents[12]!.nik);
  expect(during.status).toBe(200);
  expect(during.body.data?.citizen?.fullName).toEqual(expect.any(String));
  expect(during.connection).toBe('close');

  // The request in flight before the stop completes with its data, and closes too.
  const first = await inFlight;
  expect(first.status).toBe(200);
  expect(first.body.data?.citizen?.fullName).toEqual(expect.any(String));
  expect(first.connection).toBe('close');

  await stopped;
  // After the grace: nothing listens (a refused connection, never a 503 answer).
  await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
});
