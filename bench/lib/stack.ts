import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  freePort,
  freePortRange,
  httpStatus,
  sleep,
  startChild,
  waitFor,
  type Child,
} from './processes';

/** The agencies, in the order `dist/mocks/main.js` assigns ports from MOCK_PORT_BASE. */
export const AGENCIES = [
  'dukcapil',
  'bpkd',
  'pdam',
  'bpjs-kesehatan',
  'bpjs-ketenagakerjaan',
] as const;
export type Agency = (typeof AGENCIES)[number];

/** Environment prefix of each connector (README "Configuration"). */
export const PREFIX: Record<Agency, string> = {
  dukcapil: 'DUKCAPIL',
  bpkd: 'BPKD',
  pdam: 'PDAM',
  'bpjs-kesehatan': 'BPJS_KESEHATAN',
  'bpjs-ketenagakerjaan': 'BPJS_KETENAGAKERJAAN',
};

/** `npm run build`, then the SDL files beside dist/src/schema/index.js if the build left them out. */
export function build(root: string): { schemaCopied: boolean } {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const from = path.join(root, 'src/schema');
  const to = path.join(root, 'dist/src/schema');
  let schemaCopied = false;
  for (const file of readdirSync(from).filter((f) => f.endsWith('.graphql'))) {
    if (!existsSync(path.join(to, file))) {
      copyFileSync(path.join(from, file), path.join(to, file));
      schemaCopied = true;
    }
  }
  return { schemaCopied };
}

export interface Mocks {
  child: Child;
  urls: Record<Agency, string>;
  /** What the mocks print for a gateway: URLs and credentials. */
  env: Record<string, string>;
  calls(): Promise<Record<Agency, Record<string, number>>>;
  resetCalls(): Promise<void>;
  setFault(agency: Agency, endpoint: string, fault: object): Promise<void>;
  clearFaults(agency: Agency): Promise<void>;
}

/** Ports reserved for `dist/mocks/main.js` (one per registered mock, with room to spare). */
const MOCK_PORTS = 12;

/**
 * `KEY=value` lines as the mocks print them; a PEM value (DISNAKER_PRIVATE_KEY) spans lines
 * up to its `-----END ...-----` line.
 */
export function parseEnvLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  let pem: { key: string; lines: string[] } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (pem) {
      pem.lines.push(line);
      if (line.startsWith('-----END')) {
        env[pem.key] = `${pem.lines.join('\n')}\n`;
        pem = undefined;
      }
      continue;
    }
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    if (match[2]!.startsWith('-----BEGIN')) pem = { key: match[1]!, lines: [match[2]!] };
    else env[match[1]!] = match[2]!;
  }
  return env;
}

/** Starts the five mock agencies as one process (zero added latency) and reads its env lines. */
export async function startMocks(root: string): Promise<Mocks> {
  // Every registered mock takes a port from the base, not only the five the scenarios use.
  const base = await freePortRange(MOCK_PORTS);
  const child = startChild({
    name: 'mocks',
    command: process.execPath,
    args: ['dist/mocks/main.js'],
    cwd: root,
    env: { MOCK_PORT_BASE: String(base), NODE_ENV: 'production' },
  });
  await waitFor('mock agencies', () => child.output().includes('Environment for a gateway'), {
    child,
  });
  // The settings follow the header in one synchronous loop; wait until the output settles.
  for (let last = -1; child.output().length !== last;) {
    last = child.output().length;
    await sleep(300);
  }
  const env = parseEnvLines(child.output());
  const urls = Object.fromEntries(
    AGENCIES.map((a) => [a, env[`${PREFIX[a]}_BASE_URL`] ?? ''] as const),
  ) as Record<Agency, string>;
  for (const a of AGENCIES)
    if (!urls[a]) throw new Error(`mocks did not print ${PREFIX[a]}_BASE_URL`);

  const admin = async (agency: Agency, method: string, p: string, body?: object) => {
    const res = await fetch(`${urls[agency]}/__admin/${p}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    });
    if (!res.ok) throw new Error(`${agency} admin ${method} ${p}: HTTP ${res.status}`);
    return res.json() as Promise<unknown>;
  };
  return {
    child,
    urls,
    env,
    async calls() {
      const out = {} as Record<Agency, Record<string, number>>;
      for (const a of AGENCIES) {
        out[a] = ((await admin(a, 'GET', 'calls')) as { calls: Record<string, number> }).calls;
      }
      return out;
    },
    async resetCalls() {
      for (const a of AGENCIES) await admin(a, 'POST', 'calls/reset');
    },
    async setFault(agency, endpoint, fault) {
      await admin(agency, 'PUT', `faults/${encodeURIComponent(endpoint)}`, fault);
    },
    async clearFaults(agency) {
      await admin(agency, 'DELETE', 'faults');
    },
  };
}

/** The benchmark's API client key (a fresh one per run). */
export const BENCH_API_KEY = `bench-${randomBytes(18).toString('base64url')}`;

/** What every benchmark request to the gateway carries: the client, officer and purpose. */
export const BENCH_CLIENT_HEADERS = {
  'x-api-key': BENCH_API_KEY,
  'x-officer-id': 'bench-officer',
  'x-purpose': 'BENCH-RUN',
};

/**
 * Production settings for one benchmark run: cache secrets, the client registry (one client
 * with every read scope) and the audit log on a temporary file. Never reused. The rate limit
 * is lifted (the load generator is one client far above a counter's pace); persisted queries
 * use APQ (the allow-list needs a front end's manifest).
 */
export const RUN_SECRETS = {
  CACHE_HMAC_SECRET: randomBytes(32).toString('base64'),
  CACHE_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  API_CLIENTS: JSON.stringify([
    {
      id: 'bench',
      keySha256: createHash('sha256').update(BENCH_API_KEY).digest('hex'),
      scopes: [
        'dukcapil:read',
        'bpkd:read',
        'pdam:read',
        'bpjs-kesehatan:read',
        'bpjs-ketenagakerjaan:read',
        'imigrasi:read',
        'pii:read',
        'ops:read',
      ],
    },
  ]),
  AUDIT_HMAC_SECRET: randomBytes(32).toString('base64'),
  AUDIT_LOG_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'mpp-bench-audit-')), 'audit.jsonl'),
  // Production's audit sink is the local spool: its keys and a folder of the run's own.
  AUDIT_SPOOL_DIR: mkdtempSync(path.join(tmpdir(), 'mpp-bench-spool-')),
  AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'der', type: 'pkcs8' })
    .toString('base64'),
  AUDIT_MAC_KEY: randomBytes(32).toString('base64'),
  // Production refuses to start without it (opaque record ids); one per run like the others.
  ID_SECRET: randomBytes(32).toString('base64'),
  PERSISTED_QUERIES: 'apq',
  RATE_LIMIT_BURST: '100000',
  RATE_LIMIT_PER_SECOND: '100000',
  // The mocks listen on loopback http and accept only their published credentials, which a
  // production start refuses unless told explicitly (README "Configuration").
  ACCEPT_MOCK_CREDENTIALS: 'true',
  ...Object.fromEntries(
    [...Object.values(PREFIX), 'IMIGRASI', 'BEA_CUKAI', 'DISNAKER'].map((prefix) => [
      `${prefix}_ALLOW_HTTP`,
      'true',
    ]),
  ),
};

export interface Gateway {
  child: Child;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the production bundle (`node dist/src/main.js`, NODE_ENV=production, LOG_LEVEL=warn)
 * against the mocks, with `extraEnv` on top; resolves once /readyz answers 200.
 */
export async function startGateway(
  root: string,
  mocks: Mocks,
  extraEnv: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Gateway> {
  const port = await freePort();
  const child = startChild({
    name: 'gateway',
    command: process.execPath,
    args: [...nodeArgs, 'dist/src/main.js'],
    cwd: root,
    env: {
      ...mocks.env,
      ...RUN_SECRETS,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...extraEnv,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('gateway /readyz', async () => (await httpStatus(`${url}/readyz`)) === 200, {
    child,
  });
  return { child, url, stop: () => child.stop(15_000) };
}

/** A throwaway redis-server on a free loopback port, without persistence. */
export async function startRedis(): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const bin = process.env.REDIS_BIN ?? 'redis-server';
  const child = startChild({
    name: 'redis',
    command: bin,
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  });
  await waitFor('redis-server', () => child.output().includes('Ready to accept connections'), {
    child,
  });
  return { child, url: `redis://127.0.0.1:${port}` };
}

/** The ceiling server (bench/ceiling/server.ts) as its own process. */
export async function startCeiling(root: string): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = startChild({
    name: 'ceiling',
    command: process.execPath,
    args: ['--import', 'tsx', 'bench/ceiling/server.ts'],
    cwd: root,
    env: { PORT: String(port), NODE_ENV: 'production' },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('ceiling', () => child.output().includes('ceiling listening'), { child });
  return { child, url };
}

/**
 * The peer: `mesh-compose` builds a supergraph from the PDAM mock's OpenAPI description, then
 * Hive Gateway (one process, `--fork 1`) serves it. Throws with the tool's output when either
 * step fails, so the caller can report the peer as not measured.
 */
export async function startPeer(
  root: string,
  mocks: Mocks,
): Promise<{ child: Child; url: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mpp-bench-peer-'));
  const supergraph = path.join(dir, 'supergraph.graphql');
  const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
  execFileSync(bin('mesh-compose'), ['-o', supergraph], {
    cwd: path.join(root, 'bench/peer'),
    env: {
      ...process.env,
      PEER_PDAM_OPENAPI_URL: `${mocks.urls.pdam}/openapi.json`,
      PEER_PDAM_BASE_URL: mocks.urls.pdam,
      PEER_PDAM_API_KEY: mocks.env.PDAM_API_KEY ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const port = await freePort();
  // Started from an empty folder so that it picks up no config file of ours.
  const child = startChild({
    name: 'peer (hive-gateway)',
    command: bin('hive-gateway'),
    args: ['supergraph', supergraph, '--host', '127.0.0.1', '--port', String(port), '--fork', '1'],
    cwd: dir,
    env: { NODE_ENV: 'production' },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('peer', async () => (await httpStatus(`${url}/healthcheck`)) === 200, {
    child,
    timeoutMs: 60_000,
  });
  return { child, url };
}
