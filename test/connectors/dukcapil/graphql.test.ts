import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql';
import pino from 'pino';
import { dukcapil } from '../../../src/connectors/dukcapil';
import { dukcapilResolvers } from '../../../src/resolvers/dukcapil';
import { loadTypeDefs, scalarResolvers } from '../../../src/schema';
import { MOCK_CREDENTIALS } from '../../../mocks/credentials';
import type { MockAgency } from '../../../mocks/core/server';
import { DATA_AS_OF, getDataset, type Dataset } from '../../../mocks/data/dataset';
import { createDukcapilMock } from '../../../mocks/dukcapil/server';
import { createTestUpstream, testScope } from '../../support/upstream';

/**
 * The Dukcapil slice of the API end to end: SDL + resolvers + loaders + connector against the
 * mock over loopback, asserting the number of Dukcapil calls each query shape costs.
 */

let mock: MockAgency;
let dataset: Dataset;
let schema: GraphQLSchema;
let close: () => void;
let connector: ReturnType<typeof dukcapil.create>;

beforeAll(async () => {
  dataset = getDataset();
  mock = await createDukcapilMock(dataset).start();
  const test = createTestUpstream('dukcapil', mock.url);
  close = test.close;
  connector = dukcapil.create({
    config: { ...MOCK_CREDENTIALS.dukcapil, baseUrl: mock.url, timeoutMs: 2_000 },
    upstream: test.upstream,
    logger: pino({ level: 'silent' }),
  });
  schema = makeExecutableSchema({
    typeDefs: [loadTypeDefs('core'), 'interface Node { id: ID! }', loadTypeDefs('dukcapil')],
    resolvers: [scalarResolvers, dukcapilResolvers],
  });
});

afterAll(async () => {
  close();
  await mock.stop();
});

beforeEach(() => {
  mock.calls.reset();
  mock.faults.clear();
});

/** One GraphQL request: a fresh context with fresh loaders, as the server builds it. */
function run(source: string, variableValues: Record<string, unknown>): Promise<ExecutionResult> {
  const scope = testScope();
  const contextValue = {
    requestId: scope.requestId,
    scope,
    loaders: { dukcapil: connector.createLoaders(scope) },
    now: new Date(`${DATA_AS_OF}T00:00:00+07:00`),
  };
  return Promise.resolve(graphql({ schema, source, variableValues, contextValue }));
}

const calls = () => ({ CALL_NIK: mock.calls.get('CALL_NIK'), CALL_KK: mock.calls.get('CALL_KK') });

describe('Dukcapil through GraphQL', () => {
  it('costs one CALL_NIK and one CALL_KK for a citizen with their whole family', async () => {
    const nik = dataset.fixtures.everyServiceHeadNik;
    const household = dataset.byKk.get(dataset.fixtures.everyServiceFamilyKk)!;

    const result = await run(
      `query ($nik: String!) {
        citizen(nik: $nik) {
          nik fullName birthDate sex relationship
          address { villageCode postcode }
          family {
            kkNumber
            head { nik }
            members { nik fullName birthDate maritalStatus relationship eKtpRecorded family { kkNumber } }
          }
        }
      }`,
      { nik },
    );

    expect(result.errors).toBeUndefined();
    const citizen = (
      result.data as { citizen: Record<string, unknown> & { family: { members: unknown[] } } }
    ).citizen;
    expect(citizen).toMatchObject({
      nik,
      sex: 'MALE',
      relationship: 'HEAD',
      family: { kkNumber: household.kk, head: { nik } },
    });
    expect(citizen.family.members).toHaveLength(household.members.length);
    expect(calls()).toEqual({ CALL_NIK: 1, CALL_KK: 1 });
  });

  it('costs exactly one CALL_KK for a family view, however many members and nested lookups', async () => {
    const kkNumber = dataset.fixtures.everyServiceFamilyKk;

    const result = await run(
      `query ($kkNumber: String!) {
        family(kkNumber: $kkNumber) {
          address { street rt rw village district }
          head { fullName relationship }
          members { nik fullName relationship family { members { nik } } }
        }
      }`,
      { kkNumber },
    );

    expect(result.errors).toBeUndefined();
    const family = (
      result.data as { family: { head: { relationship: string }; members: unknown[] } }
    ).family;
    expect(family.head.relationship).toBe('HEAD');
    expect(family.members).toHaveLength(5);
    expect(calls()).toEqual({ CALL_NIK: 0, CALL_KK: 1 });
  });

  it('refuses a malformed NIK with BAD_USER_INPUT before calling Dukcapil', async () => {
    const result = await run('query ($nik: String!) { citizen(nik: $nik) { nik } }', {
      nik: '1173',
    });

    expect(result.data).toEqual({ citizen: null });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'nik',
    });
    expect(mock.calls.total()).toBe(0);
  });

  it('refuses a malformed KK number with BAD_USER_INPUT before calling Dukcapil', async () => {
    const result = await run('query ($kk: String!) { family(kkNumber: $kk) { kkNumber } }', {
      kk: '1173013202200001', // 32 February
    });

    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'kkNumber',
    });
    expect(mock.calls.total()).toBe(0);
  });

  it('accepts a NIK typed with separators', async () => {
    const nik = dataset.fixtures.everyServiceHeadNik;
    const typed = `${nik.slice(0, 6)}.${nik.slice(6, 12)}.${nik.slice(12)}`;

    const result = await run('query ($nik: String!) { citizen(nik: $nik) { nik } }', {
      nik: typed,
    });

    expect(result).toEqual({ data: { citizen: { nik } } });
  });

  it('answers null without an error for a NIK Dukcapil does not know', async () => {
    const result = await run('query ($nik: String!) { citizen(nik: $nik) { nik } }', {
      nik: dataset.fixtures.unknownNik,
    });

    expect(result).toEqual({ data: { citizen: null } });
  });

  it('keeps the citizen and reports the failed family lookup with its path, code and connector', async () => {
    mock.setFault('CALL_KK', { status: 503 });

    const result = await run(
      'query ($nik: String!) { citizen(nik: $nik) { fullName family { kkNumber } } }',
      {
        nik: dataset.fixtures.everyServiceHeadNik,
      },
    );

    const citizen = (result.data as { citizen: { fullName: string; family: unknown } }).citizen;
    expect(citizen.fullName).toBe(dataset.byNik.get(dataset.fixtures.everyServiceHeadNik)!.name);
    expect(citizen.family).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.path).toEqual(['citizen', 'family']);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      connector: 'dukcapil',
    });
  });
});
