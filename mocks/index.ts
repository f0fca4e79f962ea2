import { bankAcehMock } from './bank-aceh';
import { beaCukaiMock } from './bea-cukai';
import { bpjsKesehatanMock } from './bpjs-kesehatan';
import { bpjsKetenagakerjaanMock } from './bpjs-ketenagakerjaan';
import { bpkdMock } from './bpkd';
import type { MockAgency } from './core/server';
import { getDataset, type Dataset } from './data/dataset';
import type { MockModule } from './core/module';
import { disnakerMock } from './disnaker';
import { dukcapilMock } from './dukcapil';
import { imigrasiMock } from './imigrasi';
import { pdamMock } from './pdam';
import { CITIES, getWorld, type World } from './data/world';

export type { MockAgency } from './core/server';
export type { MockModule } from './core/module';
export { MOCK_CREDENTIALS } from './credentials';
export { CITIES, getWorld, type World } from './data/world';

/** Every mock agency, by the same key as its connector. Adding one = one entry here. */
export const MOCKS = [
  dukcapilMock,
  bpkdMock,
  pdamMock,
  bpjsKesehatanMock,
  bpjsKetenagakerjaanMock,
  imigrasiMock,
  beaCukaiMock,
  disnakerMock,
  bankAcehMock,
] as const;

export type MockKey = (typeof MOCKS)[number]['key'];
/** Every mock key, in start order (`npm run mocks` numbers ports in this order). */
export const MOCK_KEYS: readonly MockKey[] = MOCKS.map((m) => m.key);

/** The mock module of `key`, or undefined when no mock agency has that key. */
export function mockModule(key: string): MockModule | undefined {
  return MOCKS.find((m) => m.key === key);
}

export interface RunningMocks {
  dataset: Dataset;
  agencies: Record<MockKey, MockAgency>;
  /** Settings that point the connectors at these mocks (same names as the environment). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts every mock agency on loopback (free ports unless given) over one data set. */
export async function startMocks(
  options: { dataset?: Dataset; ports?: Partial<Record<MockKey, number>> } = {},
): Promise<RunningMocks> {
  const dataset = options.dataset ?? getDataset();
  const agencies = {} as Record<MockKey, MockAgency>;
  const env: Record<string, string> = {};
  for (const m of MOCKS) {
    const agency = await m.create(dataset, { port: options.ports?.[m.key] }).start();
    agencies[m.key] = agency;
    Object.assign(env, m.devEnv(agency));
  }
  return {
    dataset,
    agencies,
    env,
    stop: async () => {
      await Promise.all(Object.values(agencies).map((a) => a.stop()));
    },
  };
}

/** Agencies with one office per city (their connectors are `scope: 'regional'`). */
export const REGIONAL_MOCK_KEYS: ReadonlySet<MockKey> = new Set<MockKey>(['bpkd', 'pdam']);

/** What the deployment file of `startWorldMocks` holds (the shape `DEPLOYMENT_FILE` reads). */
export interface MockDeployment {
  defaultTenant: string;
  tenants: Array<{
    id: string;
    name: string;
    regions: string[];
    instances: Record<string, { baseUrl?: string; enabled?: boolean }>;
  }>;
}

export interface RunningWorldMocks {
  world: World;
  /** The shared (national) agencies, over both cities' residents. */
  national: Partial<Record<MockKey, MockAgency>>;
  /** Each city's tax office and water utility, by tenant id then mock key. */
  regional: Record<string, Partial<Record<MockKey, MockAgency>>>;
  /** National settings and every instance's secrets (`<PREFIX>_<TENANT>_...`). */
  env: Record<string, string>;
  /** A deployment serving both MPPs from these mocks (write it to a file for DEPLOYMENT_FILE). */
  deployment: MockDeployment;
  stop(): Promise<void>;
}

const MPP_NAMES: Record<string, string> = {
  langsa: 'MPP Kota Langsa',
  lhokseumawe: 'MPP Kota Lhokseumawe',
};

/**
 * The two-MPP development world: national mocks over both cities' residents, and a tax
 * office and a water utility per city (`npm start`). Secrets of a city's instance are the
 * same mock credentials under `<PREFIX>_<TENANT>_<SETTING>`.
 */
export async function startWorldMocks(): Promise<RunningWorldMocks> {
  const world = getWorld();
  const national: Partial<Record<MockKey, MockAgency>> = {};
  const regional: Record<string, Partial<Record<MockKey, MockAgency>>> = {};
  const env: Record<string, string> = {};
  const started: MockAgency[] = [];
  const deployment: MockDeployment = { defaultTenant: CITIES[0]!.key, tenants: [] };
  for (const m of MOCKS) {
    if (REGIONAL_MOCK_KEYS.has(m.key)) continue;
    const agency = await m.create(world.national, {}).start();
    started.push(agency);
    national[m.key] = agency;
    Object.assign(env, m.devEnv(agency));
  }
  for (const city of CITIES) {
    const dataset = world.cities[city.key]!;
    const instances: MockDeployment['tenants'][number]['instances'] = {};
    regional[city.key] = {};
    for (const m of MOCKS) {
      if (!REGIONAL_MOCK_KEYS.has(m.key)) continue;
      const agency = await m.create(dataset, {}).start();
      started.push(agency);
      regional[city.key]![m.key] = agency;
      instances[m.key] = { baseUrl: agency.url };
      Object.assign(env, tenantSecrets(m.devEnv(agency), city.key));
    }
    // Placeholders for the regional agencies whose connectors are not built in yet.
    instances['disnaker'] = { enabled: false };
    instances['bank-aceh'] = { enabled: false };
    deployment.tenants.push({
      id: city.key,
      name: MPP_NAMES[city.key] ?? city.key,
      regions: [`${city.region.province}.${city.region.regency}`],
      instances,
    });
  }
  return {
    world,
    national,
    regional,
    env,
    deployment,
    stop: async () => {
      await Promise.all(started.map((a) => a.stop()));
    },
  };
}

/** `PDAM_API_KEY` → `PDAM_LANGSA_API_KEY` (the URL goes in the deployment file instead). */
function tenantSecrets(devEnv: Record<string, string>, tenant: string): Record<string, string> {
  const urlName = Object.keys(devEnv).find((k) => k.endsWith('_BASE_URL'));
  const prefix = urlName?.slice(0, -'_BASE_URL'.length) ?? '';
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(devEnv)) {
    if (name === urlName) continue;
    out[`${prefix}_${tenant.toUpperCase()}${name.slice(prefix.length)}`] = value;
  }
  return out;
}
