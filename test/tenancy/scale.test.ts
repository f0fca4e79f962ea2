import { pdam } from '../../src/connectors/pdam';
import type { ConnectorDefinition } from '../../src/connectors/core/types';
import type { AgencyModule } from '../../src/resolvers';
import { startWorldMocks, type MockDeployment, type RunningWorldMocks } from '../../mocks';
import { generateDeployment } from '../../bench/lib/tenancy';
import { startWorldGateway, type WorldGateway } from './world-gateway';

/**
 * Scale (issue 18): a generated deployment file with 272 MPPs, each with three regional
 * agency instances (816 in all, every one pointed at the mocks), starts and serves. Start-up
 * time and RSS are printed for the record, never asserted (speed belongs to `npm run bench`).
 */

const TENANTS = 272;

/**
 * A third regional agency for the count (the manpower office's connector is not built in
 * yet): PDAM's protocol under another key, so each of its instances is a real pipeline and
 * runtime against the water mock. Test-only.
 */
const stand_in: ConnectorDefinition = {
  ...pdam,
  key: 'disnaker',
  title: 'Disnaker (test stand-in speaking PDAM’s protocol)',
  envPrefix: 'DISNAKER',
  scope: 'regional',
};
const standInModule: AgencyModule = {
  connector: stand_in,
  // No API of its own: the stand-in exists for its pipelines only.
  typeDefs: /* GraphQL */ `
    type DisnakerStandIn {
      ok: Boolean
    }
  `,
  resolvers: {},
};

/** 272 MPPs, Langsa first (the mocks' data), every one with three regional instances. */
function generated(base: MockDeployment, env: Record<string, string>): MockDeployment {
  const langsa = base.tenants.find((t) => t.id === 'langsa')!;
  const secrets = (prefix: string) =>
    Object.fromEntries(
      Object.entries(env)
        .filter(([name]) => name.startsWith(`${prefix}_LANGSA_`))
        .map(([name, value]) => [name.slice(`${prefix}_LANGSA_`.length), value]),
    );
  const pdamUrl = langsa.instances['pdam']!.baseUrl!;
  const out = generateDeployment(TENANTS, {
    bpkd: { prefix: 'BPKD', url: langsa.instances['bpkd']!.baseUrl!, secrets: secrets('BPKD') },
    pdam: { prefix: 'PDAM', url: pdamUrl, secrets: secrets('PDAM') },
    disnaker: { prefix: 'DISNAKER', url: pdamUrl, secrets: secrets('PDAM') },
  });
  Object.assign(env, out.env);
  return out.deployment;
}

let mocks: RunningWorldMocks;
let gw: WorldGateway | undefined;

beforeAll(async () => {
  mocks = await startWorldMocks();
});
afterAll(async () => {
  await gw?.stop();
  await mocks.stop();
});

it('starts with 272 tenants × 3 regional instances and serves a query', async () => {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  gw = await startWorldGateway({
    mocks,
    extra: [standInModule],
    deployment: (d) => generated(d, mocks.env),
  });
  const startMs = performance.now() - started;
  const rssAfter = process.memoryUsage().rss;

  const instances = gw.gateway.ops.list().filter((r) => r.tenant !== null);
  expect(instances).toHaveLength(TENANTS * 3);
  expect(new Set(instances.map((r) => r.tenant)).size).toBe(TENANTS);

  const langsa = mocks.world.cities['langsa']!;
  const nik = langsa.fixtures.everyServiceHeadNik;
  const { body } = await gw.gql<{
    citizen: { fullName: string; waterAccounts: unknown[]; taxObjects: unknown[] } | null;
  }>(
    'langsa',
    'query ($nik: String!) { citizen(nik: $nik) { fullName waterAccounts { customerNumber } taxObjects { nop } } }',
    {
      nik,
    },
  );
  expect(body.errors).toBeUndefined();
  expect(body.data?.citizen?.waterAccounts).toHaveLength(langsa.waterByOwner.get(nik)!.length);
  expect(body.data?.citizen?.taxObjects).toHaveLength(langsa.taxObjectsByOwner.get(nik)!.length);

  // Measurements for the record (not assertions).
  process.stdout.write(
    `\n  272 tenants × 3 instances: start-up ${startMs.toFixed(0)} ms, ` +
      `RSS ${(rssAfter / 2 ** 20).toFixed(0)} MiB (+${((rssAfter - rssBefore) / 2 ** 20).toFixed(0)} MiB)\n`,
  );
});
