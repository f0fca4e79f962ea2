import { createBpjsKesehatanMock } from './bpjs-kesehatan/server';
import { createBpjsKetenagakerjaanMock } from './bpjs-ketenagakerjaan/server';
import { createBpkdMock } from './bpkd/server';
import type { MockAgency } from './core/server';
import { MOCK_CREDENTIALS } from './credentials';
import { getDataset, type Dataset } from './data/dataset';
import { createDukcapilMock } from './dukcapil/server';
import { createPdamMock } from './pdam/server';
import { imigrasiMock } from './imigrasi';
import { beaCukaiMock } from './bea-cukai';
import { disnakerMock } from './disnaker';

export type { MockAgency } from './core/server';
export { MOCK_CREDENTIALS } from './credentials';

/**
 * One mock agency as `startMocks` runs it: how to build it over the data set, and the
 * settings (environment names → values) that point its connector at it. A mock folder
 * exports one of these (see `mocks/imigrasi/index.ts`); registering it is one entry in
 * `MOCKS` below.
 */
export interface MockModule<K extends string = string> {
  /** The agency key, the same as its connector's. */
  key: K;
  create(dataset: Dataset, options: { port?: number }): MockAgency;
  /** `<PREFIX>_BASE_URL` and the credentials the mock accepts, for the running `agency`. */
  devEnv(agency: MockAgency): Record<string, string>;
}

/** Keeps the literal key type of an inline entry (so that `MockKey` is a union of keys). */
const mock = <K extends string>(m: MockModule<K>): MockModule<K> => m;

const c = MOCK_CREDENTIALS;

/** Every mock agency, by the same key as its connector. Adding one = one entry here. */
export const MOCKS = [
  mock({
    key: 'dukcapil',
    create: createDukcapilMock,
    devEnv: (a) => ({
      DUKCAPIL_BASE_URL: a.url,
      DUKCAPIL_CONSUMER: c.dukcapil.consumer,
      DUKCAPIL_USER_ID: c.dukcapil.userId,
      DUKCAPIL_PASSWORD: c.dukcapil.password,
      DUKCAPIL_IP_USER: c.dukcapil.ipUser,
    }),
  }),
  mock({
    key: 'bpkd',
    create: createBpkdMock,
    devEnv: (a) => ({
      BPKD_BASE_URL: a.url,
      BPKD_USERNAME: c.bpkd.username,
      BPKD_PASSWORD: c.bpkd.password,
    }),
  }),
  mock({
    key: 'pdam',
    create: createPdamMock,
    devEnv: (a) => ({ PDAM_BASE_URL: a.url, PDAM_API_KEY: c.pdam.apiKey }),
  }),
  mock({
    key: 'bpjs-kesehatan',
    create: createBpjsKesehatanMock,
    devEnv: (a) => ({
      BPJS_KESEHATAN_BASE_URL: a.url,
      BPJS_KESEHATAN_CONS_ID: c['bpjs-kesehatan'].consId,
      BPJS_KESEHATAN_SECRET_KEY: c['bpjs-kesehatan'].secretKey,
      BPJS_KESEHATAN_USER_KEY: c['bpjs-kesehatan'].userKey,
    }),
  }),
  mock({
    key: 'bpjs-ketenagakerjaan',
    create: createBpjsKetenagakerjaanMock,
    devEnv: (a) => ({
      BPJS_KETENAGAKERJAAN_BASE_URL: a.url,
      BPJS_KETENAGAKERJAAN_CLIENT_ID: c['bpjs-ketenagakerjaan'].clientId,
      BPJS_KETENAGAKERJAAN_CLIENT_SECRET: c['bpjs-ketenagakerjaan'].clientSecret,
    }),
  }),
  imigrasiMock,
  beaCukaiMock,
  disnakerMock,
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
