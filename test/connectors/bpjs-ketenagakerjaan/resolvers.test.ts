import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import { bpjsKetenagakerjaanResolvers } from '../../../src/resolvers/bpjs-ketenagakerjaan';
import { loadTypeDefs, scalarResolvers } from '../../../src/schema';
import type { GatewayContext } from '../../../src/resolvers/context';
import { testScope } from '../../support/upstream';
import { startHarness, type Harness } from './harness';

/**
 * The schema module and its resolvers over the real connector and mock. Citizen belongs to
 * the Dukcapil module; a two-line stand-in gives this module something to extend.
 */
const citizenStandIn = `
  "A citizen (stand-in for the Dukcapil module)."
  type Citizen { "NIK." nik: String! }
  extend type Query { "Stand-in root." citizen(nik: String!): Citizen }
`;

const schema = makeExecutableSchema({
  typeDefs: [
    loadTypeDefs('core'),
    'interface Node { id: ID! }',
    citizenStandIn,
    loadTypeDefs('bpjs-ketenagakerjaan'),
  ],
  resolvers: [
    scalarResolvers,
    { Query: { citizen: (_: unknown, { nik }: { nik: string }) => ({ nik }) } },
    bpjsKetenagakerjaanResolvers,
  ],
});

let h: Harness;
// The parts of the context these resolvers read (the rest belongs to other modules).
let context: () => Pick<GatewayContext, 'requestId' | 'scope' | 'loaders' | 'now'>;

beforeAll(async () => {
  h = await startHarness();
  const runtime = h.runtime();
  context = () => {
    const scope = testScope();
    // Only this agency's loaders: the query touches nothing else.
    const loaders = {
      'bpjs-ketenagakerjaan': runtime.createLoaders(scope),
    } as unknown as GatewayContext['loaders'];
    return { requestId: 'resolver-test', scope, loaders, now: new Date('2026-11-01T00:00:00Z') };
  };
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.reset());

const run = (source: string) => graphql({ schema, source, contextValue: context() });

describe('BPJS Ketenagakerjaan resolvers', () => {
  it('rejects a malformed KPJ with BAD_USER_INPUT before calling the agency', async () => {
    const result = await run('{ employmentInsurance(kpj: "12345") { kpj } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'kpj',
    });
    expect(result.data).toEqual({ employmentInsurance: null });
    expect(h.mock.calls.total()).toBe(0);
  });

  it('rejects a malformed NIK with BAD_USER_INPUT before calling the agency', async () => {
    const result = await run('{ employmentInsuranceByNik(nik: "9999999999999999") { kpj } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'nik',
    });
    expect(h.mock.calls.total()).toBe(0);
  });

  it('serves a membership by KPJ with its scalars and enums', async () => {
    const m = h.dataset.employmentByNik.get(h.dataset.fixtures.everyServiceHeadNik)!;
    const result = await run(`{ employmentInsurance(kpj: "${m.kpj}") {
      nik status programmes lastContributionMonth oldAgeSavingsBalance memberSince employer { name }
    } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.['employmentInsurance']).toMatchObject({
      nik: m.nik,
      status: m.active ? 'ACTIVE' : 'INACTIVE',
      lastContributionMonth: m.lastContributionMonth,
      oldAgeSavingsBalance: m.jhtBalance,
      memberSince: m.registeredDate,
      employer: { name: m.employer },
    });
  });

  it('resolves a family of citizens with one search call', async () => {
    const niks = h.dataset.byKk
      .get(h.dataset.fixtures.everyServiceFamilyKk)!
      .members.map((m) => m.nik);
    const fields = niks.map(
      (nik, i) => `c${i}: citizen(nik: "${nik}") { employmentInsurance { kpj } }`,
    );
    const result = await run(`{ ${fields.join('\n')} }`);

    expect(result.errors).toBeUndefined();
    expect(h.mock.calls.get('peserta-search')).toBe(1);
    niks.forEach((nik, i) => {
      const expected = h.dataset.employmentByNik.get(nik);
      expect(result.data?.[`c${i}`]).toEqual({
        employmentInsurance: expected ? { kpj: expected.kpj } : null,
      });
    });
  });

  it('returns null with an UPSTREAM_UNAVAILABLE error naming the connector when the agency fails', async () => {
    h.mock.setFault('peserta-search', { status: 503 });
    const nik = h.dataset.fixtures.everyServiceHeadNik;
    const result = await run(`{ citizen(nik: "${nik}") { nik employmentInsurance { kpj } } }`);
    expect(result.data).toEqual({ citizen: { nik, employmentInsurance: null } });
    expect(result.errors?.[0]).toMatchObject({
      path: ['citizen', 'employmentInsurance'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'bpjs-ketenagakerjaan' },
    });
  });
});
