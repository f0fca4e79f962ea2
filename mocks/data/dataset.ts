import { Random } from './random';
import {
  CLINICS,
  DISTRICTS,
  EDUCATION,
  EMPLOYERS,
  FEMALE_NAMES,
  MALE_NAMES,
  OCCUPATIONS,
  REGION,
  SECOND_NAMES,
  STREETS,
  type District,
} from './langsa';
import * as lhokseumawe from './lhokseumawe';

/**
 * One city's data set: its region, districts and local names, its size, and where its
 * national numbers (BPJS cards, KPJ) start so two cities' numbers never collide.
 */
export interface CityProfile {
  /** The tenant id of the city's MPP. */
  key: string;
  seed: number;
  region: { province: string; regency: string; regencyName: string };
  districts: readonly District[];
  clinics: readonly string[];
  employers: readonly string[];
  /** Birth place of most residents. */
  birthPlace: string;
  otherBirthPlaces: readonly string[];
  minResidents: number;
  minHouseholds: number;
  cardSerialStart: number;
  kpjSerialStart: number;
  providerPrefix: string;
}

export const LANGSA: CityProfile = {
  key: 'langsa',
  seed: 1173,
  region: REGION,
  districts: DISTRICTS,
  clinics: CLINICS,
  employers: EMPLOYERS,
  birthPlace: 'LANGSA',
  otherBirthPlaces: ['ACEH TIMUR', 'LHOKSEUMAWE', 'MEDAN', 'BANDA ACEH'],
  minResidents: 10_000,
  minHouseholds: 2_500,
  cardSerialStart: 100000,
  kpjSerialStart: 0,
  providerPrefix: '0110',
};

/** Kota Lhokseumawe: smaller than Langsa's set (a second city, not a second benchmark). */
export const LHOKSEUMAWE: CityProfile = {
  key: 'lhokseumawe',
  seed: 1174,
  region: lhokseumawe.REGION,
  districts: lhokseumawe.DISTRICTS,
  clinics: lhokseumawe.CLINICS,
  employers: lhokseumawe.EMPLOYERS,
  birthPlace: 'LHOKSEUMAWE',
  otherBirthPlaces: ['ACEH UTARA', 'BIREUEN', 'LANGSA', 'BANDA ACEH'],
  minResidents: 3_000,
  minHouseholds: 750,
  cardSerialStart: 50_000_000,
  kpjSerialStart: 500_000,
  providerPrefix: '0111',
};

/** Options of `buildDataset`. */
export interface BuildOptions {
  /**
   * Families who moved here from `from`: their NIKs keep `from`'s region code (a NIK never
   * changes), their family card, address, tax object and water connection are here. Appended
   * after every other household, so a city's set without movers is unchanged. Default none.
   */
  movedIn?: { from: CityProfile; households: number };
}

/**
 * The agencies' shared world: residents of Kota Langsa in families, and the records each
 * agency keeps about them. Every mock reads this one seeded data set, so a NIK that owns a
 * tax object in BPKD is a real resident in Dukcapil and may hold a BPJS card.
 */

/** Relationship codes on a family card (SHDK), as Dukcapil numbers them. */
export const RELATIONSHIPS = {
  1: 'KEPALA KELUARGA',
  2: 'SUAMI',
  3: 'ISTRI',
  4: 'ANAK',
  5: 'MENANTU',
  6: 'CUCU',
  7: 'ORANG TUA',
  8: 'MERTUA',
  9: 'FAMILI LAIN',
  10: 'PEMBANTU',
  11: 'LAINNYA',
} as const;
export type RelationshipCode = keyof typeof RELATIONSHIPS;

export interface Address {
  street: string;
  rt: string;
  rw: string;
  dusun: string;
  district: District;
  villageCode: string; // 4 digits, Kemendagri village code within the district
  village: string;
}

export interface Resident {
  nik: string;
  kk: string;
  name: string;
  birthPlace: string;
  birthDate: string; // ISO
  sex: 'L' | 'P';
  religion: string;
  maritalStatus: 'BELUM KAWIN' | 'KAWIN' | 'CERAI HIDUP' | 'CERAI MATI';
  occupation: string;
  education: string;
  bloodType: string;
  motherName: string;
  fatherName: string;
  relationship: RelationshipCode;
  ektpRecorded: boolean;
}

export interface Household {
  kk: string;
  issuedDate: string;
  address: Address;
  members: Resident[];
}

export interface TaxBill {
  year: number;
  landArea: number;
  buildingArea: number;
  njopLand: number;
  njopBuilding: number;
  njop: number;
  njoptkp: number;
  taxDue: number; // PBB terhutang
  amountToPay: number; // PBB yang harus dibayar (after reductions)
  dueDate: string; // ISO
  paid: boolean;
  paidDate: string | null;
}

export interface TaxObject {
  nop: string;
  ownerNik: string;
  ownerName: string;
  ownerStreet: string;
  ownerVillage: string;
  objectStreet: string;
  objectVillage: string;
  objectDistrict: string;
  bills: TaxBill[];
}

export interface WaterPeriod {
  period: string; // YYYYMM
  previousReading: number;
  currentReading: number;
  usage: number;
  waterCharge: number;
  adminFee: number;
  penalty: number;
  total: number;
}

export interface WaterAccount {
  customerNumber: string;
  ownerNik: string;
  name: string;
  address: string;
  tariffGroup: string;
  tariffName: string;
  unpaid: WaterPeriod[];
}

export interface HealthMembership {
  cardNumber: string;
  nik: string;
  name: string;
  sex: 'L' | 'P';
  birthDate: string;
  tmt: string;
  tat: string;
  status: { kode: string; keterangan: string };
  type: { kode: string; keterangan: string };
  classCode: '1' | '2' | '3';
  provider: { kdProvider: string; nmProvider: string };
}

export interface EmploymentMembership {
  kpj: string;
  nik: string;
  name: string;
  employer: string;
  programmes: string[];
  lastContributionMonth: string; // YYYY-MM
  jhtBalance: number;
  active: boolean;
  registeredDate: string;
}

export interface Dataset {
  households: Household[];
  residents: Resident[];
  byNik: Map<string, Resident>;
  byKk: Map<string, Household>;
  taxObjects: Map<string, TaxObject>;
  taxObjectsByOwner: Map<string, TaxObject[]>;
  waterAccounts: Map<string, WaterAccount>;
  waterByOwner: Map<string, WaterAccount[]>;
  health: Map<string, HealthMembership>;
  healthByNik: Map<string, HealthMembership>;
  employment: Map<string, EmploymentMembership>;
  employmentByNik: Map<string, EmploymentMembership>;
  fixtures: Fixtures;
}

/** Identities documented in the README for examples and tests. */
export interface Fixtures {
  /** A family of five with every service: BPJS (both), two tax objects, a water account. */
  everyServiceFamilyKk: string;
  everyServiceHeadNik: string;
  /** A citizen whose BPJS Kesehatan membership is inactive for unpaid premiums. */
  premiumArrearsNik: string;
  /** A citizen with PBB unpaid for several years and several unpaid water periods. */
  arrearsNik: string;
  /** A resident known to Dukcapil only. */
  dukcapilOnlyNik: string;
  /** Structurally valid but unknown to every agency. */
  unknownNik: string;
  /** Head of a family who moved here from the other city (NIK of that city), if any. */
  movedInNik?: string;
}

export const DATASET_SEED = 1173;
/** The mocks' "today": fixed so that the data set (bills, periods) never drifts. */
export const DATA_AS_OF = '2026-11-01';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ddmmyy = (iso: string, plus40 = false) => {
  const [y, m, d] = iso.split('-');
  return `${pad(Number(d) + (plus40 ? 40 : 0), 2)}${m}${y!.slice(2)}`;
};

class Numbering {
  private readonly used = new Map<string, number>();
  /** `start`: serials begin after it (movers' NIKs take 9001+ so they never meet their old city's). */
  constructor(private readonly start = 0) {}
  next(prefix: string): string {
    const n = (this.used.get(prefix) ?? this.start) + 1;
    this.used.set(prefix, n);
    return `${prefix}${pad(n, 4)}`;
  }
}

interface Flags {
  health?: 'active' | 'arrears' | 'none';
  employment?: boolean;
  taxObjects?: number;
  taxUnpaidYears?: number;
  waterUnpaidPeriods?: number | 'none';
  familySize?: number;
}

export function buildDataset(
  seed = DATASET_SEED,
  city: CityProfile = LANGSA,
  options: BuildOptions = {},
): Dataset {
  const { region: REGION, districts: DISTRICTS, clinics: CLINICS, employers: EMPLOYERS } = city;
  const rnd = new Random(seed);
  const nikNumbers = new Numbering();
  const moverNikNumbers = new Numbering(9000);
  const kkNumbers = new Numbering();
  const nopNumbers = new Numbering();
  const ds: Dataset = {
    households: [],
    residents: [],
    byNik: new Map(),
    byKk: new Map(),
    taxObjects: new Map(),
    taxObjectsByOwner: new Map(),
    waterAccounts: new Map(),
    waterByOwner: new Map(),
    health: new Map(),
    healthByNik: new Map(),
    employment: new Map(),
    employmentByNik: new Map(),
    fixtures: {} as Fixtures,
  };
  let cardSerial = city.cardSerialStart;
  let kpjSerial = city.kpjSerialStart;
  let customerSerial = 0;

  const birthDate = (minAge: number, maxAge: number) => {
    const year = 2026 - rnd.int(minAge, maxAge);
    const month = rnd.int(1, 12);
    const day = rnd.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
    return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
  };
  const name = (sex: 'L' | 'P') =>
    `${rnd.pick(sex === 'L' ? MALE_NAMES : FEMALE_NAMES)} ${rnd.pick(SECOND_NAMES)}`;

  const makeResident = (
    hh: {
      kk: string;
      district: District;
      origin?: { region: CityProfile['region']; district: District };
    },
    sex: 'L' | 'P',
    born: string,
    relationship: RelationshipCode,
    parents: { mother: string; father: string },
    maritalStatus: Resident['maritalStatus'],
  ): Resident => {
    // A mover's NIK was issued in their old city and keeps its region and district codes.
    const nik = hh.origin
      ? moverNikNumbers.next(
          `${hh.origin.region.province}${hh.origin.region.regency}${hh.origin.district.code}${ddmmyy(born, sex === 'P')}`,
        )
      : nikNumbers.next(
          `${REGION.province}${REGION.regency}${hh.district.code}${ddmmyy(born, sex === 'P')}`,
        );
    const age = 2026 - Number(born.slice(0, 4));
    return {
      nik,
      kk: hh.kk,
      name: name(sex),
      birthPlace: rnd.chance(0.8) ? city.birthPlace : rnd.pick(city.otherBirthPlaces),
      birthDate: born,
      sex,
      religion: rnd.chance(0.97) ? 'ISLAM' : rnd.pick(['KRISTEN', 'BUDHA']),
      maritalStatus,
      occupation: age < 18 ? 'PELAJAR/MAHASISWA' : rnd.pick(OCCUPATIONS),
      education: age < 7 ? 'TIDAK/BELUM SEKOLAH' : rnd.pick(EDUCATION),
      bloodType: rnd.pick(['A', 'B', 'AB', 'O', 'TIDAK TAHU']),
      motherName: parents.mother,
      fatherName: parents.father,
      relationship,
      ektpRecorded: age >= 17 ? rnd.chance(0.95) : false,
    };
  };

  const addHousehold = (flags: Flags, from?: CityProfile): Household => {
    const district = rnd.pick(DISTRICTS);
    const origin = from && { region: from.region, district: rnd.pick(from.districts) };
    const villageIndex = rnd.int(0, district.villages.length - 1);
    const issued = `${rnd.int(2010, 2025)}-${pad(rnd.int(1, 12), 2)}-${pad(rnd.int(1, 28), 2)}`;
    const kk = kkNumbers.next(
      `${REGION.province}${REGION.regency}${district.code}${ddmmyy(issued)}`,
    );
    const address: Address = {
      street: `${rnd.pick(STREETS)} NO. ${rnd.int(1, 180)}`,
      rt: pad(rnd.int(1, 9), 3),
      rw: pad(rnd.int(1, 5), 3),
      dusun: `DUSUN ${rnd.pick(['MAWAR', 'MELATI', 'DAMAI', 'BAHAGIA', 'SEJAHTERA'])}`,
      district,
      villageCode: `${2000 + villageIndex + 1}`,
      village: district.villages[villageIndex]!,
    };
    const hh: Household = { kk, issuedDate: issued, address, members: [] };
    const size = flags.familySize ?? rnd.pick([1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7]);
    const elders = { mother: name('P'), father: name('L') };
    const headBorn = birthDate(size === 1 ? 20 : 28, 66);
    const married = size > 1 && rnd.chance(0.9);
    const head = makeResident(
      { kk, district, origin },
      'L',
      headBorn,
      1,
      elders,
      married ? 'KAWIN' : size > 1 ? 'CERAI MATI' : 'BELUM KAWIN',
    );
    hh.members.push(head);
    let spouse: Resident | undefined;
    if (married) {
      const headYear = Number(headBorn.slice(0, 4));
      const spouseAge = Math.max(20, 2026 - headYear - rnd.int(0, 6));
      spouse = makeResident(
        { kk, district, origin },
        'P',
        birthDate(spouseAge, spouseAge),
        3,
        { mother: name('P'), father: name('L') },
        'KAWIN',
      );
      hh.members.push(spouse);
    }
    const parentAge = 2026 - Number(headBorn.slice(0, 4));
    while (hh.members.length < size) {
      if (hh.members.length === size - 1 && size >= 6 && parentAge < 55 && rnd.chance(0.5)) {
        // A widowed parent living with the family.
        hh.members.push(
          makeResident(
            { kk, district, origin },
            'P',
            birthDate(parentAge + 22, parentAge + 30),
            7,
            { mother: name('P'), father: name('L') },
            'CERAI MATI',
          ),
        );
        continue;
      }
      const maxChildAge = Math.max(0, Math.min(30, parentAge - 20));
      const sex = rnd.chance(0.5) ? 'L' : 'P';
      hh.members.push(
        makeResident(
          { kk, district, origin },
          sex,
          birthDate(0, maxChildAge),
          4,
          { mother: spouse?.name ?? name('P'), father: head.name },
          'BELUM KAWIN',
        ),
      );
    }
    for (const m of hh.members) {
      ds.residents.push(m);
      ds.byNik.set(m.nik, m);
    }
    ds.households.push(hh);
    ds.byKk.set(kk, hh);

    // BPJS Kesehatan: nearly universal; the family shares a class and a clinic.
    const healthMode =
      flags.health ?? (rnd.chance(0.88) ? (rnd.chance(0.08) ? 'arrears' : 'active') : 'none');
    if (healthMode !== 'none') {
      const classCode = rnd.pick(['1', '2', '3', '3'] as const);
      const type = rnd.pick([
        { kode: '14', keterangan: 'PEKERJA MANDIRI' },
        { kode: '21', keterangan: 'PBI (APBN)' },
        { kode: '11', keterangan: 'PEGAWAI SWASTA' },
        { kode: '1', keterangan: 'PNS DAERAH' },
      ]);
      const clinicIndex = Number(district.code) - 1;
      for (const m of hh.members) {
        cardSerial += rnd.int(1, 97);
        const card: HealthMembership = {
          cardNumber: `000${pad(cardSerial, 10)}`,
          nik: m.nik,
          name: m.name,
          sex: m.sex,
          birthDate: m.birthDate,
          tmt: `${rnd.int(2014, 2024)}-${pad(rnd.int(1, 12), 2)}-01`,
          tat: '2050-01-01',
          status:
            healthMode === 'arrears'
              ? { kode: '9', keterangan: 'NON AKTIF KARNA PREMI' }
              : { kode: '0', keterangan: 'AKTIF' },
          type,
          classCode,
          provider: {
            kdProvider: `${city.providerPrefix}${district.code}${pad(clinicIndex + 1, 2)}`,
            nmProvider: CLINICS[clinicIndex]!,
          },
        };
        ds.health.set(card.cardNumber, card);
        ds.healthByNik.set(m.nik, card);
      }
    }

    // BPJS Ketenagakerjaan: working-age adults in formal work.
    for (const m of hh.members) {
      const age = 2026 - Number(m.birthDate.slice(0, 4));
      const formal = ['PEGAWAI NEGERI SIPIL', 'KARYAWAN SWASTA', 'KARYAWAN BUMN', 'GURU'].includes(
        m.occupation,
      );
      const enrol =
        flags.employment === undefined
          ? age >= 18 && age <= 58 && formal && rnd.chance(0.8)
          : flags.employment && age >= 18;
      if (!enrol) continue;
      kpjSerial += 1;
      const active = rnd.chance(0.9);
      const membership: EmploymentMembership = {
        kpj: `${pad(rnd.int(10, 26), 2)}${pad(kpjSerial * 37 + rnd.int(0, 36), 9)}`,
        nik: m.nik,
        name: m.name,
        employer: rnd.pick(EMPLOYERS),
        programmes: rnd.chance(0.6) ? ['JHT', 'JKK', 'JKM', 'JP', 'JKP'] : ['JHT', 'JKK', 'JKM'],
        lastContributionMonth: active ? '2026-10' : `202${rnd.int(3, 5)}-${pad(rnd.int(1, 12), 2)}`,
        jhtBalance: rnd.int(5, 900) * 125_000,
        active,
        registeredDate: `${rnd.int(2008, 2024)}-${pad(rnd.int(1, 12), 2)}-01`,
      };
      ds.employment.set(membership.kpj, membership);
      ds.employmentByNik.set(m.nik, membership);
    }

    // PBB-P2: the head's house, sometimes a second plot.
    const objects = flags.taxObjects ?? (rnd.chance(0.75) ? (rnd.chance(0.12) ? 2 : 1) : 0);
    for (let i = 0; i < objects; i++) {
      const villageNo = pad(villageIndex + 1, 3);
      const block = pad(rnd.int(1, 30), 3);
      const nop = `${nopNumbers.next(`${REGION.province}${REGION.regency}0${district.code}${villageNo}${block}`)}0`;
      const landArea = rnd.int(80, 600);
      const buildingArea = i === 0 ? rnd.int(36, 250) : 0;
      const landRate = rnd.pick([48_000, 103_000, 200_000, 335_000, 537_000, 1_032_000]);
      const buildingRate = rnd.pick([594_000, 968_000, 1_200_000, 1_800_000]);
      const unpaidYears =
        flags.taxUnpaidYears ?? (rnd.chance(0.25) ? 1 : rnd.chance(0.08) ? rnd.int(2, 4) : 0);
      const bills: TaxBill[] = [];
      for (let year = 2022; year <= 2026; year++) {
        // Assessments rise a little each year (NJOP revaluation).
        const growth = 1 + (year - 2022) * 0.04;
        const njopLand = Math.round(landArea * landRate * growth);
        const njopBuilding = Math.round(buildingArea * buildingRate * growth);
        const njop = njopLand + njopBuilding;
        const njoptkp = i === 0 ? 12_000_000 : 0;
        const base = Math.max(0, njop - njoptkp);
        const taxDue = Math.max(
          10_000,
          Math.round((base * (njop > 1_000_000_000 ? 0.002 : 0.001)) / 100) * 100,
        );
        const paid = year <= 2026 - unpaidYears;
        bills.push({
          year,
          landArea,
          buildingArea,
          njopLand,
          njopBuilding,
          njop,
          njoptkp,
          taxDue,
          amountToPay: taxDue,
          dueDate: `${year}-08-31`,
          paid,
          paidDate: paid ? `${year}-${pad(rnd.int(3, 8), 2)}-${pad(rnd.int(1, 28), 2)}` : null,
        });
      }
      const obj: TaxObject = {
        nop,
        ownerNik: head.nik,
        ownerName: head.name,
        ownerStreet: address.street,
        ownerVillage: address.village,
        objectStreet: i === 0 ? address.street : `${rnd.pick(STREETS)} (KEBUN)`,
        objectVillage: address.village,
        objectDistrict: district.name,
        bills,
      };
      ds.taxObjects.set(nop, obj);
      ds.taxObjectsByOwner.set(head.nik, [...(ds.taxObjectsByOwner.get(head.nik) ?? []), obj]);
    }

    // PDAM Tirta Keumuning: a connection per household for most of the city.
    const water =
      flags.waterUnpaidPeriods ??
      (rnd.chance(0.6) ? (rnd.chance(0.3) ? rnd.int(1, 2) : 0) : 'none');
    if (water !== 'none') {
      customerSerial += 1;
      const tariff = rnd.pick([
        { group: 'R1', name: 'RUMAH TANGGA A' },
        { group: 'R2', name: 'RUMAH TANGGA B' },
        { group: 'N1', name: 'NIAGA KECIL' },
        { group: 'S1', name: 'SOSIAL UMUM' },
      ]);
      const account: WaterAccount = {
        customerNumber: `01${district.code}${pad(customerSerial * 7, 6)}`,
        ownerNik: head.nik,
        name: head.name,
        address: `${address.street}, ${address.village}`,
        tariffGroup: tariff.group,
        tariffName: tariff.name,
        unpaid: [],
      };
      let reading = rnd.int(200, 3000);
      for (let k = water; k >= 1; k--) {
        const month = 11 - k; // periods up to 2026-10, the last one billed
        const period = `2026${pad(month, 2)}`;
        const usage = rnd.int(6, 38);
        const charge =
          Math.min(usage, 10) * 2_800 +
          Math.max(0, Math.min(usage, 20) - 10) * 3_900 +
          Math.max(0, usage - 20) * 5_200;
        const penalty = k > 1 ? 10_000 : 0; // overdue once the next period is billed
        account.unpaid.push({
          period,
          previousReading: reading,
          currentReading: reading + usage,
          usage,
          waterCharge: charge,
          adminFee: 5_000,
          penalty,
          total: charge + 5_000 + penalty,
        });
        reading += usage;
      }
      ds.waterAccounts.set(account.customerNumber, account);
      ds.waterByOwner.set(head.nik, [...(ds.waterByOwner.get(head.nik) ?? []), account]);
    }
    return hh;
  };

  // Fixture households come first so their identities are stable and documented.
  const every = addHousehold({
    familySize: 5,
    health: 'active',
    employment: true,
    taxObjects: 2,
    taxUnpaidYears: 1,
    waterUnpaidPeriods: 1,
  });
  const arrearsPremium = addHousehold({
    familySize: 3,
    health: 'arrears',
    employment: false,
    taxObjects: 1,
    taxUnpaidYears: 0,
    waterUnpaidPeriods: 0,
  });
  const arrearsBills = addHousehold({
    familySize: 4,
    health: 'active',
    employment: false,
    taxObjects: 1,
    taxUnpaidYears: 4,
    waterUnpaidPeriods: 5,
  });
  const dukcapilOnly = addHousehold({
    familySize: 1,
    health: 'none',
    employment: false,
    taxObjects: 0,
    waterUnpaidPeriods: 'none',
  });
  while (ds.residents.length < city.minResidents || ds.households.length < city.minHouseholds)
    addHousehold({});
  const movers: Household[] = [];
  for (let i = 0; i < (options.movedIn?.households ?? 0); i++)
    movers.push(
      addHousehold(
        { familySize: 3, health: 'active', taxObjects: 1, waterUnpaidPeriods: 1 },
        options.movedIn?.from,
      ),
    );

  ds.fixtures = {
    everyServiceFamilyKk: every.kk,
    everyServiceHeadNik: every.members[0]!.nik,
    premiumArrearsNik: arrearsPremium.members[0]!.nik,
    arrearsNik: arrearsBills.members[0]!.nik,
    dukcapilOnlyNik: dukcapilOnly.members[0]!.nik,
    // Same structure as a real NIK of the city (1 Jan 1990, a man) with a serial never issued.
    unknownNik: `${REGION.province}${REGION.regency}030101909999`,
    ...(movers[0] ? { movedInNik: movers[0].members[0]!.nik } : {}),
  };
  return ds;
}

let shared: Dataset | undefined;
/** The default data set, built once per process (about 10k residents, a few tens of ms). */
export function getDataset(): Dataset {
  shared ??= buildDataset();
  return shared;
}
