import pino from 'pino';
import { MOCK_CREDENTIALS } from '../../../mocks/credentials';
import {
  createBpjsKetenagakerjaanMock,
  type BpjsKetenagakerjaanMock,
  type BpjsKetenagakerjaanMockOptions,
} from '../../../mocks/bpjs-ketenagakerjaan/server';
import { getDataset } from '../../../mocks/data/dataset';
import {
  bpjsKetenagakerjaan,
  type BpjsKetenagakerjaanConfig,
} from '../../../src/connectors/bpjs-ketenagakerjaan';
import type { ConnectorRuntime } from '../../../src/connectors/core/types';
import type { BpjsKetenagakerjaanLoaders } from '../../../src/connectors/bpjs-ketenagakerjaan/loaders';
import { createTestUpstream, testScope } from '../../support/upstream';

export const KEY = 'bpjs-ketenagakerjaan';

/** A running mock plus a way to build connector runtimes against it (each with its own token cache). */
export async function startHarness(options: BpjsKetenagakerjaanMockOptions = {}) {
  const mock: BpjsKetenagakerjaanMock = await createBpjsKetenagakerjaanMock(
    getDataset(),
    options,
  ).start();
  const closers: Array<() => void> = [];

  const runtime = (
    overrides: Partial<BpjsKetenagakerjaanConfig> = {},
  ): ConnectorRuntime<BpjsKetenagakerjaanLoaders> => {
    const { upstream, close } = createTestUpstream(KEY, mock.url);
    closers.push(close);
    return bpjsKetenagakerjaan.create({
      config: { ...MOCK_CREDENTIALS[KEY], ...overrides, baseUrl: mock.url, timeoutMs: 2_000 },
      upstream,
      logger: pino({ level: 'silent' }),
    });
  };

  /** Fresh loaders, as one GraphQL request would get them. */
  const loaders = (rt: ConnectorRuntime<BpjsKetenagakerjaanLoaders>) =>
    rt.createLoaders(testScope());

  const reset = () => {
    mock.calls.reset();
    mock.faults.clear();
  };

  const stop = async () => {
    for (const close of closers) close();
    await mock.stop();
  };

  return { mock, dataset: getDataset(), runtime, loaders, reset, stop };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Resolves a loader promise to its error, failing the test when it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the load to fail');
}
