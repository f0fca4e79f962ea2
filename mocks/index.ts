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

export type { MockAgency } from './core/server';
export type { MockModule } from './core/module';
export { MOCK_CREDENTIALS } from './credentials';

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
