import type { Dataset, Resident } from '../data/dataset';
import { DATA_AS_OF } from '../data/dataset';
import { Random } from '../data/random';
import { iataAwb, s10 } from './identifiers';

/**
 * Personal shipments (barang kiriman) held by customs for residents of Kota Langsa, and
 * businesses with an OSS NIB, derived deterministically from the shared data set: about 2%
 * of adult residents have a parcel (some two), about 1% of adults run a business with a NIB,
 * two thirds of those registered as customs access ("REC CEISA").
 */

/** DJBC's public status texts for barang kiriman, in the order a shipment passes them. */
export const STATUS = {
  received: 'Dokumen diterima untuk diproses Bea Cukai',
  validated: 'Selesai validasi sistem Bea Cukai',
  documents: 'Permintaan Dokumen',
  waitingInspection: 'Barang menunggu penyiapan penyelenggara pos untuk pemeriksaan fisik',
  inspected: 'LHP telah direkam',
  released: 'Penetapan SPPBMCP',
} as const;
export type StatusText = (typeof STATUS)[keyof typeof STATUS];

export interface MockStatusEvent {
  kodeStatus: string;
  uraianStatus: StatusText;
  waktuStatus: string;
}

export interface MockShipment {
  nomorBarang: string;
  jenisNomor: 'AWB' | 'POS';
  nikPenerima: string;
  namaPenerima: string;
  uraianBarang: string;
  nilaiPabean: number;
  riwayat: MockStatusEvent[];
  beaMasuk: number;
  ppn: number;
  pph: number;
  kodeBilling: string | null;
}

export interface MockBusiness {
  nib: string;
  npwp: string;
  namaPerusahaan: string;
  nikPemilik: string;
  kategori: 'REC CEISA' | 'NON REC';
  tanggalTerbit: string;
}

export interface BeaCukaiData {
  shipments: Map<string, MockShipment>;
  businesses: Map<string, MockBusiness>;
  byNpwp: Map<string, MockBusiness>;
  fixtures: {
    /** The every-service head's postal parcel: duties due, billing code issued. */
    postalParcel: string;
    /** An air waybill waiting for documents (invoice, proof of payment). */
    airWaybill: string;
    /** Well-formed (valid check digit) but never issued. */
    unknownAirWaybill: string;
    /** A business registered as customs access (REC CEISA). */
    registeredNib: string;
    registeredNpwp: string;
    /** A business with a NIB but without customs access. */
    unregisteredNib: string;
    /** Well-formed, never issued. */
    unknownNib: string;
  };
}

const GOODS = [
  'SEPATU OLAHRAGA',
  'TELEPON GENGGAM',
  'PAKAIAN JADI',
  'SUKU CADANG SEPEDA MOTOR',
  'JAM TANGAN',
  'KOSMETIK',
  'BUKU',
  'MAINAN ANAK',
] as const;

/** Rupiah per USD the mock uses for customs value (a fixed Kurs Menteri Keuangan). */
const KURS = 15_800;
const SHARE_PARCEL = 0.02;
const SHARE_BUSINESS = 0.01;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ageOf = (r: Resident) => 2026 - Number(r.birthDate.slice(0, 4));
const addHours = (iso: string, hours: number) =>
  // Shown in WIB (UTC+7), as DJBC's site shows times.
  new Date(Date.parse(iso) + (hours + 7) * 3_600_000).toISOString().replace('.000Z', '+07:00');

function seedOf(key: string): number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

/**
 * Duties of a barang kiriman (PMK 96/2023, simplified): free up to USD 3; above, import duty
 * 7.5%, VAT 11% of value plus duty, income tax 10% above USD 1,500. Whole rupiah.
 */
export function dutiesOf(valueUsd: number) {
  if (valueUsd <= 3) return { beaMasuk: 0, ppn: 0, pph: 0 };
  const value = Math.round(valueUsd * KURS);
  const beaMasuk = Math.round(value * 0.075);
  const ppn = Math.round((value + beaMasuk) * 0.11);
  const pph = valueUsd > 1_500 ? Math.round((value + beaMasuk) * 0.1) : 0;
  return { beaMasuk, ppn, pph };
}

export function buildBeaCukaiData(dataset: Dataset): BeaCukaiData {
  const rnd = new Random(seedOf('bea-cukai'));
  const shipments = new Map<string, MockShipment>();
  const businesses = new Map<string, MockBusiness>();
  const byNpwp = new Map<string, MockBusiness>();
  let serial = 0;
  let billing = 0;

  const add = (r: Resident, postal: boolean, stage: number, valueUsd: number, start: string) => {
    serial += 1;
    const number = postal
      ? s10(rnd.pick(['RR', 'CP', 'EE', 'LP']), pad(10_000_000 + serial * 7919, 8))
      : iataAwb(rnd.pick(['618', '157', '176', '020']), pad(1_000_000 + serial * 131, 7));
    const duties = dutiesOf(valueUsd);
    const path: Array<[string, StatusText]> = [
      ['101', STATUS.received],
      ['102', STATUS.validated],
    ];
    if (stage === 2) path.push(['103', STATUS.documents]);
    if (stage >= 3) path.push(['201', STATUS.waitingInspection]);
    if (stage >= 4) path.push(['202', STATUS.inspected]);
    if (stage >= 5) path.push(['301', STATUS.released]);
    const owed = duties.beaMasuk + duties.ppn + duties.pph > 0;
    const shipment: MockShipment = {
      nomorBarang: number,
      jenisNomor: postal ? 'POS' : 'AWB',
      nikPenerima: r.nik,
      namaPenerima: r.name,
      uraianBarang: rnd.pick(GOODS),
      nilaiPabean: Math.round(valueUsd * KURS),
      riwayat: path.map(([kodeStatus, uraianStatus], i) => ({
        kodeStatus,
        uraianStatus,
        waktuStatus: addHours(start, i * 20),
      })),
      ...duties,
      // The billing code is issued once the system has validated the declaration.
      kodeBilling: owed ? `8${pad(73_000_000_000_000 + ++billing * 37, 14)}` : null,
    };
    shipments.set(number, shipment);
    return shipment;
  };
  // Recent: parcels sit at customs for days, not months (before the data set's "today").
  const start = () =>
    new Date(Date.parse(`${DATA_AS_OF}T00:00:00.000Z`) - rnd.int(3, 30) * 86_400_000).toISOString();

  const f = dataset.fixtures;
  const head = dataset.byNik.get(f.everyServiceHeadNik);
  if (!head) throw new Error('bea-cukai mock: the every-service fixture is missing');
  const postal = add(head, true, 5, 120, '2026-10-20T02:00:00.000Z');
  const never = new Set([f.everyServiceHeadNik, f.dukcapilOnlyNik, f.unknownNik]);
  let air: MockShipment | undefined;

  for (const r of dataset.residents) {
    // One draw per resident per share, whatever the outcome.
    const parcelRoll = rnd.next();
    const businessRoll = rnd.next();
    if (never.has(r.nik) || ageOf(r) < 17) continue;
    if (parcelRoll < SHARE_PARCEL) {
      const s = add(r, rnd.chance(0.5), rnd.int(1, 5), rnd.pick([2, 45, 180, 600, 1_800]), start());
      if (
        !air &&
        s.jenisNomor === 'AWB' &&
        s.riwayat.some((e) => e.uraianStatus === STATUS.documents)
      )
        air = s;
      if (parcelRoll < SHARE_PARCEL / 5) add(r, false, 5, 25, start());
    }
    if (businessRoll < SHARE_BUSINESS) {
      const n = businesses.size + 1;
      const b: MockBusiness = {
        nib: `91202${pad(n * 7_331, 8)}`,
        npwp: `0${pad(10_000_000_000_000 + n * 9_173_007, 15)}`,
        namaPerusahaan: `CV ${r.name.split(' ')[0]} ${rnd.pick(['JAYA', 'MAKMUR', 'SEJAHTERA', 'ABADI'])}`,
        nikPemilik: r.nik,
        kategori: rnd.chance(0.66) ? 'REC CEISA' : 'NON REC',
        tanggalTerbit: `20${rnd.int(19, 26)}-${pad(rnd.int(1, 12), 2)}-${pad(rnd.int(1, 28), 2)}`,
      };
      businesses.set(b.nib, b);
      byNpwp.set(b.npwp, b);
    }
  }
  const all = [...businesses.values()];
  const registered = all.find((b) => b.kategori === 'REC CEISA');
  const unregistered = all.find((b) => b.kategori === 'NON REC');
  if (!air || !registered || !unregistered) throw new Error('bea-cukai mock: data set too small');
  return {
    shipments,
    businesses,
    byNpwp,
    fixtures: {
      postalParcel: postal.nomorBarang,
      airWaybill: air.nomorBarang,
      unknownAirWaybill: iataAwb('618', '9999999'),
      registeredNib: registered.nib,
      registeredNpwp: registered.npwp,
      unregisteredNib: unregistered.nib,
      unknownNib: '9120599999999',
    },
  };
}
