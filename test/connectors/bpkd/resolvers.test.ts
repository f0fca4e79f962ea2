import { graphql } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import pino from 'pino';
import { bpkd, bpkdConfigSchema } from '../../../src/connectors/bpkd';
import { bpkdResolvers } from '../../../src/resolvers/bpkd';
import { loadTypeDefs, scalarResolvers } from '../../../src/schema';
import { MOCK_CREDENTIALS } from '../../../mocks/credentials';
import { getDataset, type Dataset } from '../../../mocks/data/dataset';
import { createBpkdMock, type BpkdMock } from '../../../mocks/bpkd/server';
import { createTestUpstream, testScope } from '../../support/upstream';

/** The bpkd SDL and resolvers over a real connector and mock (Citizen is a stand-in here). */

let mock: BpkdMock;
let dataset: Dataset;
const closers: Array<() => void> = [];
const schema = makeExecutableSchema({
  typeDefs: [
    loadTypeDefs('core'),
    'interface Node { id: ID! }',
    'type Citizen { nik: String! }',
    loadTypeDefs('bpkd'),
  ],
  resolvers: [scalarResolvers, { Query: { gatewayVersion: () => 'test' } }, bpkdResolvers],
});

beforeAll(async () => {
  dataset = getDataset();
  mock = await createBpkdMock(dataset).start();
});
afterAll(async () => {
  for (const close of closers) close();
  await mock.stop();
});
beforeEach(() => mock.calls.reset());

function execute(source: string, variables: Record<string, unknown>, now: Date) {
  const test = createTestUpstream('bpkd', mock.url);
  closers.push(test.close);
  const config = {
    ...bpkdConfigSchema.parse(MOCK_CREDENTIALS.bpkd),
    baseUrl: mock.url,
    timeoutMs: 2_000,
  };
  const runtime = bpkd.create({
    config,
    upstream: test.upstream,
    logger: pino({ level: 'silent' }),
  });
  const scope = testScope();
  const contextValue = {
    requestId: scope.requestId,
    scope,
    now,
    loaders: { bpkd: runtime.createLoaders(scope) },
  };
  return graphql({ schema, source, variableValues: variables, contextValue });
}

const QUERY = `query ($nop: String!) {
  taxObject(nop: $nop) {
    nop nopFormatted outstandingTotal
    bills(unpaidOnly: true) { year amount status paidOn penalty totalDue }
  }
}`;

describe('bpkd resolvers', () => {
  it('sums unpaid amounts and penalties as of the request time', async () => {
    const native = dataset.taxObjectsByOwner.get(dataset.fixtures.arrearsNik)![0]!;
    const unpaid = native.bills.filter((b) => !b.paid).sort((a, b) => b.year - a.year);
    const now = new Date('2026-11-01T09:00:00+07:00');
    // Due 31 Aug each year: 2026 is 3 months late, 2025 15, 2024 and older capped at 24.
    const months: Record<number, number> = { 2026: 3, 2025: 15, 2024: 24, 2023: 24 };
    const penalty = (b: (typeof unpaid)[number]) =>
      Math.round((b.amountToPay * 2 * months[b.year]!) / 100);

    const result = await execute(
      QUERY,
      { nop: native.nop.replace(/^(\d{2})(\d{2})/, '$1.$2.') },
      now,
    );

    expect(result.errors).toBeUndefined();
    const object = result.data?.['taxObject'] as Record<string, unknown>;
    expect(object['nopFormatted']).toMatch(/^11\.73\.\d{3}\.\d{3}\.\d{3}-\d{4}\.\d$/);
    expect(object['bills']).toEqual(
      unpaid.map((b) => ({
        year: b.year,
        amount: b.amountToPay,
        status: 'UNPAID',
        paidOn: null,
        penalty: penalty(b),
        totalDue: b.amountToPay + penalty(b),
      })),
    );
    expect(object['outstandingTotal']).toBe(
      unpaid.reduce((sum, b) => sum + b.amountToPay + penalty(b), 0),
    );
  });

  it('refuses a malformed NOP before calling BPKD', async () => {
    const result = await execute(QUERY, { nop: '11.73.030' }, new Date());

    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'nop',
    });
    expect(mock.calls.total()).toBe(0);
  });
});
