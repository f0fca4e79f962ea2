/**
 * `npm run bench`: builds the production bundle, starts the mock agencies, the gateway and the
 * baselines as separate processes, drives each scenario with autocannon and writes the table
 * to bench/results/ (<date>.json/.md, latest.json/.md). See docs/benchmark.md.
 *
 * Flags: --quick (3 s runs, 1 s warm-up), --profile (CPU profiles of scenarios 1 and 2 only),
 * --no-build, --no-peer, --only s8 (only the named scenarios; written to bench/results/partial/). Environment: BENCH_DURATION_S (10), BENCH_WARMUP_S (3),
 * BENCH_CONNECTIONS (16), REDIS_BIN (redis-server).
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphqlErrorLabel, runLoad, type LoadResult, type LoadSpec } from './lib/load';
import { runPaymentScenario } from './lib/payments';
import { httpStatus, rssMb, sampleRss, sleep, type Child } from './lib/processes';
import {
  machine,
  markdownTable,
  markdownTenancy,
  markdownVerdicts,
  writeReport,
  type Report,
  type Row,
  type TenancyRun,
} from './lib/report';
import {
  AGENCIES,
  PREFIX,
  BENCH_CLIENT_HEADERS,
  RUN_SECRETS,
  build,
  startCeiling,
  startGateway,
  startMocks,
  startPeer,
  startRedis,
  type Gateway,
  type Mocks,
} from './lib/stack';
import {
  FAMILY_QUERY,
  HEALTH_QUERY,
  PEER_WATER_QUERY,
  WATER_QUERY,
  gqlBody,
  loadWorkload,
  type FamilyCase,
  type Workload,
} from './lib/workload';
import { summarizeProfile, renderSummary } from './profile-summary';
import { evaluate } from './lib/targets';
import { loadHistory, markdownHistory, writeHistoryInto } from './lib/history';
import {
  clientsOfTenants,
  deploymentEnv,
  generateDeployment,
  mockRegionalTargets,
  tenantId,
} from './lib/tenancy';

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'bench/results');

interface Options {
  durationS: number;
  warmupS: number;
  connections: number;
  quick: boolean;
  profile: boolean;
  heap: boolean;
  build: boolean;
  peer: boolean;
  /** `--only s8[,...]`: run only these scenarios (see SELECTABLE). Default: every scenario. */
  only?: string[];
}

function options(argv: string[], env: NodeJS.ProcessEnv): Options {
  const quick = argv.includes('--quick');
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
    return n;
  };
  return {
    durationS: num('BENCH_DURATION_S', quick ? 3 : 10),
    warmupS: num('BENCH_WARMUP_S', quick ? 1 : 3),
    connections: Math.round(num('BENCH_CONNECTIONS', 16)),
    quick,
    profile: argv.includes('--profile'),
    heap: argv.includes('--heap'),
    build: !argv.includes('--no-build'),
    peer: !argv.includes('--no-peer'),
    only: onlyFlag(argv),
  };
}

/** `--only s8` or `--only=s8,...`. */
function onlyFlag(argv: string[]): string[] | undefined {
  const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) return undefined;
  const raw = argv[at]!.startsWith('--only=') ? argv[at]!.slice('--only='.length) : argv[at + 1];
  const ids = (raw ?? '').split(',').filter(Boolean);
  const unknown = ids.filter((id) => !(id in SELECTABLE));
  if (ids.length === 0 || unknown.length)
    throw new Error(
      `--only takes scenario ids among ${Object.keys(SELECTABLE).join(', ')} (got "${raw ?? ''}")`,
    );
  return ids;
}

/** Every connector's cache off for reads: nothing fresh, nothing to revalidate, no negatives. */
const COLD_CACHE_ENV: Record<string, string> = Object.fromEntries(
  AGENCIES.flatMap((a) => [
    [`${PREFIX[a]}_CACHE_FRESH_S`, '0'],
    [`${PREFIX[a]}_CACHE_SWR_S`, '0'],
    [`${PREFIX[a]}_CACHE_NEGATIVE_S`, '0'],
  ]),
);

/** Every GraphQL request of the run (the ceiling and the peer ignore the client headers). */
const JSON_HEADERS = { 'content-type': 'application/json', ...BENCH_CLIENT_HEADERS };

/** Scenario 6: latency added to every agency endpoint (mock admin fault `latencyMs`). */
const AGENCY_LATENCY_MS = 20;
/**
 * Scenario 6: dependent agency round trips of the full citizen view: the NIK, then family /
 * tax objects / accounts, then the members' insurance, bills and inquiries (issue 19).
 */
const DEPENDENT_ROUND_TRIPS = 3;

/** Scenario 8: MPPs of the generated deployment (issue 18: every MPP in Indonesia). */
const TENANTS = 272;
/**
 * Scenario 8: the regional connectors built into the gateway, by env prefix; each MPP gets an
 * instance of each (the manpower office's connector is not regional yet, so two, not three).
 */
const REGIONAL_PREFIXES = { bpkd: 'BPKD', pdam: 'PDAM' };
/** Scenario 8: the caller's MPP, one in the middle of the deployment file. */
const CALLER_TENANT = tenantId(Math.floor(TENANTS / 2));

/** Families the scenario 3 cold runs cycle through (fewer than one run answers). */
const MEMORY_FAMILIES = 120;

/** What a gateway answer must look like for the sample check. */
function expectData(field: string) {
  return (body: string) => {
    const parsed = JSON.parse(body) as { data?: Record<string, unknown> };
    if (!parsed.data?.[field]) throw new Error(`no data.${field} in ${body.slice(0, 200)}`);
  };
}

class Bench {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];
  memoryRuns: number[] | undefined;
  peerError: string | undefined;
  tenancy: TenancyRun[] | undefined;

  constructor(
    readonly opts: Options,
    readonly mocks: Mocks,
    readonly work: Workload,
  ) {}

  /** Warm-up (unmeasured), then the measured run with RSS sampling and upstream call counts. */
  async measure(
    row: Omit<Row, 'result' | 'rssPeakMb' | 'callsPerQuery' | 'connections'>,
    spec: Omit<LoadSpec, 'durationS' | 'connections'> & { connections?: number },
    how: {
      process?: Child;
      countCalls?: boolean;
      warmup?: boolean;
      before?: () => Promise<void>;
      /** Lower bound of the measured run (s), for scenarios slower than a --quick run. */
      minDurationS?: number;
    } = {},
  ): Promise<Row> {
    const connections = spec.connections ?? this.opts.connections;
    if (how.warmup !== false) {
      await runLoad({ ...spec, connections, durationS: this.opts.warmupS });
      // Requests cut off by the end of the warm-up must not land in the measured counters.
      await sleep(1_000);
    }
    await how.before?.();
    await this.mocks.resetCalls();
    const rss = how.process ? sampleRss(how.process.pid) : undefined;
    const durationS = Math.max(this.opts.durationS, how.minDurationS ?? 0);
    const result = await runLoad({ ...spec, connections, durationS });
    const rssPeakMb = rss?.stop();
    const callsPerQuery = how.countCalls ? await this.callsPerQuery(result) : undefined;
    const full: Row = { ...row, connections, result, rssPeakMb, callsPerQuery };
    this.rows.push(full);
    console.log(
      `${row.id.padEnd(22)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(2)} ms` +
        `  p99 ${result.p99.toFixed(2)} ms  errors ${result.errors}` +
        (rssPeakMb ? `  rss ${rssPeakMb.toFixed(0)} MB` : ''),
    );
    return full;
  }

  private async callsPerQuery(result: LoadResult): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    // Per request sent: a request in flight when the run stopped has made its calls too.
    for (const [key, n] of Object.entries(await this.rawCalls()))
      out[key] = result.sent ? n / result.sent : 0;
    return out;
  }

  /** Raw totals since the last reset (for bound checks). */
  async rawCalls(): Promise<Record<string, number>> {
    const calls = await this.mocks.calls();
    const out: Record<string, number> = {};
    for (const agency of AGENCIES) {
      for (const [endpoint, n] of Object.entries(calls[agency])) {
        // The BPKD mock also counts every SOAP call under its service path; the operations
        // are what the bounds speak of.
        if (agency === 'bpkd' && !/^Get/.test(endpoint)) continue;
        out[`${agency}/${endpoint}`] = n;
      }
    }
    return out;
  }
}

/** Specs of the recurring loads. */
function waterSpec(
  url: string,
  pick: (i: number) => string,
): Omit<LoadSpec, 'durationS' | 'connections'> {
  return {
    url,
    method: 'POST',
    headers: JSON_HEADERS,
    path: () => '/graphql',
    body: (i) => gqlBody(WATER_QUERY, { n: pick(i) }),
    classify: graphqlErrorLabel,
    verify: expectData('waterAccount'),
  };
}

function familySpec(url: string, pick: (i: number) => FamilyCase, used?: FamilyCase[]) {
  return {
    url,
    method: 'POST' as const,
    headers: JSON_HEADERS,
    path: () => '/graphql',
    body: (i: number) => {
      const family = pick(i);
      used?.push(family);
      return gqlBody(FAMILY_QUERY, { nik: family.headNik });
    },
    classify: graphqlErrorLabel,
    verify: expectData('citizen'),
  };
}

async function withGateway<T>(
  mocks: Mocks,
  env: Record<string, string>,
  fn: (gw: Gateway) => Promise<T>,
  nodeArgs: string[] = [],
): Promise<T> {
  const gw = await startGateway(ROOT, mocks, env, nodeArgs);
  try {
    return await fn(gw);
  } finally {
    await gw.stop();
  }
}

/** `/metrics`' `mpp_tenant_requests_total` of one tenant (0 when absent). */
async function tenantRequests(gatewayUrl: string, tenant: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('mpp_tenant_requests_total{') && l.includes(`tenant="${tenant}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/**
 * Scenario 8 (issue 18): the warm lookup of scenario 2 on the default one-MPP gateway, then on
 * a gateway with a generated deployment file of TENANTS MPPs (every regional instance pointed at
 * the bench's mocks) whose client belongs to CALLER_TENANT. Start-up time and RSS (ready, after
 * the run) of each go to the report beside the rows.
 */
async function runTenancy(bench: Bench, mocks: Mocks, work: Workload): Promise<void> {
  const c = bench.opts.connections;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpp-bench-tenancy-'));
  const generated = generateDeployment(TENANTS, mockRegionalTargets(mocks.env, REGIONAL_PREFIXES));
  const instances = Object.keys(REGIONAL_PREFIXES).length;
  const cases = [
    { tenants: 1, tenant: 'langsa', env: {}, label: '1 MPP (no deployment file)' },
    {
      tenants: TENANTS,
      tenant: CALLER_TENANT,
      env: {
        ...deploymentEnv(dir, generated),
        API_CLIENTS: clientsOfTenants(RUN_SECRETS.API_CLIENTS, [CALLER_TENANT]),
      },
      label: `${TENANTS} MPPs (client of ${CALLER_TENANT})`,
    },
  ];
  const runs: TenancyRun[] = [];
  bench.tenancy = runs;
  try {
    for (const k of cases) {
      const started = performance.now();
      await withGateway(mocks, k.env, async (gw) => {
        const startupMs = performance.now() - started;
        const rssReadyMb = rssMb(gw.child.pid);
        const before = await tenantRequests(gw.url, k.tenant);
        const row = await bench.measure(
          {
            id: `s8-mpp${k.tenants}-c${c}`,
            scenario: `8: water account, warm, ${k.label}`,
            target: k.tenants === 1 ? 'gateway (memory)' : `gateway (memory, ${TENANTS} MPPs)`,
          },
          waterSpec(gw.url, () => work.warmWaterAccount),
          { process: gw.child, countCalls: true },
        );
        const rssAfterMb = rssMb(gw.child.pid);
        // The load must have been served for the caller's MPP, not the default one.
        const served = (await tenantRequests(gw.url, k.tenant)) - before;
        if (served < row.result.sent)
          throw new Error(
            `scenario 8: ${served} requests counted for tenant ${k.tenant}, ${row.result.sent} sent`,
          );
        runs.push({
          rowId: row.id,
          tenants: k.tenants,
          instances: k.tenants * instances,
          startupMs,
          rssReadyMb,
          rssAfterMb,
        });
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Scenarios `--only` can select (the others run only as part of the whole bench). */
const SELECTABLE: Record<string, (bench: Bench, mocks: Mocks, work: Workload) => Promise<void>> = {
  s8: runTenancy,
};

async function runAll(opts: Options, mocks: Mocks, work: Workload): Promise<Report> {
  const host = machine();
  const bench = new Bench(opts, mocks, work);
  const c = opts.connections;
  const rotateWater = (i: number) => work.waterAccounts[i % work.waterAccounts.length]!;
  const warmWater = () => work.warmWaterAccount;

  // Floor: the PDAM mock itself, same records as scenario 1.
  const apiKey = mocks.env.PDAM_API_KEY ?? '';
  const floorSpec: Omit<LoadSpec, 'durationS' | 'connections'> = {
    url: mocks.urls.pdam,
    method: 'GET',
    headers: { 'x-api-key': apiKey },
    path: (i) => `/api/v1/inquiry/${rotateWater(i)}`,
    classify: (body) => (body.startsWith('{"rc":"00"') ? undefined : 'rc-not-00'),
    verify: (body) => {
      if (!(JSON.parse(body) as { data?: unknown }).data) throw new Error('floor: no data');
    },
  };
  for (const conn of [c, 1]) {
    await bench.measure(
      { id: `floor-c${conn}`, scenario: 'floor: PDAM mock direct', target: 'PDAM mock' },
      { ...floorSpec, connections: conn },
      { process: mocks.child },
    );
  }

  // Ceiling: bare Apollo Server, static resolver.
  const ceiling = await startCeiling(ROOT);
  try {
    for (const conn of [c, 1]) {
      await bench.measure(
        {
          id: `ceiling-c${conn}`,
          scenario: 'ceiling: bare Apollo Server 5, static',
          target: 'ceiling',
        },
        { ...waterSpec(ceiling.url, warmWater), connections: conn },
        { process: ceiling.child },
      );
    }
  } finally {
    await ceiling.child.stop();
  }

  // Peer: Mesh (OpenAPI) + Hive Gateway, same lookup (no cache: every query calls PDAM).
  if (opts.peer) {
    let peer: Awaited<ReturnType<typeof startPeer>> | undefined;
    try {
      peer = await startPeer(ROOT, mocks);
    } catch (err) {
      bench.peerError = (err instanceof Error ? err.message : String(err)).slice(0, 2_000);
      console.error(`peer not measured: ${bench.peerError}`);
    }
    if (peer) {
      try {
        for (const conn of [c, 1]) {
          await bench.measure(
            { id: `peer-c${conn}`, scenario: 'peer: Mesh + Hive Gateway', target: 'Hive Gateway' },
            {
              url: peer.url,
              method: 'POST',
              headers: JSON_HEADERS,
              path: () => '/graphql',
              body: (i) => gqlBody(PEER_WATER_QUERY, { n: rotateWater(i) }),
              classify: graphqlErrorLabel,
              verify: expectData('inquiry'),
              connections: conn,
            },
            { process: peer.child, countCalls: true },
          );
        }
      } finally {
        await peer.child.stop();
      }
    }
  } else {
    bench.peerError = 'skipped (--no-peer)';
  }

  // Scenarios 2 and 3 (warm), in-memory cache with the default windows.
  await withGateway(mocks, {}, async (gw) => {
    for (const conn of [c, 1]) {
      await bench.measure(
        { id: `s2-warm-c${conn}`, scenario: '2: water account, warm', target: 'gateway (memory)' },
        { ...waterSpec(gw.url, warmWater), connections: conn },
        { process: gw.child, countCalls: true },
      );
    }
    const head = work.families.find((f) => f.headNik === work.warmFamilyHead)!;
    await bench.measure(
      { id: `s3-warm-c${c}`, scenario: '3: family full view, warm', target: 'gateway (memory)' },
      familySpec(gw.url, () => head),
      { process: gw.child, countCalls: true },
    );
  });

  // Scenarios 1 and 3 (cold): no cache read can answer; every query goes to the agencies.
  const verdictInputs: { familyCalls?: Record<string, number>; familyUsed?: FamilyCase[] } = {};
  await withGateway(mocks, COLD_CACHE_ENV, async (gw) => {
    for (const conn of [c, 1]) {
      await bench.measure(
        { id: `s1-cold-c${conn}`, scenario: '1: water account, cold', target: 'gateway (memory)' },
        { ...waterSpec(gw.url, rotateWater), connections: conn },
        { process: gw.child, countCalls: true },
      );
    }
    // Three identical runs on one process: memory growth check. They cycle through a fixed
    // set of families that the first run (with its warm-up) already covers, so the cache holds
    // the same entries after run 1 and any growth after that is not the cache filling up.
    const memoryFamilies = work.families.slice(0, MEMORY_FAMILIES);
    const peaks: number[] = [];
    for (let run = 1; run <= 3; run++) {
      const used: FamilyCase[] = [];
      const row = await bench.measure(
        {
          id: `s3-cold-c${c}-run${run}`,
          scenario: `3: family full view, cold (run ${run}/3)`,
          target: 'gateway (memory)',
        },
        familySpec(gw.url, (i) => memoryFamilies[i % memoryFamilies.length]!, used),
        { process: gw.child, countCalls: true, warmup: run === 1 },
      );
      peaks.push(row.rssPeakMb ?? 0);
      if (run === 1) {
        verdictInputs.familyCalls = await bench.rawCalls();
        verdictInputs.familyUsed = used;
      }
    }
    bench.memoryRuns = peaks;
  });

  // Scenario 6: every agency endpoint 20 ms slower, cold family view at c=1 and c=16, against
  // the dependency minimum (the dependent round trips times the latency, plus the floor).
  const floorP50 = bench.rows.find((r) => r.id === 'floor-c1')?.result.p50 ?? 0;
  const dependencyMinimumMs = DEPENDENT_ROUND_TRIPS * AGENCY_LATENCY_MS + floorP50;
  await withGateway(mocks, COLD_CACHE_ENV, async (gw) => {
    try {
      for (const agency of AGENCIES)
        await mocks.setFault(agency, '*', { latencyMs: AGENCY_LATENCY_MS });
      const families = work.families.slice(0, MEMORY_FAMILIES);
      for (const conn of [1, c]) {
        await bench.measure(
          {
            id: `s6-latency-c${conn}`,
            scenario: `6: family full view, cold, ${AGENCY_LATENCY_MS} ms per agency call`,
            target: 'gateway (memory)',
            dependencyMinimumMs,
          },
          { ...familySpec(gw.url, (i) => families[i % families.length]!), connections: conn },
          { process: gw.child, countCalls: true },
        );
      }
    } finally {
      for (const agency of AGENCIES) await mocks.clearFaults(agency);
    }
  });
  // Scenario 7: payments (in process: ledger + ISO 8583 link + bank mock, no added latency).
  for (const run of await runPaymentScenario([1, 16], opts.quick ? 50 : 200)) {
    const row: Row = {
      id: `s7-payment-c${run.connections}`,
      scenario: '7: PBB-P2 payment (inquiry + payment, SQLite ledger)',
      target: 'payment service + Bank Aceh mock (TCP)',
      connections: run.connections,
      result: run.result,
    };
    bench.rows.push(row);
    console.log(
      `${row.id.padEnd(22)} p50 ${run.result.p50.toFixed(2)} ms  p99 ${run.result.p99.toFixed(2)} ms` +
        `  errors ${run.result.errors}`,
    );
  }

  // Scenario 5: the same lookups with Redis as the shared cache.
  const redis = await startRedis();
  try {
    await withGateway(mocks, { REDIS_URL: redis.url }, async (gw) => {
      await bench.measure(
        {
          id: `s5-redis-warm-c${c}`,
          scenario: '5: water account, warm, Redis',
          target: 'gateway (redis)',
        },
        waterSpec(gw.url, warmWater),
        { process: gw.child, countCalls: true },
      );
    });
    await withGateway(mocks, { ...COLD_CACHE_ENV, REDIS_URL: redis.url }, async (gw) => {
      await bench.measure(
        {
          id: `s5-redis-cold-c${c}`,
          scenario: '5: water account, cold, Redis',
          target: 'gateway (redis)',
        },
        waterSpec(gw.url, rotateWater),
        { process: gw.child, countCalls: true },
      );
    });
  } finally {
    await redis.child.stop();
  }

  // Scenario 4: BPJS Kesehatan hangs; breaker on, then off (a fresh gateway each).
  const healthEnv = {
    BPJS_KESEHATAN_CACHE_FRESH_S: '0',
    BPJS_KESEHATAN_CACHE_SWR_S: '0',
    BPJS_KESEHATAN_CACHE_STALE_IF_ERROR_S: '0',
    BPJS_KESEHATAN_CACHE_NEGATIVE_S: '0',
  };
  for (const breaker of ['on', 'off'] as const) {
    const env =
      breaker === 'on' ? healthEnv : { ...healthEnv, BPJS_KESEHATAN_BREAKER_ENABLED: 'false' };
    await withGateway(mocks, env, async (gw) => {
      try {
        await bench.measure(
          {
            id: `s4-hung-breaker-${breaker}`,
            scenario: `4: BPJS Kesehatan hung, breaker ${breaker}`,
            target: 'gateway (memory)',
          },
          {
            url: gw.url,
            method: 'POST',
            headers: JSON_HEADERS,
            path: () => '/graphql',
            body: (i) =>
              gqlBody(HEALTH_QUERY, { nik: work.healthNiks[i % work.healthNiks.length]! }),
            classify: graphqlErrorLabel,
            verify: expectData('citizen'),
          },
          {
            process: gw.child,
            countCalls: true,
            // Warm-up healthy; the hang starts with the measured run.
            before: () => mocks.setFault('bpjs-kesehatan', '*', { hang: true }),
            // A hung call fails only at the request deadline (5 s) and the breaker opens on
            // completed failures: the first two waves of requests are slow whatever the
            // breaker does, so the run must be long enough to show the state after that.
            minDurationS: 20,
          },
        );
      } finally {
        await mocks.clearFaults('bpjs-kesehatan');
      }
    });
    // Hung sockets of the mock are released when the gateway's calls time out; let them drain.
    await sleep(500);
  }

  // Scenario 8: the warm lookup with 1 MPP vs TENANTS MPPs.
  await runTenancy(bench, mocks, work);

  const verdicts = evaluate({
    connections: c,
    rows: bench.rows,
    peerError: bench.peerError,
    memoryRuns: bench.memoryRuns,
    tenancy: bench.tenancy,
    ...verdictInputs,
  });
  bench.notes.push(
    'Cold = every connector with CACHE_FRESH_S=0, CACHE_SWR_S=0, CACHE_NEGATIVE_S=0: the cache never answers a read, the gateway still writes entries (stale-if-error), so a cold query pays the agency call plus the cache write; the upstream calls per query column proves it (PDAM inquiry 1.00).',
    'Floor and peer rotate through the same PDAM customer numbers as scenario 1; the ceiling and the warm scenarios ask for one record.',
    'Scenario 4 measures citizen { fullName healthInsurance } rotating through card holders (Dukcapil with its default cache windows, but each NIK is new; BPJS Kesehatan not cached at all) while every BPJS Kesehatan endpoint hangs; errors there are the expected UPSTREAM_TIMEOUT / CIRCUIT_OPEN answers with partial data (fullName present).',
    'Load generator (autocannon) runs in the orchestrating process on the same 2 CPUs as the servers: absolute figures are lower than on a dedicated client machine; ratios within the run are what the targets compare.',
  );
  return {
    ...runHeader(opts, host, c),
    notes: bench.notes,
    rows: bench.rows,
    verdicts,
    memoryRuns: bench.memoryRuns,
    peerError: bench.peerError,
    tenancy: bench.tenancy,
  };
}

/** `--only`: the selected scenarios alone; the targets of the rows they produce. */
async function runOnly(
  opts: Options,
  mocks: Mocks,
  work: Workload,
  only: string[],
): Promise<Report> {
  const host = machine();
  const bench = new Bench(opts, mocks, work);
  for (const id of only) await SELECTABLE[id]!(bench, mocks, work);
  const verdicts = evaluate({
    connections: opts.connections,
    rows: bench.rows,
    tenancy: bench.tenancy,
    partial: true,
  });
  return {
    ...runHeader(opts, host, opts.connections),
    notes: [`Only ${only.join(', ')} (--only): not a full run, so not part of the history table.`],
    rows: bench.rows,
    verdicts,
    tenancy: bench.tenancy,
    only,
  };
}

/** What every report starts with: when, where (load average at the end too), how, which commit. */
function runHeader(
  opts: Options,
  host: ReturnType<typeof machine>,
  connections: number,
): Pick<Report, 'date' | 'machine' | 'settings' | 'commit'> {
  return {
    date: new Date().toISOString(),
    machine: {
      ...host,
      loadAverage: { ...host.loadAverage, end: Number(os.loadavg()[0]!.toFixed(2)) },
    },
    settings: {
      durationS: opts.durationS,
      warmupS: opts.warmupS,
      connections,
      quick: opts.quick,
    },
    commit: gitCommit(),
  };
}

function gitCommit(): string | undefined {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'mocks'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return dirty ? `${sha} (+ uncommitted changes in src/ or mocks/)` : sha;
  } catch {
    return undefined;
  }
}

/** --profile: the gateway under `node --cpu-prof` during scenario 2, then scenario 1. */
async function runProfiles(opts: Options, mocks: Mocks, work: Workload): Promise<void> {
  const dir = path.join(RESULTS, 'profiles');
  mkdirSync(dir, { recursive: true });
  const bench = new Bench(opts, mocks, work);
  const rotateWater = (i: number) => work.waterAccounts[i % work.waterAccounts.length]!;
  const head = work.families.find((f) => f.headNik === work.warmFamilyHead)!;
  const cases: Array<{
    name: string;
    env: Record<string, string>;
    spec: (url: string) => Omit<LoadSpec, 'durationS' | 'connections'>;
  }> = [
    { name: 's2-warm', env: {}, spec: (url) => waterSpec(url, () => work.warmWaterAccount) },
    { name: 's1-cold', env: COLD_CACHE_ENV, spec: (url) => waterSpec(url, rotateWater) },
    // Not asked for by the targets, but where a family view's time goes is worth knowing.
    { name: 's3-warm', env: {}, spec: (url) => familySpec(url, () => head) },
    {
      name: 's3-cold',
      env: COLD_CACHE_ENV,
      spec: (url) => familySpec(url, (i) => work.families[i % work.families.length]!),
    },
  ];
  const sections: string[] = [];
  for (const k of cases) {
    const tmp = path.join(dir, `.${k.name}`);
    mkdirSync(tmp, { recursive: true });
    await withGateway(
      mocks,
      k.env,
      async (gw) => {
        await bench.measure(
          {
            id: `${k.name}-profiled`,
            scenario: `${k.name} under --cpu-prof`,
            target: 'gateway (memory)',
          },
          k.spec(gw.url),
          { process: gw.child, countCalls: true },
        );
      },
      ['--cpu-prof', `--cpu-prof-dir=${tmp}`],
    );
    const file = readdirSync(tmp).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile written for ${k.name}`);
    const target = path.join(dir, `${k.name}.cpuprofile`);
    renameSync(path.join(tmp, file), target);
    rmSync(tmp, { recursive: true, force: true });
    const summary = summarizeProfile(target, 25);
    sections.push(`## ${k.name}\n\n${renderSummary(summary)}`);
  }
  const md = `# CPU profiles (${new Date().toISOString()})\n\n${markdownTable(bench.rows)}\n\n${sections.join('\n\n')}\n`;
  writeFileSync(path.join(dir, 'summary.md'), md);
  console.log(md);
}

/**
 * --heap: the three identical scenario 3 cold runs on one gateway started with
 * `--heapsnapshot-signal=SIGUSR2`; a heap snapshot after each run (bench/results/heap/), then
 * the summary of run 1 → run 3 by constructor with the retainers (bench/heap-summary.ts).
 */
async function runHeap(opts: Options, mocks: Mocks, work: Workload): Promise<void> {
  const dir = path.join(RESULTS, 'heap');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bench = new Bench(opts, mocks, work);
  const families = work.families.slice(0, MEMORY_FAMILIES);
  const snapshots: string[] = [];
  await withGateway(
    mocks,
    COLD_CACHE_ENV,
    async (gw) => {
      for (let run = 1; run <= 3; run++) {
        await bench.measure(
          { id: `s3-cold-run${run}`, scenario: `heap run ${run}/3`, target: 'gateway (memory)' },
          familySpec(gw.url, (i) => families[i % families.length]!),
          { process: gw.child, warmup: run === 1 },
        );
        const before = new Set(readdirSync(dir));
        process.kill(gw.child.pid, 'SIGUSR2');
        // The snapshot is written synchronously by the gateway; wait until the file appears and
        // stops growing.
        let file: string | undefined;
        for (let i = 0; i < 600 && !file; i++) {
          await sleep(500);
          file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
        }
        if (!file) throw new Error('no heap snapshot written');
        // Writing the snapshot blocks the gateway: it answers again once the file is complete.
        while ((await httpStatus(`${gw.url}/readyz`).catch(() => 0)) !== 200) await sleep(500);
        const size = statSync(path.join(dir, file)).size;
        snapshots.push(path.join(dir, file));
        console.log(`snapshot ${run}: ${file} (${(size / 1024 / 1024).toFixed(0)} MB)`);
      }
    },
    ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`],
  );
  console.log(markdownTable(bench.rows));
  console.log(`npx tsx bench/heap-summary.ts ${snapshots[0]} ${snapshots[2]} 25`);
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2), process.env);
  const started = Date.now();
  if (opts.build) {
    const { schemaCopied } = build(ROOT);
    if (schemaCopied)
      console.warn('note: the build left the .graphql files out of dist/src/schema; copied them');
  }
  const work = loadWorkload();
  const mocks = await startMocks(ROOT);
  try {
    if (opts.profile) return await runProfiles(opts, mocks, work);
    if (opts.heap) return await runHeap(opts, mocks, work);
    if (opts.only) {
      const report = await runOnly(opts, mocks, work, opts.only);
      // Partial runs stay out of bench/results/*.json, which the history table is built from.
      const files = writeReport(path.join(RESULTS, 'partial'), report);
      console.log(`\n${markdownTable(report.rows)}\n`);
      if (report.tenancy) console.log(`${markdownTenancy(report.tenancy, report.rows)}\n`);
      console.log(`${markdownVerdicts(report.verdicts)}\n`);
      console.log(`written: ${files.map((f) => path.relative(ROOT, f)).join(', ')}`);
      return;
    }
    const report = await runAll(opts, mocks, work);
    const files = writeReport(RESULTS, report);
    writeHistoryInto(path.join(ROOT, 'docs/benchmark.md'), markdownHistory(loadHistory(RESULTS)));
    console.log(`\n${markdownTable(report.rows)}\n`);
    if (report.tenancy) console.log(`${markdownTenancy(report.tenancy, report.rows)}\n`);
    console.log(`${markdownVerdicts(report.verdicts)}\n`);
    console.log(`written: ${files.map((f) => path.relative(ROOT, f)).join(', ')}`);
  } finally {
    await mocks.child.stop();
    console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
