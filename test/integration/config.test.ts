import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMocks, type RunningMocks } from '../../mocks';
import {
  ConfigError,
  connectorSettings,
  DEV_API_KEY,
  knownSettingNames,
  loadConfig,
  runMode,
  sha256Hex,
  type GatewayConfig,
} from '../../src/config';
import { dukcapil } from '../../src/connectors/dukcapil';
import { bpkd } from '../../src/connectors/bpkd';
import { registry } from '../../src/connectors/registry';
import { mockAgencyAllowances, productionAuditEnv } from '../support/production-env';
import { freePort, waitFor } from '../support/wait';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, '.env.production.example');
const API_KEY = 'config-test-api-key-0123456789abcdef';

/** Every connector's required settings: what a production start with nothing set must name. */
const EVERY_REQUIRED = [
  'DUKCAPIL_BASE_URL',
  'DUKCAPIL_CONSUMER',
  'DUKCAPIL_USER_ID',
  'DUKCAPIL_PASSWORD',
  'DUKCAPIL_IP_USER',
  'BPKD_BASE_URL',
  'BPKD_USERNAME',
  'BPKD_PASSWORD',
  'PDAM_BASE_URL',
  'PDAM_API_KEY',
  'BPJS_KESEHATAN_BASE_URL',
  'BPJS_KESEHATAN_CONS_ID',
  'BPJS_KESEHATAN_SECRET_KEY',
  'BPJS_KESEHATAN_USER_KEY',
  'BPJS_KETENAGAKERJAAN_BASE_URL',
  'BPJS_KETENAGAKERJAAN_CLIENT_ID',
  'BPJS_KETENAGAKERJAAN_CLIENT_SECRET',
  'IMIGRASI_BASE_URL',
  'IMIGRASI_API_KEY',
  'CACHE_HMAC_SECRET',
  'ID_SECRET',
  'API_CLIENTS or JWT_*',
  'BEA_CUKAI_BASE_URL',
  'BEA_CUKAI_USERNAME',
  'BEA_CUKAI_PASSWORD',
  'DISNAKER_BASE_URL',
  'DISNAKER_CLIENT_ID',
  'DISNAKER_PRIVATE_KEY',
  'AUDIT_HMAC_SECRET',
  'AUDIT_SIGNING_KEY',
  'AUDIT_MAC_KEY',
  'PERSISTED_QUERY_MANIFEST',
];

/** A complete, safe production configuration (agencies on an unused loopback port). */
function safeProductionEnv(): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    CACHE_HMAC_SECRET: randomBytes(32).toString('base64'),
    ID_SECRET: randomBytes(32).toString('base64'),
    AUDIT_HMAC_SECRET: randomBytes(32).toString('base64'),
    API_CLIENTS: JSON.stringify([
      { id: 'config-test', keySha256: sha256Hex(API_KEY), scopes: ['dukcapil:read', 'pii:read'] },
    ]),
    PERSISTED_QUERIES: 'apq',
    DUKCAPIL_CONSUMER: 'CONSUMER',
    DUKCAPIL_USER_ID: 'user',
    DUKCAPIL_PASSWORD: 'a-real-password',
    DUKCAPIL_IP_USER: '10.0.0.1',
    BPKD_USERNAME: 'user',
    BPKD_PASSWORD: 'a-real-password',
    PDAM_API_KEY: 'a-real-key',
    BPJS_KESEHATAN_CONS_ID: '1',
    BPJS_KESEHATAN_SECRET_KEY: 'a-real-secret',
    BPJS_KESEHATAN_USER_KEY: 'a-real-user-key',
    BPJS_KETENAGAKERJAAN_CLIENT_ID: 'client',
    BPJS_KETENAGAKERJAAN_CLIENT_SECRET: 'a-real-secret',
    IMIGRASI_API_KEY: 'a-real-key',
    BEA_CUKAI_USERNAME: 'user',
    BEA_CUKAI_PASSWORD: 'a-real-password',
    DISNAKER_CLIENT_ID: 'client',
    DISNAKER_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString(),
    ...productionAuditEnv(),
  };
  for (const d of registry) env[`${d.envPrefix}_BASE_URL`] = `https://${d.key}.example.go.id`;
  return env;
}

function problemsOf(attempt: () => unknown): string[] {
  try {
    attempt();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

/** The real entry point as `npm run start:prod` runs it, without the development flag. */
function startEntryPoint(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('one configuration pass', () => {
  it('reports every missing setting of a production start with nothing set in one error', () => {
    // NODE_ENV unset: production, never development.
    const problems = problemsOf(() => loadConfig({}, registry));
    for (const name of EVERY_REQUIRED)
      expect(problems.some((p) => p.includes(name) && /required/.test(p))).toBe(true);
  });

  it('names a malformed setting', () => {
    const attempt = () =>
      loadConfig(
        { NODE_ENV: 'test', PORT: 'eighty', PDAM_BASE_URL: 'ftp://x', PDAM_TIMEOUT_MS: '-1' },
        registry,
        {},
      );
    expect(attempt).toThrow(/PORT: expected an integer/);
    expect(attempt).toThrow(/PDAM_TIMEOUT_MS: expected a non-negative integer/);
    expect(attempt).toThrow(/PDAM_BASE_URL: expected an http\(s\) URL/);
  });

  it('reads the security settings in the same pass and the same error', () => {
    const problems = problemsOf(() =>
      loadConfig({ ...safeProductionEnv(), PORT: 'x', RATE_LIMIT_BURST: '0' }, registry),
    );
    expect(problems).toEqual([
      'RATE_LIMIT_BURST: expected at least 1',
      'PORT: expected an integer',
    ]);
  });

  it('warns about an unknown setting with a known prefix, naming the closest known one', () => {
    const config = loadConfig(
      {
        ...safeProductionEnv(),
        DUKCAPIL_BASEURL: 'https://x',
        CACHE_HMAC_SECRT: 'x',
        BPJS_KESEHATAN_SECRETKEY: 'x',
        SHUTDOWN_DRAIN: '5',
        NODE_OPTIONS: '--max-old-space-size=512',
        HOME: '/root',
      },
      registry,
    );
    expect(config.warnings).toEqual([
      'BPJS_KESEHATAN_SECRETKEY is not a known setting and is ignored; did you mean BPJS_KESEHATAN_SECRET_KEY?',
      'CACHE_HMAC_SECRT is not a known setting and is ignored; did you mean CACHE_HMAC_SECRET?',
      'DUKCAPIL_BASEURL is not a known setting and is ignored; did you mean DUKCAPIL_BASE_URL?',
      'SHUTDOWN_DRAIN is not a known setting and is ignored; did you mean SHUTDOWN_DRAIN_MS?',
    ]);
  });

  it("types each connector's settings through its own schema", () => {
    const config = loadConfig({ ...safeProductionEnv(), BPKD_PENALTY_RATE_PERCENT: '1' }, registry);
    const find = (key: string) => config.connectors.find((c) => c.key === key)!;
    const duk = connectorSettings(dukcapil, find('dukcapil'));
    expect(duk.userId).toBe('user');
    expect(duk.baseUrl).toBe('https://dukcapil.example.go.id');
    const tax = connectorSettings(bpkd, find('bpkd'));
    // Coerced by the schema (a number, not the text read).
    expect(tax.penaltyRatePercent).toBe(1);
    expect(tax.penaltyMaxMonths).toBe(24);
    expect(() => connectorSettings(bpkd, find('dukcapil'))).toThrow(/not bpkd/);
  });
});

describe('fail closed at start-up', () => {
  const refusals: Array<[string, Record<string, string>, RegExp]> = [
    [
      'an agency URL over plain http without its allowance',
      { PDAM_BASE_URL: 'http://pdam.internal:8080' },
      /PDAM_BASE_URL: http:\/\/ would send .* PDAM_ALLOW_HTTP=true/,
    ],
    [
      "a mock agency's published credential",
      { PDAM_API_KEY: 'dev-pdam-api-key-0001' },
      /PDAM_API_KEY: is a development value/,
    ],
    [
      'the development audit HMAC secret',
      { AUDIT_HMAC_SECRET: 'mpp-gateway-development-audit-hmac-not-a-secret' },
      /AUDIT_HMAC_SECRET: is a development value/,
    ],
    [
      'an API client holding the published development key',
      {
        API_CLIENTS: JSON.stringify([
          { id: 'copied', keySha256: sha256Hex(DEV_API_KEY), scopes: ['dukcapil:read'] },
        ]),
      },
      /API_CLIENTS: client "copied" has a key published/,
    ],
    [
      'personal data cached in Redis without encryption',
      { REDIS_URL: 'redis://127.0.0.1:1' },
      /CACHE_ENCRYPTION_KEYS is required in production with Redis .* CACHE_PERSONAL_DATA=off/,
    ],
    [
      'the development API key',
      { AUTH_DEV_API_KEY: DEV_API_KEY },
      /AUTH_DEV_API_KEY: development credentials are refused in production/,
    ],
  ];

  it.each(refusals)('refuses %s, naming the setting (loadConfig)', (_what, change, problem) => {
    const problems = problemsOf(() => loadConfig({ ...safeProductionEnv(), ...change }, registry));
    expect(problems.some((p) => problem.test(p))).toBe(true);
  });

  it('accepts each refusal once its documented allowance is given', () => {
    const base = safeProductionEnv();
    const config = loadConfig(
      {
        ...base,
        PDAM_BASE_URL: 'http://127.0.0.1:8080',
        PDAM_ALLOW_HTTP: 'true',
        REDIS_URL: 'redis://127.0.0.1:1',
        CACHE_PERSONAL_DATA: 'off',
      },
      registry,
    );
    expect(config.cache.personalData).toBe(false);
    expect(config.cache.encryptionKeys).toBeUndefined();
    expect(config.connectors.find((c) => c.key === 'pdam')!.allowHttp).toBe(true);
    expect(config.nodeEnv).toBe('production');
  });

  it('refuses every credential the running mocks hand out', async () => {
    const mocks = await startMocks();
    try {
      // A key id is no secret, and the Disnaker mock's private key is generated per process
      // (never published), so neither is one of the repository's known values.
      const secretNames = Object.keys(mocks.env).filter(
        (n) => /PASSWORD|SECRET|KEY/.test(n) && !/_KEY_ID$|^DISNAKER_PRIVATE_KEY$/.test(n),
      );
      expect(secretNames.length).toBeGreaterThanOrEqual(6);
      const problems = problemsOf(() =>
        loadConfig(
          { ...mocks.env, ...safeProductionEnv(), ...pick(mocks.env, secretNames) },
          registry,
        ),
      );
      for (const name of secretNames)
        expect(problems).toContain(
          `${name}: is a development value published in this repository; configure the real secret`,
        );
    } finally {
      await mocks.stop();
    }
  });

  it('never accepts the development key in development once API_CLIENTS or JWT is configured', () => {
    const devDefaults = { AUTH_DEV_API_KEY: DEV_API_KEY };
    const { API_CLIENTS } = safeProductionEnv();
    const plain = loadConfig(
      {},
      registry,
      { ...devDefaults, ...urlsOnly() },
      { mode: 'development' },
    );
    expect(plain.security.dev?.apiKey).toBe(DEV_API_KEY);
    for (const registryEnv of [
      { API_CLIENTS: API_CLIENTS! },
      { JWT_HS256_SECRET: 'j'.repeat(32), JWT_ISSUER: 'https://sso', JWT_AUDIENCE: 'mpp' },
    ]) {
      const config: GatewayConfig = loadConfig(
        registryEnv,
        registry,
        { ...devDefaults, ...urlsOnly() },
        { mode: 'development' },
      );
      expect(config.security.dev).toBeUndefined();
      expect(config.security.clients.map((c) => c.keySha256)).not.toContain(sha256Hex(DEV_API_KEY));
    }
  });

  it('runs production unless started with --dev, and NODE_ENV=production wins over the flag', () => {
    expect(runMode([], undefined)).toBe('production');
    expect(runMode([], 'development')).toBe('production');
    expect(runMode(['--dev'], undefined)).toBe('development');
    expect(runMode(['--dev'], 'production')).toBe('production');
  });
});

describe('the real entry point', () => {
  it('started without NODE_ENV and without --dev runs production and names every missing setting at once', () => {
    const r = startEntryPoint({});
    expect(r.status).toBe(1);
    const errorBlocks = r.stderr.match(/Invalid configuration:/g) ?? [];
    expect(errorBlocks).toHaveLength(1);
    for (const name of EVERY_REQUIRED) expect(r.stderr).toContain(name);
    // Production: no mock agency started, no development client.
    expect(r.stdout).not.toContain('Identities to try');
    expect(r.stdout + r.stderr).not.toContain(DEV_API_KEY);
  });

  it('refuses unsafe settings, each named (spawned: http, development secret, clear personal data)', () => {
    const r = startEntryPoint({
      ...safeProductionEnv(),
      PDAM_BASE_URL: 'http://pdam.internal:8080',
      BPKD_PASSWORD: 'dev-bpkd-pass',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/PDAM_BASE_URL: http:\/\/ would send/);
    expect(r.stderr).toMatch(/BPKD_PASSWORD: is a development value/);
    expect(r.stderr).toMatch(/CACHE_ENCRYPTION_KEYS is required in production with Redis/);
  });

  it('with --dev but NODE_ENV=production still runs production', () => {
    const r = startEntryPoint({ NODE_ENV: 'production' }, ['--dev']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('DUKCAPIL_BASE_URL is required');
    expect(r.stdout).not.toContain('Identities to try');
  });
});

describe('.env.production.example', () => {
  const example = parseEnvFile(readFileSync(EXAMPLE, 'utf8'));
  const text = readFileSync(EXAMPLE, 'utf8');

  it('lists every setting the gateway reads', () => {
    const perAgency = new RegExp(`^(${registry.map((d) => d.envPrefix).join('|')})_(.+)$`);
    for (const name of knownSettingNames(registry)) {
      if (name === 'NODE_ENV' || name === 'AUTH_DEV_API_KEY') continue;
      const agency = perAgency.exec(name);
      // Policy settings are documented once as <P>_<SUFFIX>; agency credentials by full name.
      const listed = text.includes(name) || (agency !== null && text.includes(`<P>_${agency[2]}`));
      if (!listed) throw new Error(`${name} is missing from .env.production.example`);
    }
  });

  it('is refused as it stands, naming every placeholder still in it', () => {
    const problems = problemsOf(() => loadConfig(example, registry));
    const placeholders = Object.entries(example).filter(([, v]) => /CHANGE[-+]ME/.test(v));
    expect(placeholders.length).toBeGreaterThan(10);
    for (const [name] of placeholders.filter(([n]) => n !== 'API_CLIENTS'))
      expect(problems).toContain(
        `${name}: still the placeholder of .env.production.example; set the real value`,
      );
    expect(
      problems.some((p) => /API_CLIENTS: client "frontdesk" has a key published/.test(p)),
    ).toBe(true);
  });

  describe('with real values, against the mock agencies', () => {
    let mocks: RunningMocks;
    let child: ChildProcess | undefined;
    beforeAll(async () => {
      mocks = await startMocks();
    });
    afterAll(async () => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await mocks.stop();
    });

    it('starts the production code path (no NODE_ENV, no --dev) and answers a query from the mocks', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env: Record<string, string> = {
        ...example,
        // Filled in as an operator would: secrets, the endpoints (here the mocks, over loopback
        // http with each agency's allowance, and their published credentials accepted
        // explicitly), Redis, the audit file, the listener.
        ...mocks.env,
        ...mockAgencyAllowances(),
        HOST: '127.0.0.1',
        PORT: String(port),
        ADMIN_TOKEN: randomBytes(24).toString('base64url'),
        CACHE_HMAC_SECRET: randomBytes(32).toString('base64'),
        CACHE_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        ID_SECRET: randomBytes(32).toString('base64'),
        AUDIT_HMAC_SECRET: randomBytes(32).toString('base64'),
        AUDIT_LOG_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'mpp-audit-')), 'audit.jsonl'),
        ...productionAuditEnv(),
        REDIS_URL: `${process.env.REDIS_TEST_URL}/9`,
        API_CLIENTS: JSON.stringify([
          { id: 'frontdesk', keySha256: sha256Hex(API_KEY), scopes: ['dukcapil:read', 'pii:read'] },
        ]),
        PERSISTED_QUERIES: 'apq',
      };
      delete env.NODE_ENV;
      const output: string[] = [];
      child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
      child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
      await waitFor(
        'the gateway to be ready',
        async () =>
          child!.exitCode !== null ||
          (await fetch(`${url}/readyz`).then(
            (r) => r.status === 200,
            () => false,
          )),
        40_000,
        100,
      );
      // The start-up output travels with the assertion, so a refused start says why.
      if (child.exitCode !== null)
        throw new Error(`exited ${child.exitCode}: ${output.join('').slice(-1500)}`);
      const log = output.join('');
      expect(log).toMatch(/"env":"production"/);
      expect(log).toContain('ACCEPT_MOCK_CREDENTIALS=true');
      expect(log).not.toContain('Identities to try');

      mocks.agencies.dukcapil.calls.reset();
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': API_KEY,
          'x-officer-id': 'officer-1',
          'x-purpose': 'CASE-1',
        },
        body: JSON.stringify({
          query: 'query One($nik: String!) { citizen(nik: $nik) { fullName } }',
          variables: { nik: mocks.dataset.fixtures.everyServiceHeadNik },
        }),
      });
      const body = (await res.json()) as { data?: { citizen: { fullName: string } | null } };
      expect(res.status).toBe(200);
      expect(body.data?.citizen?.fullName).toEqual(expect.any(String));
      expect(mocks.agencies.dukcapil.calls.total()).toBe(1);
      // The development key is not accepted by this production start.
      const dev = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': DEV_API_KEY },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(dev.status).toBe(401);

      const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }, 60_000);
  });
});

/** The agency URLs alone (development fills the rest from these dev defaults). */
function urlsOnly(): Record<string, string> {
  const env = safeProductionEnv();
  delete env.API_CLIENTS;
  delete env.NODE_ENV;
  return env;
}

function pick(env: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, env[n]!]));
}

/** KEY=value lines; comments and blank lines skipped (values are taken literally). */
function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}
