import { getDataset, type Household } from '../../mocks/data/dataset';
import type { Agency } from './stack';

/** `waterAccount` with every field: the single-record lookup of scenarios 1, 2 and 5. */
export const WATER_QUERY = `query Water($n: String!) { waterAccount(customerNumber: $n) {
  customerNumber name address tariffGroup tariffName
  unpaidPeriods { period previousReading currentReading usageM3 waterCharge adminFee penalty total }
  periodsInArrears totalOutstanding } }`;

/** The same lookup through the peer's Mesh-generated schema (the native field names). */
export const PEER_WATER_QUERY = `query Water($n: queryInput_inquiry_nosamb!) { inquiry(nosamb: $n) {
  ... on InquiryResponse { rc message data { nosamb nama alamat golongan nama_golongan
  tagihan { periode stanlalu stanskrg pakai biaya_air biaya_admin denda total } } } } }`;

/** A citizen's full view with the whole family, every agency per member (scenario 3). */
export const FAMILY_QUERY = `query Family($nik: String!) { citizen(nik: $nik) {
  nik fullName birthDate sex address { village district }
  family { kkNumber members { nik fullName relationship
    healthInsurance { cardNumber status careClass }
    employmentInsurance { kpj status programmes }
    taxObjects { nop bills(unpaidOnly: true) { year totalDue } }
    waterAccounts { customerNumber periodsInArrears totalOutstanding } } } } }`;

/** A citizen with their health insurance: touches Dukcapil and BPJS Kesehatan (scenario 4). */
export const HEALTH_QUERY = `query Health($nik: String!) { citizen(nik: $nik) {
  fullName healthInsurance { cardNumber status } } }`;

export const gqlBody = (query: string, variables: Record<string, string>) =>
  JSON.stringify({ query, variables });

/** Records of the mocks' seeded data set the scenarios rotate through. */
export interface Workload {
  /** Every PDAM customer number (cold scenarios rotate through them). */
  waterAccounts: string[];
  /** The one record of the warm scenarios (the README's arrears fixture: five unpaid periods). */
  warmWaterAccount: string;
  /** Family heads (citizen NIK) in data-set order, with what a full view of each may cost. */
  families: FamilyCase[];
  /** The README's family with every service, for the warm family view. */
  warmFamilyHead: string;
  /** NIKs of residents with a BPJS Kesehatan card (scenario 4). */
  healthNiks: string[];
}

export interface FamilyCase {
  headNik: string;
  members: number;
  waterAccounts: number;
}

export function loadWorkload(): Workload {
  const ds = getDataset();
  const families = ds.households
    .filter(
      (h): h is Household & { members: [Household['members'][number]] } => h.members.length > 0,
    )
    .map((h) => ({
      headNik: h.members[0].nik,
      members: h.members.length,
      waterAccounts: h.members.reduce((n, m) => n + (ds.waterByOwner.get(m.nik)?.length ?? 0), 0),
    }));
  const warmWater = ds.waterByOwner.get(ds.fixtures.arrearsNik)?.[0]?.customerNumber;
  if (!warmWater) throw new Error('data set: the arrears fixture has no water account');
  return {
    waterAccounts: [...ds.waterAccounts.keys()],
    warmWaterAccount: warmWater,
    families,
    warmFamilyHead: ds.fixtures.everyServiceHeadNik,
    healthNiks: [...ds.healthByNik.keys()],
  };
}

/**
 * Upper bound of upstream calls for one family view, per agency endpoint (the mocks' counter
 * names). Batch endpoints: at most one call per query. Endpoints without a batch form: at
 * most one per member (BPJS Kesehatan) or per water account (PDAM inquiry). The OAuth token
 * of BPJS Ketenagakerjaan is per process, not per query, and is left out.
 */
export function familyCallBound(
  agency: Agency,
  endpoint: string,
  family: FamilyCase,
): number | undefined {
  const key = `${agency}/${endpoint}`;
  switch (key) {
    case 'dukcapil/CALL_NIK': // the citizen asked for; members come with the family card
    case 'dukcapil/CALL_KK':
    case 'bpkd/GetObjekPajakBySubjek':
    case 'bpkd/GetTagihanSppt':
    case 'pdam/pelanggan':
    case 'bpjs-ketenagakerjaan/peserta-search':
      return 1;
    case 'pdam/inquiry':
      return family.waterAccounts;
    case 'bpjs-kesehatan/peserta-nik':
    case 'bpjs-kesehatan/peserta-nokartu':
      return family.members;
    case 'bpjs-ketenagakerjaan/token':
      return undefined;
    default:
      return 0; // an endpoint a family view should not need at all
  }
}

/** Which endpoints have a batch form (for the report's wording). */
export const BATCH_ENDPOINTS = new Set([
  'dukcapil/CALL_KK',
  'bpkd/GetObjekPajakBySubjek',
  'bpkd/GetTagihanSppt',
  'pdam/pelanggan',
  'bpjs-ketenagakerjaan/peserta-search',
]);
