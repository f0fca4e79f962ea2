import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, type Env } from '../../src/config';
import { registry } from '../../src/connectors/registry';

/**
 * The deployment file (docs/tenancy.md) inside the one configuration pass: tenants, regions
 * and regional instances from the file, secrets from the environment, every problem reported
 * with the others; without a file, today's single MPP.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'mpp-deployment-'));
const fileWith = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

/** Every national connector's settings, as a test run gets them. */
const BASE: Env = {
  NODE_ENV: 'test',
  DUKCAPIL_BASE_URL: 'http://127.0.0.1:1',
  DUKCAPIL_CONSUMER: 'c',
  DUKCAPIL_USER_ID: 'u',
  DUKCAPIL_PASSWORD: 'p',
  DUKCAPIL_IP_USER: '127.0.0.1',
  CONNECTORS: 'dukcapil,bpkd,pdam',
};

function problemsOf(attempt: () => unknown): string[] {
  try {
    attempt();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const YAML = `
defaultTenant: langsa
tenants:
  - id: langsa
    name: MPP Kota Langsa
    regions: ['11.73']
    instances:
      bpkd: { baseUrl: 'http://127.0.0.1:2' }
      pdam: { baseUrl: 'http://127.0.0.1:3', timeoutMs: 900 }
      disnaker: { enabled: false }
  - id: lhokseumawe
    name: MPP Kota Lhokseumawe
    regions: ['1174']
    instances:
      pdam: { baseUrl: 'http://127.0.0.1:4', secretsFrom: WATER_LSM }
`;

describe('DEPLOYMENT_FILE', () => {
  it('reads tenants and instances from YAML, secrets from <PREFIX>_<TENANT>_ or secretsFrom', () => {
    const config = loadConfig(
      {
        ...BASE,
        DEPLOYMENT_FILE: fileWith('ok.yaml', YAML),
        BPKD_LANGSA_USERNAME: 'u',
        BPKD_LANGSA_PASSWORD: 'p',
        PDAM_LANGSA_API_KEY: 'k1',
        WATER_LSM_API_KEY: 'k2',
      },
      registry,
    );
    expect(config.tenancy.fromFile).toBe(true);
    expect(config.tenancy.tenants.map((t) => [t.id, t.regions])).toEqual([
      ['langsa', ['1173']],
      ['lhokseumawe', ['1174']],
    ]);
    expect(
      config.tenancy.instances.map((i) => [i.key, i.baseUrl, i.rawSettings, i.policy.timeoutMs]),
    ).toEqual([
      ['bpkd@langsa', 'http://127.0.0.1:2', { username: 'u', password: 'p' }, 2000],
      ['pdam@langsa', 'http://127.0.0.1:3', { apiKey: 'k1' }, 900],
      ['pdam@lhokseumawe', 'http://127.0.0.1:4', { apiKey: 'k2' }, 2000],
    ]);
    // With a deployment file, the regional connectors need no connector-level URL or secret.
    expect(config.connectors.find((c) => c.key === 'pdam')?.enabled).toBe(true);
  });

  it('reports every problem of the file with the rest of the configuration', () => {
    const file = fileWith(
      'bad.json',
      JSON.stringify({
        defaultTenant: 'aceh',
        tenants: [
          { id: 'langsa', name: 'A', regions: ['11.73'], instances: { pdam: {} } },
          {
            id: 'lhokseumawe',
            name: 'B',
            regions: ['11.73'],
            instances: {
              dukcapil: { baseUrl: 'http://x' },
              pdma: { baseUrl: 'http://y' },
              bpkd: { baseUrl: 'http://z', settings: { password: 'in-the-file' } },
            },
          },
        ],
      }),
    );
    const problems = problemsOf(() =>
      loadConfig({ ...BASE, DEPLOYMENT_FILE: file, REQUEST_DEADLINE_MS: 'soon' }, registry),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'REQUEST_DEADLINE_MS: expected an integer',
        expect.stringMatching(/tenants\.0\.instances\.pdam\.baseUrl is required/),
        expect.stringMatching(/tenants\.1\.regions: 1173 is already served by "langsa"/),
        expect.stringMatching(/tenants\.1\.instances\.dukcapil: not a regional connector/),
        expect.stringMatching(/tenants\.1\.instances\.pdma: not a regional connector/),
        'DEPLOYMENT_FILE defaultTenant: no tenant "aceh"',
        'DEPLOYMENT_FILE tenants.1.instances.bpkd.settings.password: a secret; set BPKD_LHOKSEUMAWE_PASSWORD in the environment',
      ]),
    );
  });

  it('names a missing instance secret by its environment variable', () => {
    const problems = problemsOf(() =>
      loadConfig({ ...BASE, DEPLOYMENT_FILE: fileWith('ok2.yaml', YAML) }, registry),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^BPKD_LANGSA_USERNAME .*is required/),
        expect.stringMatching(/^PDAM_LANGSA_API_KEY .*is required/),
        expect.stringMatching(/^WATER_LSM_API_KEY .*is required/),
      ]),
    );
  });

  it('refuses an unreadable file and a client of an unknown tenant', () => {
    expect(
      problemsOf(() =>
        loadConfig({ ...BASE, DEPLOYMENT_FILE: path.join(dir, 'missing.yaml') }, registry),
      ),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^DEPLOYMENT_FILE: cannot read/)]));
    const problems = problemsOf(() =>
      loadConfig(
        {
          ...BASE,
          DEPLOYMENT_FILE: fileWith('ok3.yaml', YAML),
          BPKD_LANGSA_USERNAME: 'u',
          BPKD_LANGSA_PASSWORD: 'p',
          PDAM_LANGSA_API_KEY: 'k1',
          WATER_LSM_API_KEY: 'k2',
          API_CLIENTS: JSON.stringify([
            {
              id: 'counter',
              keySha256: 'a'.repeat(64),
              scopes: ['pdam:read'],
              tenants: ['sabang'],
            },
          ]),
        },
        registry,
      ),
    );
    expect(problems).toEqual(['API_CLIENTS[0].tenants: unknown tenant sabang']);
  });

  it('without a file: one implicit tenant, Langsa 11.73, instances under their bare keys', () => {
    const config = loadConfig(
      {
        ...BASE,
        BPKD_BASE_URL: 'http://127.0.0.1:2',
        BPKD_USERNAME: 'u',
        BPKD_PASSWORD: 'p',
        PDAM_BASE_URL: 'http://127.0.0.1:3',
        PDAM_API_KEY: 'k',
      },
      registry,
    );
    expect(config.tenancy.fromFile).toBe(false);
    expect(config.tenancy.tenants).toEqual([
      { id: 'langsa', name: 'MPP Kota Langsa', regions: ['1173'] },
    ]);
    expect(config.tenancy.instances.map((i) => [i.key, i.tenant])).toEqual([
      ['bpkd', 'langsa'],
      ['pdam', 'langsa'],
    ]);
  });
});
