import type {
  CustomsRegistrationRecord,
  CustomsShipmentRecord,
  CustomsShipmentStatus,
} from './domain';
import type { RegistrationItem, ShipmentItem, StatusText } from './payloads';

const STATUS: Record<StatusText, CustomsShipmentStatus> = {
  'Dokumen diterima untuk diproses Bea Cukai': 'RECEIVED',
  'Selesai validasi sistem Bea Cukai': 'VALIDATED',
  'Permintaan Dokumen': 'DOCUMENTS_REQUESTED',
  'Barang menunggu penyiapan penyelenggara pos untuk pemeriksaan fisik': 'AWAITING_INSPECTION',
  'LHP telah direkam': 'INSPECTED',
  'Penetapan SPPBMCP': 'RELEASED',
};

/** The category INSW shows for a NIB valid as customs access. */
export const REGISTERED_CATEGORY = 'REC CEISA';

export function toCustomsShipment(item: ShipmentItem): CustomsShipmentRecord {
  const history = item.riwayatStatus
    .map((e) => ({ status: STATUS[e.uraianStatus], statusText: e.uraianStatus, at: e.waktuStatus }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const last = history[history.length - 1]!;
  const t = item.tagihan;
  return {
    airWaybill: item.nomorBarang,
    recipientNik: item.nikPenerima,
    kind: item.jenisNomor === 'AWB' ? 'AIR_WAYBILL' : 'POSTAL',
    description: item.uraianBarang.trim(),
    customsValue: item.nilaiPabean,
    status: last.status,
    statusText: last.statusText,
    history,
    duties: {
      importDuty: t.beaMasuk,
      vat: t.ppn,
      incomeTax: t.pph,
      // Recomputed: the parts are what the citizen pays; a disagreeing total is not trusted.
      total: t.beaMasuk + t.ppn + t.pph,
      billingCode: t.kodeBilling,
    },
  };
}

export function toCustomsRegistration(item: RegistrationItem): CustomsRegistrationRecord {
  const category = item.kategori.trim().toUpperCase();
  return {
    nib: item.nib,
    npwp: item.npwp,
    companyName: item.namaPerusahaan.trim(),
    category,
    registered: category === REGISTERED_CATEGORY,
    nibIssuedOn: item.tanggalTerbitNib,
  };
}

/**
 * Shipments per requested recipient NIK, latest status first: every requested NIK gets a
 * list (empty when none). Rows for NIKs not asked about are ignored.
 */
export function groupByRecipient(
  niks: readonly string[],
  items: readonly ShipmentItem[],
): Map<string, CustomsShipmentRecord[]> {
  const byNik = new Map<string, CustomsShipmentRecord[]>(niks.map((n) => [n, []]));
  for (const item of items) {
    const list = byNik.get(item.nikPenerima);
    if (list && !list.some((s) => s.airWaybill === item.nomorBarang))
      list.push(toCustomsShipment(item));
  }
  const latest = (s: CustomsShipmentRecord) => s.history[s.history.length - 1]!.at;
  for (const list of byNik.values())
    list.sort((a, b) => Date.parse(latest(b)) - Date.parse(latest(a)));
  return byNik;
}
