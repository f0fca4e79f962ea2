/**
 * `npm run scale-test` (NOT part of `npm test`; takes a few minutes): three production gateway
 * instances behind nginx (deploy/nginx/mpp-gateway.conf) sharing a six-node Redis Cluster, all
 * on loopback free ports, with the mock agencies in this process; runs the failure table of
 * issue 15 under bounded load and writes bench/results/scale/<stamp>.json and .md.
 *
 *   npm run scale-test               instances run `node --import tsx src/main.ts` (no --dev)
 *   npm run scale-test -- --built    instances run `node dist/src/main.js` (npm run build first)
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMocks, type RunningMocks } from '../mocks';
import { registry } from '../src/connectors/registry';
import { runAuditVerify } from '../src/security/audit/verify-run';
import { buildManifest } from '../src/security/build-manifest';
import { TestCluster } from './scale/cluster';
import { Balancer, Instance } from './scale/fleet';
import { runLoad, window, type LoadResult } from './scale/load';
import { freePort, sleep, waitUntil } from './scale/util';

const ROOT = path.resolve(__dirname, '..');
const LOAD_KEY = `scale-load-${randomBytes(12).toString('hex')}`;
/** The officer's headers every personal-data request carries (the audit records them). */
const LOAD_HEADERS = {
  'x-api-key': LOAD_KEY,
  'x-officer-id': 'scale-officer',
  'x-purpose': 'SCALE-1',
};
const LIMITED_KEY = `scale-limited-${randomBytes(12).toString('hex')}`;
/** The rate-limited client's budget: 20 at once + 1/s, i.e. 40 over the 20 s outage. */
const LIMITED = { capacity: 20, refillPerSecond: 1 };
const CONCURRENCY = 12;

/** The front end's operations: production runs only what its allow-list manifest holds. */
const OPERATIONS = {
  citizen: 'query Scale($nik: String!) { citizen(nik: $nik) { fullName } }',
  water: 'query Water($c: String!) { waterAccount(customerNumber: $c) { customerNumber } }',
  ping: 'query Ping { __typename }',
};

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

interface Scenario {
  name: string;
  expectation: string;
  result: Record<string, unknown>;
  pass: boolean;
}

async function main(): Promise<void> {
  const built = process.argv.includes('--built');
  const work = mkdtempSync(path.join(tmpdir(), 'mpp-scale-'));
  const scenarios: Scenario[] = [];
  let mocks: RunningMocks | undefined;
  const cluster = new TestCluster(work);
  const instances: Instance[] = [];
  const balancer = new Balancer(path.join(work, 'nginx'));
  try {
    log('starting the mock agencies and a six-node Redis Cluster');
    mocks = await startMocks();
    await cluster.start();

    const signing = generateKeyPairSync('ed25519');
    const macKey = randomBytes(32).toString('base64');
    const publicKeys = path.join(work, 'audit-public.pem');
    writeFileSync(publicKeys, signing.publicKey.export({ type: 'spki', format: 'pem' }));
    const operations = path.join(work, 'operations');
    mkdirSync(operations);
    writeFileSync(path.join(operations, 'scale.graphql'), Object.values(OPERATIONS).join('\n'));
    const manifest = path.join(work, 'manifest.json');
    const allowList = buildManifest([operations]);
    writeFileSync(manifest, JSON.stringify(allowList.manifest));
    /** A request as Apollo Client's persisted-query link sends it: the hash, not the text. */
    const persisted = (operationName: string, variables: Record<string, string> = {}) => ({
      operationName,
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: allowList.names[operationName] } },
    });
    const scopes = [...registry.map((d) => `${d.key}:read`), 'pii:read', 'ops:read', 'audit:read'];
    const env: Record<string, string> = {
      ...mocks.env,
      ACCEPT_MOCK_CREDENTIALS: 'true',
      ...Object.fromEntries(registry.map((d) => [`${d.envPrefix}_ALLOW_HTTP`, 'true'])),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
      GATEWAY_INSTANCES: '3',
      PERSISTED_QUERY_MANIFEST: manifest,
      CACHE_HMAC_SECRET: randomBytes(32).toString('base64'),
      CACHE_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      AUDIT_HMAC_SECRET: randomBytes(32).toString('base64'),
      // The production audit: each instance's signed spool, shipped to the Cluster's stream.
      AUDIT_SIGNING_KEY: signing.privateKey
        .export({ format: 'der', type: 'pkcs8' })
        .toString('base64'),
      AUDIT_MAC_KEY: macKey,
      ID_SECRET: randomBytes(32).toString('base64'),
      API_CLIENTS: JSON.stringify([
        {
          id: 'scale-load',
          keySha256: sha(LOAD_KEY),
          scopes,
          rateLimit: { capacity: 100_000, refillPerSecond: 100_000 },
        },
        { id: 'scale-limited', keySha256: sha(LIMITED_KEY), scopes, rateLimit: LIMITED },
      ]),
      // PDAM answers are not cached, so every PDAM query reaches the agency (retry budget).
      PDAM_CACHE_FRESH_S: '0',
      PDAM_CACHE_SWR_S: '0',
      PDAM_CACHE_STALE_IF_ERROR_S: '0',
      PDAM_CACHE_NEGATIVE_S: '0',
    };
    const command = built
      ? [process.execPath, 'dist/src/main.js']
      : [process.execPath, '--import', 'tsx', 'src/main.ts'];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      instances.push(
        new Instance(port, { ...env, AUDIT_SPOOL_DIR: path.join(work, `spool-${port}`) }, command),
      );
    }
    log(`starting three production instances (${built ? 'dist' : 'tsx'})`);
    for (const instance of instances) await instance.start();
    await balancer.start(instances.map((i) => i.port));
    log(`nginx on ${balancer.url}`);

    const residents = mocks.dataset.residents.slice(0, 300).map((r) => r.nik);
    /** Answers that carried personal data: each must have its audit record. */
    let personalServed = 0;
    const counted = async (loading: Promise<LoadResult>) => {
      const result = await loading;
      personalServed += result.served;
      return result;
    };
    const citizenLoad = (durationMs: number, maxRequests = 200_000) =>
      counted(
        runLoad({
          url: `${balancer.url}/graphql`,
          headers: LOAD_HEADERS,
          body: (i) => persisted('Scale', { nik: residents[i % residents.length]! }),
          served: (status, body) =>
            status === 200 &&
            typeof (body as { data?: { citizen?: { fullName?: unknown } } })?.data?.citizen
              ?.fullName === 'string',
          concurrency: CONCURRENCY,
          durationMs,
          maxRequests,
        }),
      );

    log('warm-up and baseline');
    await citizenLoad(4_000);
    const baseline = await citizenLoad(6_000);
    scenarios.push({
      name: 'baseline (cache warm, no faults)',
      expectation: 'every request served',
      result: brief(baseline),
      pass: baseline.failed === 0,
    });

    // --- 1. A Cluster master killed under load --------------------------------------------
    {
      log('scenario: a Redis Cluster master killed under load');
      const victim = (await cluster.masters())[0]!;
      const readiness = trackReadiness(instances);
      const loading = citizenLoad(15_000);
      await sleep(3_000);
      cluster.kill(victim, 'SIGKILL');
      const result = await loading;
      const ready = await readiness.stop();
      await cluster.waitHealthy(30_000);
      const recovered = await waitReady(instances, 15_000);
      await cluster.restart(victim);
      scenarios.push({
        name: 'Redis Cluster master killed (SIGKILL) under load',
        expectation:
          '0 failed; every /readyz 200 throughout (degraded while it fails over); recovery without intervention',
        result: { ...brief(result), readyz: ready, recoveredToReady: recovered },
        pass: result.failed === 0 && ready.non200 === 0 && recovered,
      });
      await cluster.waitHealthy(30_000);
    }

    // --- 2. Redis hung (SIGSTOP every node) for 6 s ----------------------------------------
    {
      log('scenario: Redis SIGSTOP for 6 s');
      const readiness = trackReadiness(instances);
      const loading = citizenLoad(16_000);
      await sleep(5_000);
      const stoppedAt = 5_000;
      for (const n of cluster.live()) cluster.kill(n, 'SIGSTOP');
      await sleep(6_000);
      for (const n of cluster.live()) cluster.kill(n, 'SIGCONT');
      const result = await loading;
      const ready = await readiness.stop();
      const before = window(result, 0, stoppedAt);
      const during = window(result, stoppedAt, stoppedAt + 6_000);
      await cluster.waitHealthy(30_000);
      scenarios.push({
        name: 'Redis hung: every node SIGSTOP for 6 s under load',
        expectation:
          'throughput during ≥ half of before; p99 within the 5 s request deadline; 0 failed; /readyz 200 (degraded)',
        result: {
          ...brief(result),
          before: brief(before),
          during: brief(during),
          throughputRatio: round(during.rps / Math.max(1, before.rps)),
          readyz: ready,
        },
        pass:
          during.rps >= before.rps / 2 &&
          during.p99Ms < 5_000 &&
          result.failed === 0 &&
          ready.non200 === 0,
      });
    }

    // --- 3. One instance SIGTERM'd under load through plain nginx round robin ------------
    {
      log('scenario: one instance SIGTERM under load');
      const victim = instances[1]!;
      const loading = citizenLoad(16_000);
      await sleep(3_000);
      const exitCode = await victim.terminate();
      const result = await loading;
      await victim.start();
      scenarios.push({
        name: 'one instance SIGTERM under load (nginx round robin, no POST retries)',
        expectation: '0 failed; the instance exits 0',
        result: { ...brief(result), exitCode },
        pass: result.failed === 0 && exitCode === 0,
      });
    }

    // --- 4. PDAM failing 50 % and 75 % -----------------------------------------------------
    for (const rate of [0.5, 0.75]) {
      log(`scenario: PDAM failing ${rate * 100} %`);
      const pdam = mocks.agencies.pdam;
      await fetch(`${pdam.url}/__admin/faults/*`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 503, rate }),
      });
      await fetch(`${pdam.url}/__admin/calls/reset`, { method: 'POST' });
      const logMarks = instances.map((i) => i.log.length);
      const accounts = [...mocks.dataset.waterAccounts.keys()];
      const result = await counted(
        runLoad({
          url: `${balancer.url}/graphql`,
          headers: LOAD_HEADERS,
          body: (i) => persisted('Water', { c: accounts[i % accounts.length]! }),
          served: (status, body) =>
            status === 200 &&
            typeof (body as { data?: { waterAccount?: { customerNumber?: unknown } } })?.data
              ?.waterAccount?.customerNumber === 'string',
          concurrency: 8,
          durationMs: 8_000,
          maxRequests: 50_000,
        }),
      );
      const calls = (await (await fetch(`${pdam.url}/__admin/calls`)).json()) as { total: number };
      await fetch(`${pdam.url}/__admin/faults`, { method: 'DELETE' });
      const opens = instances.reduce((n, inst, k) => n + inst.breakerOpens('pdam', logMarks[k]), 0);
      // Queries refused by an open breaker make no call: calls per query that reached PDAM.
      const httpOk = result.byStatus['200'] ?? 0;
      const perQuery = round(calls.total / Math.max(1, result.requests));
      scenarios.push({
        name: `PDAM failing ${rate * 100} % of calls (RETRIES=2, budget 20 % + 3/s)`,
        expectation:
          rate === 0.5
            ? 'upstream calls per query ≤ 1 + retry budget (1.2, plus the 3/s floor)'
            : 'share of queries served reported; the breaker opens on request outcomes',
        result: {
          queries: result.requests,
          http200: httpOk,
          served: result.served,
          servedShare: round(result.served / Math.max(1, result.requests)),
          pdamCalls: calls.total,
          upstreamCallsPerQuery: perQuery,
          breakerOpens: opens,
          rps: result.rps,
        },
        // Vacuous without traffic: PDAM must have been called and some queries served.
        pass:
          calls.total > 0 &&
          result.served > 0 &&
          (rate === 0.5
            ? perQuery <= 1.2 + (3 * 3 * 10) / Math.max(1, result.requests) + 0.05
            : true),
      });
      await sleep(6_000); // breakers close again (reset 5 s) before the next scenario
    }

    // --- 5. Redis outage: one client's admitted requests across instances ---------------
    {
      log('scenario: rate-limit budget during a 20 s Redis outage');
      for (const n of cluster.live()) cluster.kill(n, 'SIGSTOP');
      await waitUntil(
        'every instance degraded',
        async () =>
          (await Promise.all(instances.map((i) => i.readyz()))).every(
            (r) => r.status === 'degraded',
          ),
        10_000,
      );
      const result = await runLoad({
        url: `${balancer.url}/graphql`,
        headers: { 'x-api-key': LIMITED_KEY },
        body: () => persisted('Ping'),
        served: (status) => status === 200,
        concurrency: 2,
        durationMs: 20_000,
        maxRequests: 400,
        pauseMs: 200, // 10 req/s in total
      });
      for (const n of cluster.live()) cluster.kill(n, 'SIGCONT');
      const budget = LIMITED.capacity + LIMITED.refillPerSecond * 20;
      // Documented tolerance: flooring each instance's share, plus one refill step each.
      const tolerance = 3;
      scenarios.push({
        name: 'Redis outage (all nodes hung 20 s): one client, budget 20 + 1/s, through nginx',
        expectation: `admitted ≤ budget (${budget}) + tolerance (${tolerance}); GATEWAY_INSTANCES=3`,
        result: {
          requests: result.requests,
          admitted: result.byStatus['200'] ?? 0,
          limited429: result.byStatus['429'] ?? 0,
          budget,
          tolerance,
        },
        // At least each instance's share of the burst must get through, or nothing was measured.
        pass:
          (result.byStatus['200'] ?? 0) <= budget + tolerance &&
          (result.byStatus['200'] ?? 0) >= LIMITED.capacity / 2,
      });
      await cluster.waitHealthy(30_000);
    }

    // --- 6. The audit after all of it: every chain intact, no personal-data answer unrecorded
    {
      log('scenario: audit spools and the Cluster stream verified');
      const exits = await Promise.all(instances.map((i) => i.terminate()));
      const spools = instances.map((i) => ['--spool', path.join(work, `spool-${i.port}`)]).flat();
      const verdict = await runAuditVerify(
        [
          ...spools,
          '--cluster',
          cluster
            .live()
            .map((n) => `127.0.0.1:${n.port}`)
            .join(','),
          '--public-keys',
          publicKeys,
        ],
        { AUDIT_MAC_KEY: macKey },
      );
      const records = verdict.lines
        .map((l) => /^OK: .*?: (\d+) records/.exec(l)?.[1])
        .reduce((n, c) => n + Number(c ?? 0), 0);
      scenarios.push({
        name: 'audit after every scenario: three spools and the Cluster stream (npm run audit:verify --cluster)',
        expectation:
          'every chain intact (exit 0); audit records ≥ personal-data answers served; instances exit 0',
        result: {
          verifyExit: verdict.code,
          records,
          personalDataAnswers: personalServed,
          instanceExits: exits,
          lines: verdict.lines.map((l) => l.replace(/\/tmp\/[^ )]+/g, '<spool>')),
        },
        pass:
          verdict.code === 0 &&
          personalServed > 0 &&
          records >= personalServed &&
          exits.every((c) => c === 0),
      });
    }
  } finally {
    log('stopping');
    await balancer.stop().catch(() => undefined);
    await Promise.all(instances.map((i) => i.terminate().catch(() => null)));
    await cluster.stop();
    await mocks?.stop();
    rmSync(work, { recursive: true, force: true });
    writeReport(scenarios, built);
  }
}

function brief(r: LoadResult) {
  return {
    requests: r.requests,
    served: r.served,
    failed: r.failed,
    byStatus: r.byStatus,
    rps: r.rps,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Polls every instance's /readyz every 250 ms; counts what a balancer would have seen. */
function trackReadiness(instances: Instance[]) {
  const counts = { polls: 0, non200: 0, degraded: 0, reasons: new Set<string>() };
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const r of await Promise.all(instances.map((i) => i.readyz()))) {
        counts.polls++;
        if (r.code !== 200) counts.non200++;
        if (r.status === 'degraded') {
          counts.degraded++;
          for (const reason of r.degraded ?? [])
            counts.reasons.add(reason.replace(/\d+/g, 'N').slice(0, 80));
        }
      }
      await sleep(250);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return {
        polls: counts.polls,
        non200: counts.non200,
        degraded: counts.degraded,
        reasons: [...counts.reasons].slice(0, 5),
      };
    },
  };
}

async function waitReady(instances: Instance[], timeoutMs: number): Promise<boolean> {
  try {
    await waitUntil(
      'every instance ready (not degraded)',
      async () =>
        (await Promise.all(instances.map((i) => i.readyz()))).every((r) => r.status === 'ready'),
      timeoutMs,
    );
    return true;
  } catch {
    return false;
  }
}

function writeReport(scenarios: Scenario[], built: boolean): void {
  const dir = path.join(ROOT, 'bench/results/scale');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const report = {
    generatedAt: new Date().toISOString(),
    instances: 3,
    redis: '6-node cluster (3+3)',
    balancer: 'nginx round robin, passive checks, no POST retries',
    entry: built ? 'dist' : 'tsx',
    scenarios,
  };
  writeFileSync(path.join(dir, `${stamp}.json`), JSON.stringify(report, null, 2) + '\n');
  const md = [
    `# Scale test, ${report.generatedAt}`,
    '',
    `Three production instances (${report.entry}) behind nginx (deploy/nginx/mpp-gateway.conf), a six-node Redis Cluster, mock agencies; loopback, bounded load. Raw numbers: \`${stamp}.json\`.`,
    '',
    '| scenario | expectation | result | pass |',
    '| --- | --- | --- | --- |',
    ...scenarios.map(
      (s) =>
        `| ${s.name} | ${s.expectation} | ${mdResult(s.result)} | ${s.pass ? 'yes' : '**no**'} |`,
    ),
    '',
  ].join('\n');
  writeFileSync(path.join(dir, `${stamp}.md`), md);
  console.log(md);
}

function mdResult(result: Record<string, unknown>): string {
  return Object.entries(result)
    .map(
      ([k, v]) =>
        `${k}: ${typeof v === 'object' ? JSON.stringify(v).replace(/\|/g, '/') : String(v)}`,
    )
    .join('<br>');
}

function log(message: string): void {
  console.error(`[scale-test ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('scale test failed:', err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
