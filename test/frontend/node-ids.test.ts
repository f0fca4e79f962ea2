import { startMocks, type RunningMocks } from '../../mocks';
import { sha256Hex } from '../../src/security';
import { readRecords } from '../../src/security/audit/file-sink';
import { CONNECTOR_KEYS } from '../support/connector-keys';
import { startTestGateway, TEST_API_KEY, TEST_HEADERS, type TestGateway } from '../support/gateway';

// Opaque ids and Query.node against the real gateway and mock agencies: stable across
// instances, revealing nothing, resolvable only under the scopes of the record's own lookup.

const ID_SECRET = 'node-ids-test-secret-0123456789-abcdefghij';
const NARROW_KEY = 'node-ids-narrow-key-0123456789';
const NO_PII_KEY = 'node-ids-no-pii-key-0123456789';

let mocks: RunningMocks;
let a: TestGateway;
let b: TestGateway;
beforeAll(async () => {
  mocks = await startMocks();
  const env = {
    ID_SECRET,
    API_CLIENTS: JSON.stringify([
      // The counter: every agency.
      {
        id: 'counter',
        keySha256: sha256Hex(TEST_API_KEY),
        scopes: [...CONNECTOR_KEYS.map((c) => `${c.key}:read`), 'pii:read'],
      },
      // Citizens, but neither BPKD nor BPJS Kesehatan.
      {
        id: 'narrow',
        keySha256: sha256Hex(NARROW_KEY),
        scopes: ['dukcapil:read', 'pii:read'],
      },
      { id: 'no-pii', keySha256: sha256Hex(NO_PII_KEY), scopes: ['dukcapil:read', 'bpkd:read'] },
    ]),
  };
  a = await startTestGateway({ mocks, cache: null, env });
  b = await startTestGateway({ mocks, cache: null, env });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await mocks?.stop();
});
beforeEach(() => a.resetCalls());

const nik = () => mocks.dataset.fixtures.everyServiceHeadNik;
const CITIZEN = `query ($nik: String!) {
  citizen(nik: $nik) { id nik fullName family { id head { id } } taxObjects { id nop bills { id year amount } } }
}`;
interface CitizenView {
  citizen: {
    id: string;
    nik: string;
    fullName: string;
    family: { id: string; head: { id: string } | null };
    taxObjects: Array<{
      id: string;
      nop: string;
      bills: Array<{ id: string; year: number; amount: number }>;
    }>;
  };
}
const NODE = `query ($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Citizen { nik fullName }
    ... on TaxObject { nop }
    ... on TaxBill { year amount }
  }
}`;
const headersOf = (key: string) => ({ ...TEST_HEADERS, 'x-api-key': key });
const dukcapilCalls = () => Object.values(a.calls()['dukcapil'] ?? {}).reduce((s, n) => s + n, 0);
const bpkdCalls = () => Object.values(a.calls()['bpkd'] ?? {}).reduce((s, n) => s + n, 0);

async function citizenView(gw: TestGateway): Promise<CitizenView['citizen']> {
  const { body } = await gw.gql<CitizenView>(CITIZEN, { nik: nik() });
  expect(body.errors).toBeUndefined();
  return body.data!.citizen;
}

describe('opaque ids', () => {
  it('are the same on two gateway instances with the same ID_SECRET, for every entity', async () => {
    const [fromA, fromB] = [await citizenView(a), await citizenView(b)];
    expect(fromA).toEqual(fromB);
    // The family head is the same record as the citizen: the same id whichever road reached it.
    expect(fromA.family.head?.id).toBe(fromA.id);
    const ids = [
      fromA.id,
      fromA.family.id,
      ...fromA.taxObjects.flatMap((t) => [t.id, ...t.bills.map((bill) => bill.id)]),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reveal no digit run of the NIK or NOP', async () => {
    const view = await citizenView(a);
    const secrets = [view.nik, ...view.taxObjects.map((t) => t.nop)];
    const ids = [view.id, view.family.id, ...view.taxObjects.map((t) => t.id)];
    for (const id of ids) {
      expect(id).not.toMatch(/[0-9]/);
      for (const s of secrets)
        for (let i = 0; i + 4 <= s.length; i++) expect(id).not.toContain(s.slice(i, i + 4));
    }
  });
});

describe('Query.node', () => {
  it('returns the same record as its own lookup, for a citizen, a tax object and a tax bill', async () => {
    const view = await citizenView(a);
    const citizen = await b.gql(NODE, { id: view.id });
    expect(citizen.body).toEqual({
      data: {
        node: { __typename: 'Citizen', id: view.id, nik: view.nik, fullName: view.fullName },
      },
    });
    const object = view.taxObjects[0]!;
    const tax = await b.gql(NODE, { id: object.id });
    expect(tax.body.data).toEqual({
      node: { __typename: 'TaxObject', id: object.id, nop: object.nop },
    });
    const bill = object.bills[0]!;
    const billNode = await b.gql(NODE, { id: bill.id });
    expect(billNode.body.data).toEqual({
      node: { __typename: 'TaxBill', id: bill.id, year: bill.year, amount: bill.amount },
    });
  });

  it('nodes answers in order; an id not issued here fails the field before any agency call', async () => {
    const view = await citizenView(a);
    const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } version: gatewayVersion }';
    const ok = await a.gql<{ nodes: Array<{ id: string } | null> }>(NODES, {
      ids: [view.family.id, view.id],
    });
    expect(ok.body.data?.nodes).toEqual([{ id: view.family.id }, { id: view.id }]);
    a.resetCalls();
    const bad = await a.gql<{ nodes: null; version: string }>(NODES, {
      ids: [view.family.id, 'notAnId'],
    });
    expect(bad.body.data).toEqual({ nodes: null, version: expect.any(String) });
    expect(bad.body.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([
      [['nodes'], 'BAD_USER_INPUT'],
    ]);
    expect(dukcapilCalls()).toBe(0);
  });

  it('refuses a tampered id with BAD_USER_INPUT before any agency is asked', async () => {
    const view = await citizenView(a);
    a.resetCalls();
    const i = Math.floor(view.id.length / 2);
    const tampered = view.id.slice(0, i) + (view.id[i] === 'a' ? 'b' : 'a') + view.id.slice(i + 1);
    const { body } = await a.gql(NODE, { id: tampered });
    expect(body.data).toEqual({ node: null });
    expect(body.errors?.map((e) => e.extensions?.['code'])).toEqual(['BAD_USER_INPUT']);
    expect(dukcapilCalls()).toBe(0);
  });

  it("asks the scopes of the record's own lookup before any agency call", async () => {
    const view = await citizenView(a);
    a.resetCalls();
    // No bpkd:read: a tax object's id is refused as `taxObject(nop)` would be, BPKD never asked.
    const tax = await a.gql(NODE, { id: view.taxObjects[0]!.id }, headersOf(NARROW_KEY));
    expect(tax.body.data).toEqual({ node: null });
    expect(tax.body.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN']);
    expect(bpkdCalls()).toBe(0);
    // No pii:read: a citizen's id is refused, Dukcapil never asked.
    const citizen = await a.gql(NODE, { id: view.id }, headersOf(NO_PII_KEY));
    expect(citizen.body.data).toEqual({ node: null });
    expect(citizen.body.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN']);
    expect(dukcapilCalls()).toBe(0);
  });

  it("keeps the returned type's field scopes: a field the client may not read is FORBIDDEN", async () => {
    const view = await citizenView(a);
    const { body } = await a.gql<{ node: Record<string, unknown> }>(
      `query ($id: ID!) { node(id: $id) { id ... on Citizen { fullName healthInsurance { status } } } }`,
      { id: view.id },
      headersOf(NARROW_KEY),
    );
    expect(body.data?.node).toEqual({
      id: view.id,
      fullName: view.fullName,
      healthInsurance: null,
    });
    expect(body.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([
      [['node', 'healthInsurance'], 'FORBIDDEN'],
    ]);
  });

  it('is audited with the same subjects as the lookup by identifier', async () => {
    const view = await citizenView(a);
    const object = view.taxObjects[0]!;
    const subjectsOf = async (query: string, variables: Record<string, unknown>) => {
      const before: unknown[] = [];
      for await (const r of readRecords(a.auditFile)) before.push(r);
      const { body } = await a.gql(query, variables);
      expect(body.errors).toBeUndefined();
      const after: Array<{ subjects?: string[] }> = [];
      for await (const r of readRecords(a.auditFile)) after.push(r as { subjects?: string[] });
      expect(after.length).toBe(before.length + 1);
      return after[after.length - 1]!.subjects;
    };
    const byNop = await subjectsOf(
      'query ($nop: String!) { taxObject(nop: $nop) { nop taxpayerName } }',
      {
        nop: object.nop,
      },
    );
    const byId = await subjectsOf(
      'query ($id: ID!) { node(id: $id) { ... on TaxObject { nop taxpayerName } } }',
      { id: object.id },
    );
    expect(byNop?.length).toBeGreaterThan(0);
    expect(byId).toEqual(byNop);
  });
});
