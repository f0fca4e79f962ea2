import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import pino from 'pino';
import { MOCK_CREDENTIALS } from '../../../mocks/credentials';
import { getDataset } from '../../../mocks/data/dataset';
import { createPdamMock, type PdamMock } from '../../../mocks/pdam/server';
import { pdam } from '../../../src/connectors/pdam';
import { pdamResolvers } from '../../../src/resolvers/pdam';
import { loadTypeDefs, scalarResolvers } from '../../../src/schema';
import type { GatewayContext } from '../../../src/resolvers/context';
import { createTestUpstream, testScope } from '../../support/upstream';

/**
 * The PDAM schema module executed end to end over the mock: resolvers, loaders and the
 * record shape against the SDL and its scalars. Citizen belongs to the Dukcapil module; a
 * minimal stand-in (only `nik`, which CitizenRecord always has) keeps this test to PDAM.
 */
const citizenStandIn = /* GraphQL */ `
  type Citizen {
    nik: String!
  }
  extend type Query {
    citizen(nik: String!): Citizen
  }
`;

describe('PDAM schema module', () => {
  const dataset = getDataset();
  let mock: PdamMock;
  let test: ReturnType<typeof createTestUpstream>;
  const schema = makeExecutableSchema({
    typeDefs: [
      loadTypeDefs('core'),
      'interface Node { id: ID! }',
      citizenStandIn,
      loadTypeDefs('pdam'),
    ],
    resolvers: [
      scalarResolvers,
      { Query: { citizen: (_: unknown, { nik }: { nik: string }) => ({ nik }) } },
      pdamResolvers,
    ],
  });

  const run = (source: string) => {
    const runtime = pdam.create({
      config: { apiKey: MOCK_CREDENTIALS.pdam.apiKey, baseUrl: mock.url, timeoutMs: 2_000 },
      upstream: test.upstream,
      logger: pino({ level: 'silent' }),
    });
    const scope = testScope();
    // The PDAM resolvers read only these; the rest of the context belongs to the server.
    const contextValue = {
      requestId: scope.requestId,
      scope,
      loaders: { pdam: runtime.createLoaders(scope) } as unknown as GatewayContext['loaders'],
      now: new Date('2026-11-01T00:00:00Z'),
    } satisfies Pick<GatewayContext, 'requestId' | 'scope' | 'loaders' | 'now'>;
    return graphql({ schema, source, contextValue });
  };

  beforeAll(async () => {
    mock = await createPdamMock(dataset).start();
    test = createTestUpstream('pdam', mock.url);
  });
  afterAll(async () => {
    test.close();
    await mock.stop();
  });
  beforeEach(() => mock.calls.reset());

  it('serves a water account with its bills through the API scalars', async () => {
    const account = dataset.waterByOwner.get(dataset.fixtures.arrearsNik)![0]!;
    const result = await run(`{
      waterAccount(customerNumber: "${account.customerNumber.slice(0, 4)}-${account.customerNumber.slice(4)}") {
        customerNumber name periodsInArrears totalOutstanding
        unpaidPeriods { period usageM3 total }
      }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.['waterAccount']).toEqual({
      customerNumber: account.customerNumber,
      name: account.name,
      periodsInArrears: 5,
      totalOutstanding: account.unpaid.reduce((s, p) => s + p.total, 0),
      unpaidPeriods: account.unpaid.map((p) => ({
        period: `${p.period.slice(0, 4)}-${p.period.slice(4)}`,
        usageM3: p.usage,
        total: p.total,
      })),
    });
  });

  it('refuses a malformed customer number with BAD_USER_INPUT before calling PDAM', async () => {
    const result = await run(`{ waterAccount(customerNumber: "01O1000021") { name } }`);
    expect(result.data?.['waterAccount']).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'customerNumber',
    });
    expect(mock.calls.total()).toBe(0);
  });

  it('gives null without an error for an unknown customer number', async () => {
    const result = await run(`{ waterAccount(customerNumber: "0199999999") { name } }`);
    expect(result).toEqual({ data: { waterAccount: null } });
  });

  it('links a citizen to their water accounts, and to [] when they own none', async () => {
    const { everyServiceHeadNik, dukcapilOnlyNik } = dataset.fixtures;
    const result = await run(`{
      owner: citizen(nik: "${everyServiceHeadNik}") { waterAccounts { customerNumber } }
      none: citizen(nik: "${dukcapilOnlyNik}") { waterAccounts { customerNumber } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      owner: {
        waterAccounts: [
          { customerNumber: dataset.waterByOwner.get(everyServiceHeadNik)![0]!.customerNumber },
        ],
      },
      none: { waterAccounts: [] },
    });
    expect(mock.calls.all()).toEqual({ pelanggan: 1, inquiry: 1 });
  });

  it('nulls waterAccounts with an UPSTREAM_UNAVAILABLE error naming the connector when PDAM is down', async () => {
    mock.setFault('pelanggan', { status: 503 });
    try {
      const result = await run(
        `{ citizen(nik: "${dataset.fixtures.arrearsNik}") { nik waterAccounts { name } } }`,
      );
      expect(result.data).toEqual({
        citizen: { nik: dataset.fixtures.arrearsNik, waterAccounts: null },
      });
      expect(result.errors?.[0]?.path).toEqual(['citizen', 'waterAccounts']);
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        connector: 'pdam',
      });
    } finally {
      mock.faults.clear();
    }
  });
});
