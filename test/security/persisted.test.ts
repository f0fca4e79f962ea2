import { buildSchema } from '../../src/server/schema';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildManifest } from '../../src/security/build-manifest';
import { MemoryKeyValueCache, privacySafeCache, sha256 } from '../../src/security';
import { productionAuditEnv } from '../support/production-env';
import { agencyModules } from '../../src/resolvers';
import { startSecureGateway, type SecureGateway } from './support/secure-gateway';
import { COUNTER, FAMILY_HEAD, SECURITY_ENV } from './support/clients';

const dir = mkdtempSync(path.join(tmpdir(), 'mpp-ops-'));
mkdirSync(path.join(dir, 'counter'));
writeFileSync(
  path.join(dir, 'counter', 'citizen.graphql'),
  `query CounterCitizen($nik: String!) { citizen(nik: $nik) { ...Person family { members { ...Person } } } }
   fragment Person on Citizen { nik fullName }`,
);
writeFileSync(path.join(dir, 'version.gql'), 'query Version { gatewayVersion }');

describe('build-manifest', () => {
  it('writes sha256 → print(operation + its fragments) for every named operation, validated against the schema', () => {
    const { manifest, names } = buildManifest([dir], buildSchema(agencyModules));
    expect(Object.keys(names).sort()).toEqual(['CounterCitizen', 'Version']);
    for (const [hash, doc] of Object.entries(manifest.operations)) expect(sha256(doc)).toBe(hash);
    expect(manifest.operations[names['CounterCitizen']!]).toContain('fragment Person on Citizen');
  });

  it.each([
    ['an anonymous operation', '{ gatewayVersion }', 'needs a name'],
    ['an unknown field', 'query X { nope }', 'Cannot query field "nope"'],
    [
      'a missing fragment',
      'query Y { citizen(nik: "1") { ...Gone } }',
      'fragment Gone is not defined',
    ],
    ['a syntax error', 'query Z {', 'Syntax Error'],
  ])('refuses %s, naming the file', (_n, text, message) => {
    const bad = mkdtempSync(path.join(tmpdir(), 'mpp-ops-bad-'));
    writeFileSync(path.join(bad, 'bad.graphql'), text);
    expect(() => buildManifest([bad], buildSchema(agencyModules))).toThrow(
      new RegExp(`bad\\.graphql: .*${message.replace(/[()"]/g, '.')}`),
    );
  });
});

describe('allow-list mode', () => {
  let gw: SecureGateway;
  let names: Record<string, string>;
  let manifest: Record<string, string>;
  beforeAll(async () => {
    const built = buildManifest([dir]);
    names = built.names;
    manifest = built.manifest.operations;
    const file = path.join(dir, 'manifest.json');
    writeFileSync(file, JSON.stringify(built.manifest));
    gw = await startSecureGateway({
      env: { ...SECURITY_ENV, PERSISTED_QUERIES: 'allow-list', PERSISTED_QUERY_MANIFEST: file },
    });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('runs a registered operation sent by hash only', async () => {
    const res = await gw.post(
      {
        operationName: 'CounterCitizen',
        variables: { nik: FAMILY_HEAD },
        extensions: { persistedQuery: { version: 1, sha256Hash: names['CounterCitizen'] } },
      },
      COUNTER,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data!['citizen'] as { nik: string }).nik).toBe(FAMILY_HEAD);
  });

  it('runs a registered operation sent as its exact text', async () => {
    const res = await gw.post({ query: manifest[names['Version']!] }, COUNTER);
    expect(res.body.data).toEqual({ gatewayVersion: expect.any(String) });
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown hash and OPERATION_NOT_ALLOWED (403) for ad-hoc text', async () => {
    const unknown = await gw.post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ gatewayVersion }') } } },
      COUNTER,
    );
    expect(unknown.body.errors![0]!.extensions!['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    gw.resetCalls();
    const adhoc = await gw.post({ query: `{ citizen(nik: "${FAMILY_HEAD}") { nik } }` }, COUNTER);
    expect(adhoc.status).toBe(403);
    expect(adhoc.body.errors![0]!.extensions!['code']).toBe('OPERATION_NOT_ALLOWED');
    expect(gw.upstreamCalls()).toBe(0);
    // Registering through APQ does not extend the allow-list.
    const text = '{ gatewayVersion }';
    await gw.post(
      { query: text, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } } },
      COUNTER,
    );
    const again = await gw.post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } } },
      COUNTER,
    );
    expect(again.body.errors![0]!.extensions!['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('automatic persisted queries', () => {
  it('never persists a document with an identifier written inline', async () => {
    const inner = new MemoryKeyValueCache();
    const cache = privacySafeCache(inner);
    await cache.set('apq:a', `{ citizen(nik: "${FAMILY_HEAD}") { nik } }`);
    await cache.set('apq:b', 'query Q($nik: String!) { citizen(nik: $nik) { nik } }');
    expect(await inner.get('apq:a')).toBeUndefined();
    expect(await inner.get('apq:b')).toContain('$nik');
  });
});

describe('production mode', () => {
  let gw: SecureGateway;
  beforeAll(async () => {
    gw = await startSecureGateway({
      env: {
        ...SECURITY_ENV,
        NODE_ENV: 'production',
        PERSISTED_QUERIES: 'apq',
        ...productionAuditEnv(),
        CACHE_HMAC_SECRET: 'production-cache-hmac-secret-0123456789',
        AUTH_DEV_CLIENT: 'true',
      },
    });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('refuses introspection and gives no field suggestions', async () => {
    const intro = await gw.post({ query: '{ __schema { types { name } } }' }, COUNTER);
    expect(intro.status).toBe(400);
    expect(intro.body.errors![0]!.extensions!['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await gw.post(
      { query: `{ citizen(nik: "${FAMILY_HEAD}") { fullNam } }` },
      COUNTER,
    );
    expect(typo.body.errors![0]!.message).not.toMatch(/Did you mean/);
  });

  it('has no development client even when AUTH_DEV_CLIENT asks for one', async () => {
    expect((await gw.post({ query: '{ gatewayVersion }' }, {})).status).toBe(401);
    expect((await gw.post({ query: '{ gatewayVersion }' }, COUNTER)).status).toBe(200);
  });
});
