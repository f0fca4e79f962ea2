import { getDataset } from '../../mocks/data/dataset';
import { getWorld } from '../../mocks/data/world';

/**
 * The two-city mock world (mocks/data/world.ts): deterministic, documented identities
 * (README, "Kota Lhokseumawe"), each city's records in its own region, and consistent with
 * the national agencies (every owner is a Dukcapil resident; no national number collides).
 */
const world = getWorld();
const langsa = world.cities['langsa']!;
const lhok = world.cities['lhokseumawe']!;

it('documents the same Lhokseumawe identities on every build', () => {
  expect(lhok.fixtures).toEqual({
    everyServiceFamilyKk: '1174020706170001',
    everyServiceHeadNik: '1174022405830001',
    premiumArrearsNik: '1174040908940001',
    arrearsNik: '1174043005760001',
    dukcapilOnlyNik: '1174042002860001',
    unknownNik: '1174030101909999',
    movedInNik: '1173012406789001',
  });
  expect(langsa.fixtures.movedInNik).toBe('1174023005689001');
});

it('leaves the Langsa data set of the single-city mocks unchanged (movers come last)', () => {
  const single = getDataset();
  expect(langsa.households.slice(0, single.households.length).map((h) => h.kk)).toEqual(
    single.households.map((h) => h.kk),
  );
  expect(langsa.households).toHaveLength(single.households.length + 2);
});

it('keeps each city’s tax objects and family cards in its own region; movers keep their NIK', () => {
  for (const [city, region] of [
    [langsa, '1173'],
    [lhok, '1174'],
  ] as const) {
    for (const nop of city.taxObjects.keys()) expect(nop.slice(0, 4)).toBe(region);
    for (const h of city.households) expect(h.kk.slice(0, 4)).toBe(region);
  }
  const mover = lhok.byNik.get(lhok.fixtures.movedInNik!)!;
  expect(mover.kk.startsWith('1174')).toBe(true);
  expect(langsa.byNik.has(mover.nik)).toBe(false);
});

it('is consistent with the national agencies: owners are residents, numbers never collide', () => {
  const { national } = world;
  for (const city of [langsa, lhok]) {
    for (const o of city.taxObjects.values()) expect(national.byNik.has(o.ownerNik)).toBe(true);
    for (const a of city.waterAccounts.values()) expect(national.byNik.has(a.ownerNik)).toBe(true);
  }
  expect(national.byNik.size).toBe(langsa.byNik.size + lhok.byNik.size);
  expect(national.health.size).toBe(langsa.health.size + lhok.health.size);
  expect(national.employment.size).toBe(langsa.employment.size + lhok.employment.size);
  expect(national.healthByNik.get(lhok.fixtures.everyServiceHeadNik)?.status.kode).toBe('0');
});
