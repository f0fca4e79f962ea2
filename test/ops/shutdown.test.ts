import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startMocks, type RunningMocks } from '../../mocks';
import { freePort, waitFor } from './helpers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sha256Hex } from '../../src/security';
import { mockAgencyAllowances, productionAuditEnv } from '../support/production-env';

const API_KEY = 'shutdown-test-api-key-0123456789';

/**
 * The real entry point (`node --import tsx src/main.ts`) as a child process, in production
 * mode against mock agencies run by this test process (so this test can slow them down),
 * stopped by a real SIGTERM.
 */
const ROOT = path.resolve(__dirname, '../..');

let mocks: RunningMocks;
let child: ChildProcess | undefined;
beforeAll(async () => {
  mocks = await startMocks();
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await mocks.stop();
});

async function readyz(url: string): Promise<number | 'down'> {
  try {
    const res = await fetch(`${url}/readyz`);
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'down';
  }
}

it('on SIGTERM: readiness 503 at once, the in-flight query completes 200, then exit 0', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      ...mocks.env,
      ...mockAgencyAllowances(),
      ...productionAuditEnv(),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      CACHE_HMAC_SECRET: 'shutdown-test-secret-of-at-least-32-characters',
      // A production client registry: one API client, stored as the SHA-256 of its key.
      API_CLIENTS: JSON.stringify([
        {
          id: 'shutdown-test',
          keySha256: sha256Hex(API_KEY),
          scopes: ['dukcapil:read', 'pii:read'],
        },
      ]),
      AUDIT_HMAC_SECRET: 'shutdown-test-audit-secret-of-32-characters',
      AUDIT_LOG_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'mpp-audit-')), 'audit.jsonl'),
      PERSISTED_QUERIES: 'apq',
      DUKCAPIL_TIMEOUT_MS: '10000',
      REQUEST_DEADLINE_MS: '15000',
      SHUTDOWN_DRAIN_MS: '15000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) =>
    child!.once('exit', (code) => resolve(code)),
  );

  await waitFor(
    'the child gateway to be ready',
    async () => (await readyz(url)) === 200,
    40_000,
    100,
  );

  mocks.agencies.dukcapil.faults.set('*', { latencyMs: 2_000 });
  mocks.agencies.dukcapil.calls.reset();
  const query = fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': API_KEY,
      'x-officer-id': 'officer-1',
      'x-purpose': 'CASE-1',
    },
    body: JSON.stringify({
      query: 'query Slow($nik: String!) { citizen(nik: $nik) { fullName } }',
      variables: { nik: mocks.dataset.fixtures.everyServiceHeadNik },
    }),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as { data?: unknown } }));
  await waitFor('the slow Dukcapil call', () => mocks.agencies.dukcapil.calls.total() > 0);

  child.kill('SIGTERM');
  // Probes are still answered during the drain, with 503.
  await waitFor('/readyz to turn 503', async () => (await readyz(url)) === 503, 5_000, 20);
  const health = await fetch(`${url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', phase: 'draining' });

  const answer = await query;
  expect(answer.status).toBe(200);
  expect(answer.body.data).toEqual({ citizen: { fullName: expect.any(String) } });
  expect(await exited).toBe(0);
  expect(await readyz(url)).toBe('down');

  const log = output.join('');
  const order = ['listening: starting', 'MPP Gateway ready', 'shutting down', '"msg":"stopped"'];
  const at = order.map((m) => log.indexOf(m));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  // The drained query was logged as a normal, successful request.
  expect(log).toMatch(/"operation":"Slow","outcome":"ok","httpStatus":200/);
}, 60_000);
