import { readFileSync } from 'node:fs';
import { startWorldMocks, type RunningWorldMocks } from '../../mocks';
import type { Dataset } from '../../mocks/data/dataset';
import { waitFor } from '../support/wait';
import { startWorldGateway, type WorldGateway } from './world-gateway';

/**
 * Two MPPs in one gateway (issue 18, docs/tenancy.md): Langsa's and Lhokseumawe's tax office
 * and water utility are separate agency instances behind one endpoint; the national agencies
 * are shared. Real gateway, real mock agencies per city; assertions on data, upstream call
 * counts, breaker states and error codes.
 */

const WATER = /* GraphQL */ `
  query Water($n: String!) {
    waterAccount(customerNumber: $n) {
      customerNumber
      name
    }
  }
`;
const TAX = /* GraphQL */ `
  query Tax($nop: String!) {
    taxObject(nop: $nop) {
      nop
      taxpayerName
    }
  }
`;
const CITIZEN = /* GraphQL */ `
  query Citizen($nik: String!) {
    citizen(nik: $nik) {
      fullName
      healthInsurance {
        status
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

type Water = { waterAccount: { customerNumber: string; name: string } | null };
type Tax = { taxObject: { nop: string; taxpayerName: string } | null };
type Citizen = {
  citizen: {
    fullName: string;
    healthInsurance: { status: string } | null;
    taxObjects: Array<{ nop: string }> | null;
    waterAccounts: Array<{ customerNumber: string }> | null;
  } | null;
};

const ADMIN = 'tenancy-admin-token-0123456789';
let mocks: RunningWorldMocks;
let gw: WorldGateway;
let langsa: Dataset;
let lhok: Dataset;

const agency = (tenant: string, key: 'bpkd' | 'pdam') => mocks.regional[tenant]![key]!;
const resetCalls = () => {
  for (const city of Object.values(mocks.regional))
    for (const a of Object.values(city)) a!.calls.reset();
};

beforeAll(async () => {
  mocks = await startWorldMocks();
  langsa = mocks.world.cities['langsa']!;
  lhok = mocks.world.cities['lhokseumawe']!;
  gw = await startWorldGateway({
    mocks,
    env: {
      PDAM_TIMEOUT_MS: '300',
      PDAM_RETRIES: '0',
      PDAM_BREAKER_VOLUME: '3',
      PDAM_BREAKER_ERROR_PERCENT: '50',
      PDAM_BREAKER_RESET_MS: '60000',
      ADMIN_TOKEN: ADMIN,
    },
  });
});
afterAll(async () => {
  await gw.stop();
  await mocks.stop();
});
beforeEach(() => resetCalls());
afterEach(() => {
  for (const city of Object.values(mocks.regional))
    for (const a of Object.values(city)) a!.faults.clear();
});

describe('one gateway, two MPPs', () => {
  it('the same water query by a Langsa client and a Lhokseumawe client returns each city’s account', async () => {
    // Customer numbers carry no region: the same number exists at both utilities.
    const shared = [...langsa.waterAccounts.keys()].find((n) => lhok.waterAccounts.has(n))!;
    expect(shared).toBeDefined();
    const atLangsa = await gw.gql<Water>('langsa', WATER, { n: shared });
    const atLhok = await gw.gql<Water>('lhokseumawe', WATER, { n: shared });

    expect(atLangsa.body.errors).toBeUndefined();
    expect(atLhok.body.errors).toBeUndefined();
    expect(atLangsa.body.data?.waterAccount?.name).toBe(langsa.waterAccounts.get(shared)!.name);
    expect(atLhok.body.data?.waterAccount?.name).toBe(lhok.waterAccounts.get(shared)!.name);
    expect(agency('langsa', 'pdam').calls.get('inquiry')).toBe(1);
    expect(agency('lhokseumawe', 'pdam').calls.get('inquiry')).toBe(1);
  });

  it('a Lhokseumawe NOP asked by a Langsa client reaches Lhokseumawe’s tax office', async () => {
    const object = [...lhok.taxObjects.values()][3]!;
    expect(object.nop.startsWith('1174')).toBe(true);

    const { body } = await gw.gql<Tax>('langsa', TAX, { nop: object.nop });

    expect(body.errors).toBeUndefined();
    expect(body.data?.taxObject?.nop).toBe(object.nop);
    expect(body.data?.taxObject?.taxpayerName).toBe(object.ownerName);
    expect(agency('lhokseumawe', 'bpkd').calls.total()).toBeGreaterThan(0);
    expect(agency('langsa', 'bpkd').calls.total()).toBe(0);
  });

  it('a citizen’s own records come from the caller’s MPP; national data is shared', async () => {
    // A family that moved from Langsa to Lhokseumawe: NIK 1173..., records in Lhokseumawe.
    const mover = lhok.fixtures.movedInNik!;
    expect(mover.startsWith('1173')).toBe(true);

    const atLhok = await gw.gql<Citizen>('lhokseumawe', CITIZEN, { nik: mover });
    const atLangsa = await gw.gql<Citizen>('langsa', CITIZEN, { nik: mover });

    expect(atLhok.body.errors).toBeUndefined();
    expect(atLhok.body.data?.citizen?.healthInsurance?.status).toEqual(expect.any(String));
    expect(atLhok.body.data?.citizen?.taxObjects?.map((o) => o.nop)).toEqual(
      lhok.taxObjectsByOwner.get(mover)!.map((o) => o.nop),
    );
    expect(atLhok.body.data?.citizen?.waterAccounts).toHaveLength(1);
    // At Langsa's MPP: the same person (national), Langsa's agencies (which know nothing of them).
    expect(atLangsa.body.data?.citizen?.fullName).toBe(atLhok.body.data?.citizen?.fullName);
    expect(atLangsa.body.data?.citizen?.taxObjects).toEqual([]);
    expect(atLangsa.body.data?.citizen?.waterAccounts).toEqual([]);
  });

  it('a provincial operator picks the MPP per request; a counter client cannot', async () => {
    const shared = [...langsa.waterAccounts.keys()].find((n) => lhok.waterAccounts.has(n))!;
    const asLhok = await gw.gql<Water>(
      'province',
      WATER,
      { n: shared },
      { 'x-mpp': 'lhokseumawe' },
    );
    expect(asLhok.body.data?.waterAccount?.name).toBe(lhok.waterAccounts.get(shared)!.name);

    const refused = await gw.gql<Water>('langsa', WATER, { n: shared }, { 'x-mpp': 'lhokseumawe' });
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('Lhokseumawe’s water utility hung: its breaker opens, Langsa’s stays closed and answers', async () => {
    agency('lhokseumawe', 'pdam').faults.set('*', { hang: true });
    const lhokNumbers = [...lhok.waterAccounts.keys()].slice(10, 20);
    const langsaNumbers = [...langsa.waterAccounts.keys()].slice(10, 16);

    const rows = () => Object.fromEntries(gw.gateway.ops.list().map((r) => [r.name, r]));
    // Earlier tests' successful calls are in the rolling window: keep failing until the
    // error share passes the threshold (a few timed-out calls; bounded).
    let failed = 0;
    for (const n of lhokNumbers.slice(0, 8)) {
      if (rows()['pdam@lhokseumawe']?.breakerState === 'open') break;
      const { body } = await gw.gql<Water>('lhokseumawe', WATER, { n });
      expect(body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_TIMEOUT');
      failed++;
    }
    expect(failed).toBeGreaterThanOrEqual(3);
    expect(rows()['pdam@lhokseumawe']?.breakerState).toBe('open');

    const hungCalls = agency('lhokseumawe', 'pdam').calls.total();
    const failFast = await gw.gql<Water>('lhokseumawe', WATER, { n: lhokNumbers[9]! });
    expect(failFast.body.errors?.[0]?.extensions?.['code']).toBe('CIRCUIT_OPEN');
    expect(failFast.body.errors?.[0]?.extensions?.['connector']).toBe('pdam@lhokseumawe');
    // Refused by the open breaker: the hung agency got no further call.
    expect(agency('lhokseumawe', 'pdam').calls.total()).toBe(hungCalls);

    for (const n of langsaNumbers) {
      const { body } = await gw.gql<Water>('langsa', WATER, { n });
      expect(body.errors).toBeUndefined();
      expect(body.data?.waterAccount?.customerNumber).toBe(n);
    }
    expect(agency('langsa', 'pdam').calls.get('inquiry')).toBe(langsaNumbers.length);
    expect(rows()['pdam@langsa']?.breakerState).toBe('closed');
    expect(rows()['pdam@lhokseumawe']?.breakerState).toBe('open');

    // The operator acts on one city's instance by its key.
    const reset = await fetch(`${gw.url}/admin/connectors/pdam@lhokseumawe/breaker/reset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(reset.status).toBe(200);
    expect(rows()['pdam@lhokseumawe']?.breakerState).toBe('closed');
  });

  it('status rows carry the tenant and /status.json?mpp= filters; metrics and audit carry it', async () => {
    const all = (await (await fetch(`${gw.url}/status.json`)).json()) as {
      connectors: Array<{ name: string; tenant: string | null }>;
    };
    expect(all.connectors.map((c) => c.name)).toEqual(
      expect.arrayContaining(['dukcapil', 'bpkd@langsa', 'pdam@langsa', 'pdam@lhokseumawe']),
    );
    const filtered = (await (await fetch(`${gw.url}/status.json?mpp=lhokseumawe`)).json()) as {
      connectors: Array<{ name: string; tenant: string | null }>;
    };
    const names = filtered.connectors.map((c) => c.name);
    expect(names).toContain('dukcapil');
    expect(names).toContain('pdam@lhokseumawe');
    expect(names).not.toContain('pdam@langsa');
    expect(filtered.connectors.find((c) => c.name === 'bpkd@lhokseumawe')?.tenant).toBe(
      'lhokseumawe',
    );

    await gw.gql<Citizen>('lhokseumawe', CITIZEN, { nik: lhok.fixtures.everyServiceHeadNik });
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/mpp_tenant_requests_total\{tenant="lhokseumawe"\} [1-9]/);
    expect(metrics).toMatch(
      /mpp_upstream_call_duration_seconds_count\{connector="bpkd@lhokseumawe"/,
    );

    const lines = await waitFor(
      'an audit record of the Lhokseumawe request',
      () => {
        const path = gw.deploymentFile.replace(/deployment\.json$/, 'audit.jsonl');
        let text = '';
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          return undefined;
        }
        const records = text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { clientId: string; tenant?: string });
        // Audit identities are namespaced by credential kind (key:<id> for API-key clients).
        const mine = records.filter((r) => r.clientId === 'key:lhokseumawe-counter');
        return mine.length > 0 ? mine : undefined;
      },
      5_000,
    );
    expect(lines.every((r) => r.tenant === 'lhokseumawe')).toBe(true);
  });
});

describe('a deployment serving Langsa only', () => {
  let only: WorldGateway;
  beforeAll(async () => {
    only = await startWorldGateway({
      mocks,
      deployment: (d) => ({ ...d, tenants: d.tenants.filter((t) => t.id === 'langsa') }),
    });
  });
  afterAll(() => only.stop());

  it('a Lhokseumawe resident gets the national data and NOT_SERVED_HERE for a Lhokseumawe NOP', async () => {
    const nik = lhok.fixtures.everyServiceHeadNik;
    const nop = lhok.taxObjectsByOwner.get(nik)![0]!.nop;

    const citizen = await only.gql<Citizen>('langsa', CITIZEN, { nik });
    expect(citizen.body.data?.citizen?.fullName).toEqual(expect.any(String));
    expect(citizen.body.data?.citizen?.healthInsurance?.status).toEqual(expect.any(String));
    // Langsa's tax office is asked about its own city: nothing for this resident.
    expect(citizen.body.data?.citizen?.taxObjects).toEqual([]);

    const tax = await only.gql<Tax>('langsa', TAX, { nop });
    expect(tax.body.data?.taxObject).toBeNull();
    expect(tax.body.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_SERVED_HERE',
      connector: 'bpkd',
    });
    expect(agency('lhokseumawe', 'bpkd').calls.total()).toBe(0);
  });
});

describe('with the shared cache', () => {
  let cached: WorldGateway;
  beforeAll(async () => {
    cached = await startWorldGateway({ mocks, cache: 'memory' });
  });
  afterAll(() => cached.stop());

  it('keeps each water utility’s answers in its own namespace', async () => {
    // A number both utilities issued, to different people: a shared key would mix them up.
    const shared = [...langsa.waterAccounts.keys()].filter(
      (n) =>
        lhok.waterAccounts.get(n) &&
        lhok.waterAccounts.get(n)!.name !== langsa.waterAccounts.get(n)!.name,
    )[1]!;
    for (let round = 0; round < 2; round++) {
      const atLangsa = await cached.gql<Water>('langsa', WATER, { n: shared });
      const atLhok = await cached.gql<Water>('lhokseumawe', WATER, { n: shared });
      expect(atLangsa.body.data?.waterAccount?.name).toBe(langsa.waterAccounts.get(shared)!.name);
      expect(atLhok.body.data?.waterAccount?.name).toBe(lhok.waterAccounts.get(shared)!.name);
    }
    // One call per utility: the second round was served from each instance's own entries.
    expect(agency('langsa', 'pdam').calls.get('inquiry')).toBe(1);
    expect(agency('lhokseumawe', 'pdam').calls.get('inquiry')).toBe(1);
  });
});
