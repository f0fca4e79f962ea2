import pino from 'pino';
import { getDataset } from '../../../mocks/data/dataset';
import {
  buildImigrasiData,
  IMIGRASI_ENDPOINTS,
  IMIGRASI_MOCK_CREDENTIALS,
} from '../../../mocks/imigrasi';
import { createImigrasiMock, type ImigrasiMock } from '../../../mocks/imigrasi/server';
import { imigrasi, type ImigrasiLoaders } from '../../../src/connectors/imigrasi';
import type { ConnectorRuntime } from '../../../src/connectors/core/types';
import { createTestUpstream, testScope } from '../../support/upstream';

const dataset = getDataset();
const { fixtures, byNik } = buildImigrasiData(dataset);

/** The connector against a private mock (no shared cache: every load reaches the office). */
async function setup(mockOptions: { maxPageSize?: number } = {}, revalidationEntries = 1_000) {
  const mock: ImigrasiMock = await createImigrasiMock(dataset, mockOptions).start();
  const test = createTestUpstream('imigrasi', mock.url);
  const runtime: ConnectorRuntime<ImigrasiLoaders> = imigrasi.create({
    config: {
      apiKey: IMIGRASI_MOCK_CREDENTIALS.apiKey,
      revalidationEntries,
      baseUrl: mock.url,
      timeoutMs: 2_000,
    },
    upstream: test.upstream,
    logger: pino({ level: 'silent' }),
  });
  // A fresh request each time, as the gateway makes per GraphQL request.
  const loaders = () => runtime.createLoaders(testScope());
  return { mock, loaders, close: async () => (test.close(), await mock.stop()) };
}

describe('imigrasi client: pagination', () => {
  it('follows every page of a search the office cuts into small pages', async () => {
    const applicants = [...byNik.keys()].slice(0, 6);
    const total = applicants.reduce((n, nik) => n + byNik.get(nik)!.length, 0);
    const s = await setup({ maxPageSize: 2 });
    try {
      const lists = await Promise.all(
        applicants.map((nik) => s.loaders().applicationsByNik.load(nik)),
      );
      // Different requests here: make them one batch instead.
      const batch = s.loaders().applicationsByNik;
      s.mock.calls.reset();
      const batched = await Promise.all(applicants.map((nik) => batch.load(nik)));
      expect(batched).toEqual(lists);
      const found = batched.flatMap((l) => (Array.isArray(l) ? l : []));
      expect(found).toHaveLength(total);
      expect(new Set(found.map((a) => a.applicationNumber)).size).toBe(total);
      expect(s.mock.calls.get(IMIGRASI_ENDPOINTS.search)).toBe(Math.ceil(total / 2));
    } finally {
      await s.close();
    }
  });

  it('asks for large pages, so a family costs one request', async () => {
    const s = await setup();
    try {
      const family = dataset.byKk.get(dataset.fixtures.everyServiceFamilyKk)!.members;
      const batch = s.loaders().applicationsByNik;
      await Promise.all(family.map((m) => batch.load(m.nik)));
      expect(s.mock.calls.get(IMIGRASI_ENDPOINTS.search)).toBe(1);
    } finally {
      await s.close();
    }
  });
});

describe('imigrasi client: conditional requests (ETag)', () => {
  it('revalidates a known application with If-None-Match and gets a 304', async () => {
    const s = await setup();
    try {
      const first = await s.loaders().application.load(fixtures.number);
      const second = await s.loaders().application.load(fixtures.number);
      expect(second).toEqual(first);
      expect(s.mock.calls.get(IMIGRASI_ENDPOINTS.application)).toBe(2);
      expect(s.mock.notModified).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('sees a stage change at once: the ETag no longer matches', async () => {
    const s = await setup();
    try {
      const before = await s.loaders().application.load(fixtures.number);
      expect(before?.stage).toBe('READY_FOR_PICKUP');
      s.mock.advance(fixtures.number, 'DISERAHKAN', '2026-10-31');
      const after = await s.loaders().application.load(fixtures.number);
      expect(after).toMatchObject({ stage: 'COLLECTED', stageSince: '2026-10-31' });
      expect(s.mock.notModified).toBe(0);
      // ...and the new representation is the one revalidated next.
      await s.loaders().application.load(fixtures.number);
      expect(s.mock.notModified).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('makes plain requests when conditional requests are turned off', async () => {
    const s = await setup({}, 0);
    try {
      await s.loaders().application.load(fixtures.number);
      await s.loaders().application.load(fixtures.number);
      expect(s.mock.calls.get(IMIGRASI_ENDPOINTS.application)).toBe(2);
      expect(s.mock.notModified).toBe(0);
    } finally {
      await s.close();
    }
  });
});
