import { createBpjsKesehatanMock } from './bpjs-kesehatan/server';
import { createBpjsKetenagakerjaanMock } from './bpjs-ketenagakerjaan/server';
import { createBpkdMock } from './bpkd/server';
import type { MockAgency } from './core/server';
import { MOCK_CREDENTIALS } from './credentials';
import { getDataset, type Dataset } from './data/dataset';
import { createDukcapilMock } from './dukcapil/server';
import { createPdamMock } from './pdam/server';

export type { MockAgency } from './core/server';
export { MOCK_CREDENTIALS } from './credentials';

/** Every mock agency, by the same key as its connector. */
const FACTORIES = {
  dukcapil: createDukcapilMock,
  bpkd: createBpkdMock,
  pdam: createPdamMock,
  'bpjs-kesehatan': createBpjsKesehatanMock,
  'bpjs-ketenagakerjaan': createBpjsKetenagakerjaanMock,
} as const;
export type MockKey = keyof typeof FACTORIES;

export interface RunningMocks {
  dataset: Dataset;
  agencies: Record<MockKey, MockAgency>;
  /** Settings that point the connectors at these mocks (same names as the environment). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the five mock agencies on loopback (free ports unless given) over one data set. */
export async function startMocks(
  options: { dataset?: Dataset; ports?: Partial<Record<MockKey, number>> } = {},
): Promise<RunningMocks> {
  const dataset = options.dataset ?? getDataset();
  const agencies = {} as Record<MockKey, MockAgency>;
  for (const key of Object.keys(FACTORIES) as MockKey[]) {
    agencies[key] = await FACTORIES[key](dataset, { port: options.ports?.[key] }).start();
  }
  const c = MOCK_CREDENTIALS;
  const env: Record<string, string> = {
    DUKCAPIL_BASE_URL: agencies.dukcapil.url,
    DUKCAPIL_CONSUMER: c.dukcapil.consumer,
    DUKCAPIL_USER_ID: c.dukcapil.userId,
    DUKCAPIL_PASSWORD: c.dukcapil.password,
    DUKCAPIL_IP_USER: c.dukcapil.ipUser,
    BPKD_BASE_URL: agencies.bpkd.url,
    BPKD_USERNAME: c.bpkd.username,
    BPKD_PASSWORD: c.bpkd.password,
    PDAM_BASE_URL: agencies.pdam.url,
    PDAM_API_KEY: c.pdam.apiKey,
    BPJS_KESEHATAN_BASE_URL: agencies['bpjs-kesehatan'].url,
    BPJS_KESEHATAN_CONS_ID: c['bpjs-kesehatan'].consId,
    BPJS_KESEHATAN_SECRET_KEY: c['bpjs-kesehatan'].secretKey,
    BPJS_KESEHATAN_USER_KEY: c['bpjs-kesehatan'].userKey,
    BPJS_KETENAGAKERJAAN_BASE_URL: agencies['bpjs-ketenagakerjaan'].url,
    BPJS_KETENAGAKERJAAN_CLIENT_ID: c['bpjs-ketenagakerjaan'].clientId,
    BPJS_KETENAGAKERJAAN_CLIENT_SECRET: c['bpjs-ketenagakerjaan'].clientSecret,
  };
  return {
    dataset,
    agencies,
    env,
    stop: async () => {
      await Promise.all(Object.values(agencies).map((a) => a.stop()));
    },
  };
}
