import { buildDataset, LANGSA, LHOKSEUMAWE, type CityProfile, type Dataset } from './dataset';

/**
 * Two MPPs' world: Kota Langsa and Kota Lhokseumawe, each with its own households, tax
 * objects and water connections, and a few families who moved from one city to the other
 * (their NIKs keep the old city's code). The national agencies (Dukcapil, BPJS, Imigrasi)
 * serve `national`, the union of both cities; each city's tax office and water utility serve
 * that city's own set only.
 */
export interface World {
  national: Dataset;
  /** By tenant id: "langsa", "lhokseumawe". */
  cities: Record<string, Dataset>;
}

/** The cities of the development deployment, in tenant order (Langsa first: the default). */
export const CITIES: readonly CityProfile[] = [LANGSA, LHOKSEUMAWE];

/** Families who moved to each city from the other. */
const MOVERS_PER_CITY = 2;

/** Every map of `a` and `b` merged (keys never collide: numbers carry the region). */
export function mergeDatasets(a: Dataset, b: Dataset): Dataset {
  const merge = <K, V>(x: Map<K, V>, y: Map<K, V>) => new Map([...x, ...y]);
  return {
    households: [...a.households, ...b.households],
    residents: [...a.residents, ...b.residents],
    byNik: merge(a.byNik, b.byNik),
    byKk: merge(a.byKk, b.byKk),
    taxObjects: merge(a.taxObjects, b.taxObjects),
    taxObjectsByOwner: merge(a.taxObjectsByOwner, b.taxObjectsByOwner),
    // Water numbers carry no region and do collide between cities: the national view has none.
    waterAccounts: new Map(),
    waterByOwner: new Map(),
    health: merge(a.health, b.health),
    healthByNik: merge(a.healthByNik, b.healthByNik),
    employment: merge(a.employment, b.employment),
    employmentByNik: merge(a.employmentByNik, b.employmentByNik),
    fixtures: a.fixtures,
  };
}

let shared: World | undefined;
/** The two-city world, built once per process (deterministic: fixed seeds). */
export function getWorld(): World {
  if (shared) return shared;
  const [first, second] = CITIES as [CityProfile, CityProfile];
  const cities = {
    [first.key]: buildDataset(first.seed, first, {
      movedIn: { from: second, households: MOVERS_PER_CITY },
    }),
    [second.key]: buildDataset(second.seed, second, {
      movedIn: { from: first, households: MOVERS_PER_CITY },
    }),
  };
  shared = { national: mergeDatasets(cities[first.key]!, cities[second.key]!), cities };
  return shared;
}
