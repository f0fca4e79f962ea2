import { buildSchema } from '../../src/server/schema';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql, type GraphQLSchema } from 'graphql';
import { agencyModules } from '../../src/resolvers';
import { loadTypeDefs } from '../../src/schema';
import {
  applyScopeDirective,
  readScopePolicy,
  uncoveredRootFields,
  type Caller,
} from '../../src/security';
import { PLACEMENTS } from './support/placements';

const caller = (scopes: string[], extra: Partial<Caller> = {}): Caller => ({
  clientId: 'c',
  identity: 'key:c',
  scopes: new Set(scopes),
  officerId: 'o',
  purpose: 'p',
  method: 'api-key',
  ...extra,
});

describe('@requiresScope on a small schema', () => {
  let calls: string[];
  let schema: GraphQLSchema;
  beforeEach(() => {
    calls = [];
    schema = applyScopeDirective(
      makeExecutableSchema({
        typeDefs: [
          /directive @requiresScope[^\n]*/.exec(loadTypeDefs('core'))![0],
          `type Query {
             open: String
             person: Person @requiresScope(scopes: ["people:read"])
           }
           type Person @requiresScope(scopes: ["pii:read"]) {
             name: String
             health: String @requiresScope(scopes: ["health:read"])
           }`,
        ],
        resolvers: {
          Query: {
            open: () => 'yes',
            person: () => {
              calls.push('person');
              return { name: 'Siti' };
            },
          },
          Person: {
            health: () => {
              calls.push('health');
              return 'ok';
            },
          },
        },
      }),
    );
  });
  const run = (query: string, c?: Caller) =>
    graphql({ schema, source: query, contextValue: { caller: c } });

  it('leaves fields without the directive alone', async () => {
    expect((await run('{ open }')).data).toEqual({ open: 'yes' });
  });

  it('refuses before the resolver runs: null, FORBIDDEN, missing scopes named', async () => {
    const res = await run('{ person { name } }', caller(['pii:read']));
    expect(res.data).toEqual({ person: null });
    expect(res.errors![0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'MISSING_SCOPE',
      missingScopes: ['people:read'],
    });
    expect(calls).toEqual([]);
  });

  it('requires type-level and field-level scopes together', async () => {
    const res = await run('{ person { name health } }', caller(['people:read', 'pii:read']));
    expect(res.data).toEqual({ person: { name: 'Siti', health: null } });
    expect(res.errors![0]!.extensions!['missingScopes']).toEqual(['health:read']);
    expect(calls).toEqual(['person']);
    const all = await run(
      '{ person { health } }',
      caller(['people:read', 'pii:read', 'health:read']),
    );
    expect(all.errors).toBeUndefined();
  });

  it('refuses personal data without an officer and a purpose', async () => {
    const res = await run(
      '{ person { name } }',
      caller(['people:read', 'pii:read'], { purpose: undefined }),
    );
    expect(res.data).toEqual({ person: { name: null } });
    expect(res.errors![0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PURPOSE_REQUIRED',
    });
  });

  it('refuses everything guarded when there is no caller', async () => {
    const res = await run('{ open person { name } }');
    expect(res.data).toEqual({ open: 'yes', person: null });
  });
});

describe('@requiresScope on the real composed schema', () => {
  const schema = buildSchema(agencyModules);

  it('covers every root field except the public gatewayVersion', () => {
    // The placements live in the SDL itself (src/schema/*.graphql).
    expect(uncoveredRootFields(schema)).toEqual([]);
  });

  it('reads the policy of every type and field of the proposal', () => {
    const policy = readScopePolicy(schema);
    expect(policy.get('Citizen.healthInsurance')).toEqual({
      scopes: ['dukcapil:read', 'pii:read', 'bpjs-kesehatan:read'],
      connectors: ['bpjs-kesehatan'],
    });
    expect(policy.get('TaxObject.bills')).toEqual({
      scopes: ['bpkd:read', 'pii:read'],
      connectors: ['bpkd'],
    });
    expect(policy.get('Query.connectors')).toEqual({ scopes: ['ops:read'], connectors: [] });
    expect(policy.get('Query.processingTrail')!.scopes).toEqual(['audit:read', 'pii:read']);
    expect(policy.has('Address.street')).toBe(false);
    for (const name of Object.keys(PLACEMENTS)) {
      if (name.includes('.')) expect(policy.has(name)).toBe(true);
    }
  });

  it('wraps resolvers so a refused root field never reaches its loaders', async () => {
    const secured = applyScopeDirective(schema);
    let loaderTouched = false;
    const loaders = new Proxy({}, { get: () => ((loaderTouched = true), undefined) });
    const res = await graphql({
      schema: secured,
      source:
        '{ citizen(nik: "1173050806970001") { nik } processingTrail(nik: "1173050806970001") { time } gatewayVersion }',
      contextValue: { caller: caller(['pdam:read', 'pii:read']), loaders },
    });
    expect(res.data).toEqual({
      citizen: null,
      processingTrail: null,
      gatewayVersion: expect.any(String),
    });
    expect(res.errors!.map((e) => e.extensions['code'])).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(loaderTouched).toBe(false);
  });
});
