import { ApolloClient, gql, HttpLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { startTestGateway, TEST_HEADERS, type TestGateway } from '../support/gateway';

// Apollo Client 4 as front ends use it, in node against the real gateway and mock agencies:
// what `errorPolicy` makes of one agency's failure.

interface View {
  citizen: {
    fullName: string;
    healthInsurance: { status: string } | null;
    employmentInsurance: { kpj: string } | null;
    taxObjects: Array<{ nop: string }> | null;
    waterAccounts: Array<{ customerNumber: string }> | null;
  } | null;
}
const VIEW: TypedDocumentNode<View, { nik: string }> = gql`
  query CounterView($nik: String!) {
    citizen(nik: $nik) {
      fullName
      healthInsurance {
        status
      }
      employmentInsurance {
        kpj
      }
      taxObjects {
        nop
      }
      waterAccounts {
        customerNumber
      }
    }
  }
`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    cache: null,
    env: { BPJS_KESEHATAN_BREAKER_ENABLED: 'false', BPJS_KESEHATAN_RETRIES: '0' },
  });
});
afterAll(() => gw?.stop());

/** Faults an agency the way an operator or a chaos test does: through its mock's admin API. */
async function fault(
  agency: 'bpjs-kesehatan',
  body: Record<string, unknown> | null,
): Promise<void> {
  const base = `${gw.mocks.agencies[agency].url}/__admin/faults`;
  const res = await fetch(body ? `${base}/*` : base, {
    method: body ? 'PUT' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.ok).toBe(true);
}
afterEach(() => fault('bpjs-kesehatan', null));

const client = () =>
  new ApolloClient({
    link: new HttpLink({ uri: `${gw.url}/graphql`, headers: { ...TEST_HEADERS } }),
    cache: new InMemoryCache(),
  });
const nik = () => gw.mocks.dataset.fixtures.everyServiceHeadNik;

describe('Apollo Client 4 against the gateway', () => {
  it("with errorPolicy 'all', one failed agency gives the other agencies' data and an error naming it", async () => {
    await fault('bpjs-kesehatan', { status: 503 });
    const result = await client().query({
      query: VIEW,
      variables: { nik: nik() },
      errorPolicy: 'all',
    });

    const citizen = result.data?.citizen;
    expect(citizen?.fullName).toEqual(expect.any(String));
    expect(citizen?.healthInsurance).toBeNull();
    expect(citizen?.employmentInsurance?.kpj).toEqual(expect.any(String));
    expect(citizen?.taxObjects).toHaveLength(2);
    expect(citizen?.waterAccounts).toHaveLength(1);
    expect(CombinedGraphQLErrors.is(result.error)).toBe(true);
    const errors = CombinedGraphQLErrors.is(result.error) ? result.error.errors : [];
    expect(
      errors.map((e) => [e.path, e.extensions?.['code'], e.extensions?.['connector']]),
    ).toEqual([[['citizen', 'healthInsurance'], 'UPSTREAM_UNAVAILABLE', 'bpjs-kesehatan']]);
    expect(gw.mocks.agencies['bpjs-kesehatan'].calls.all()).not.toEqual({});
  });

  it("with the default errorPolicy ('none') the same answer loses all its data: why front ends set 'all'", async () => {
    await fault('bpjs-kesehatan', { status: 503 });
    await expect(client().query({ query: VIEW, variables: { nik: nik() } })).rejects.toBeInstanceOf(
      CombinedGraphQLErrors,
    );
  });

  it('gives the whole view without errors once the agency recovers', async () => {
    const result = await client().query({
      query: VIEW,
      variables: { nik: nik() },
      errorPolicy: 'all',
    });
    expect(result.error).toBeUndefined();
    expect(result.data?.citizen?.healthInsurance?.status).toEqual(expect.any(String));
  });
});

describe('Apollo Client 4 cache normalisation by id', () => {
  const NAME: TypedDocumentNode<
    { citizen: { id: string; fullName: string } | null },
    { nik: string }
  > = gql`
    query CitizenName($nik: String!) {
      citizen(nik: $nik) {
        id
        fullName
      }
    }
  `;
  const BIRTH: TypedDocumentNode<
    { citizen: { id: string; birthDate: string | null } | null },
    { nik: string }
  > = gql`
    query CitizenBirth($nik: String!) {
      citizen(nik: $nik) {
        id
        birthDate
      }
    }
  `;

  it('merges two queries on the same citizen with different fields, with no typePolicies', async () => {
    const cache = new InMemoryCache();
    const apollo = new ApolloClient({
      link: new HttpLink({ uri: `${gw.url}/graphql`, headers: { ...TEST_HEADERS } }),
      cache,
    });
    const first = await apollo.query({ query: NAME, variables: { nik: nik() } });
    const second = await apollo.query({ query: BIRTH, variables: { nik: nik() } });
    const id = first.data?.citizen?.id;
    expect(id).toEqual(expect.any(String));
    expect(second.data?.citizen?.id).toBe(id);

    // One normalised entity holding both queries' fields; the first query still reads from cache.
    const entity = cache.extract()[`Citizen:${id}`];
    expect(entity).toMatchObject({
      __typename: 'Citizen',
      id,
      fullName: first.data?.citizen?.fullName,
      birthDate: second.data?.citizen?.birthDate,
    });
    const cached = await apollo.query({
      query: NAME,
      variables: { nik: nik() },
      fetchPolicy: 'cache-only',
    });
    expect(cached.data?.citizen?.fullName).toBe(first.data?.citizen?.fullName);
  });
});
