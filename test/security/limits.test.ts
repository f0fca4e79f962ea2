import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, validate, specifiedRules } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { formatSecurityError, queryLimits, QueryLimitError } from '../../src/security';

const schema = makeExecutableSchema({
  typeDefs: `type Query { person(ids: [String!]): Person, version: String }
             type Person { name: String, friends: [Person!]! }`,
  resolvers: { Query: { person: () => ({ name: 'a', friends: [] }), version: () => '1' } },
});
const limits = queryLimits({
  maxDepth: 4,
  maxAliases: 2,
  maxRootFields: 3,
  maxCost: 50,
  maxListLength: 3,
});
const refusals = (query: string) =>
  validate(schema, parse(query), [...specifiedRules, ...limits.validationRules])
    .map((e) => e.originalError ?? e)
    .filter((e): e is QueryLimitError => e instanceof QueryLimitError)
    .map((e) => [e.limit, e.actual]);

describe('query limit rules', () => {
  it.each([
    [
      'depth',
      '{ person { friends { friends { friends { friends { name } } } } } }',
      [
        ['depth', 6],
        ['cost', 781],
      ],
    ],
    ['depth within the limit', '{ person { friends { friends { name } } } }', []],
    ['aliases', '{ a: version b: version c: version }', [['aliases', 3]]],
    [
      'root fields through fragments',
      '{ version ...R ... on Query { version version } } fragment R on Query { version }',
      [['rootFields', 4]],
    ],
    ['cost of lists (5 assumed per list)', '{ person { friends { friends { name } } } }', []],
    ['a literal list argument', '{ person(ids: ["1","2","3","4"]) { name } }', [['listLength', 4]]],
    [
      'introspection is not measured',
      '{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }',
      [],
    ],
  ])('%s', (_name, query, expected) => {
    expect(refusals(query)).toEqual(expected);
  });

  it('measures a fragment once however often it is spread (linear time on fragment bombs)', () => {
    const frags = ['fragment F0 on Person { friends { name } }'];
    for (let i = 1; i <= 40; i++)
      frags.push(`fragment F${i} on Person { ...F${i - 1} ...F${i - 1} }`);
    const started = performance.now();
    const out = refusals(`{ person { ...F40 } } ${frags.join(' ')}`);
    expect(out[0]![0]).toBe('cost');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses through Apollo with QUERY_LIMIT_EXCEEDED, 400, and bounds list variables', async () => {
    const server = new ApolloServer({
      schema,
      validationRules: limits.validationRules,
      parseOptions: limits.parseOptions,
      plugins: [limits.plugin],
      formatError: (f, e) => formatSecurityError(f, e) ?? f,
    });
    await server.start();
    try {
      const run = async (query: string, variables?: Record<string, unknown>) => {
        const res = await server.executeOperation({ query, variables });
        return {
          status: res.http.status,
          body: res.body.kind === 'single' ? res.body.singleResult : undefined,
        };
      };
      const deep = await run('{ person { friends { friends { friends { friends { name } } } } } }');
      expect(deep.status).toBe(400);
      expect(deep.body!.errors![0]!.extensions).toEqual({
        code: 'QUERY_LIMIT_EXCEEDED',
        limit: 'depth',
        max: 4,
        actual: 6,
      });
      const list = await run('query Q($ids: [String!]) { person(ids: $ids) { name } }', {
        ids: ['1', '2', '3', '4'],
      });
      expect(list.status).toBe(400);
      expect(list.body!.errors![0]!.extensions).toMatchObject({
        code: 'QUERY_LIMIT_EXCEEDED',
        limit: 'listLength',
      });
      const ok = await run('query Q($ids: [String!]) { person(ids: $ids) { name } }', {
        ids: ['1'],
      });
      expect(ok.body!.errors).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
