import type { Dataset, TaxBill, TaxObject } from '../data/dataset';
import { el, nil } from './soap';

/**
 * The per-item results of both operations, rendered from the data set once per NOP or NIK
 * and then served from memory. Only paid flags change while mocks run (the bank mock pays
 * bills), so they are part of the memo key.
 */

/** Bank-channel result codes the service reuses per item. */
export const RC = { ok: '00', alreadyPaid: '54', notFound: '55' } as const;

function spptRow(obj: TaxObject, bill: TaxBill): string {
  return (
    '<Sppt>' +
    el('THN_PAJAK_SPPT', bill.year) +
    el('NM_WP_SPPT', obj.ownerName) +
    el('JLN_WP_SPPT', obj.ownerStreet) +
    el('KELURAHAN_WP_SPPT', obj.ownerVillage) +
    el('LUAS_BUMI_SPPT', bill.landArea) +
    el('LUAS_BNG_SPPT', bill.buildingArea) +
    el('NJOP_BUMI_SPPT', bill.njopLand) +
    el('NJOP_BNG_SPPT', bill.njopBuilding) +
    el('NJOP_SPPT', bill.njop) +
    el('NJOPTKP_SPPT', bill.njoptkp) +
    el('PBB_TERHUTANG_SPPT', bill.taxDue) +
    el('PBB_YG_HARUS_DIBAYAR_SPPT', bill.amountToPay) +
    el('TGL_JATUH_TEMPO_SPPT', bill.dueDate) +
    el('STATUS_PEMBAYARAN_SPPT', bill.paid ? '1' : '0') +
    (bill.paidDate ? el('TGL_PEMBAYARAN_SPPT', bill.paidDate) : nil('TGL_PEMBAYARAN_SPPT')) +
    '</Sppt>'
  );
}

function tagihanResult(nop: string, obj: TaxObject | undefined): string {
  if (!obj)
    return `<Hasil>${el('Nop', nop)}${el('KodeRespon', RC.notFound)}${el('PesanRespon', 'NOP TIDAK DITEMUKAN')}</Hasil>`;
  const allPaid = obj.bills.every((b) => b.paid);
  return (
    '<Hasil>' +
    el('Nop', nop) +
    el('KodeRespon', allPaid ? RC.alreadyPaid : RC.ok) +
    el('PesanRespon', allPaid ? 'TAGIHAN SUDAH LUNAS' : 'TAGIHAN DITEMUKAN') +
    `<ObjekPajak>${el('JALAN_OP', obj.objectStreet)}${el('KELURAHAN_OP', obj.objectVillage)}${el('KECAMATAN_OP', obj.objectDistrict)}</ObjekPajak>` +
    // SISMIOP lists SPPTs oldest year first.
    `<DaftarSppt>${obj.bills.map((b) => spptRow(obj, b)).join('')}</DaftarSppt>` +
    '</Hasil>'
  );
}

/** DAT_OBJEK_PAJAK's key columns: the NOP split into its seven parts. */
function objekPajak(obj: TaxObject): string {
  const n = obj.nop;
  const newest = obj.bills[obj.bills.length - 1];
  return (
    '<ObjekPajak>' +
    el('KD_PROPINSI', n.slice(0, 2)) +
    el('KD_DATI2', n.slice(2, 4)) +
    el('KD_KECAMATAN', n.slice(4, 7)) +
    el('KD_KELURAHAN', n.slice(7, 10)) +
    el('KD_BLOK', n.slice(10, 13)) +
    el('NO_URUT', n.slice(13, 17)) +
    el('KD_JNS_OP', n.slice(17)) +
    el('NM_WP', obj.ownerName) +
    el('JALAN_OP', obj.objectStreet) +
    el('KELURAHAN_OP', obj.objectVillage) +
    el('KECAMATAN_OP', obj.objectDistrict) +
    el('TOTAL_LUAS_BUMI', newest?.landArea ?? 0) +
    el('TOTAL_LUAS_BNG', newest?.buildingArea ?? 0) +
    '</ObjekPajak>'
  );
}

function subjekResult(nik: string, objects: TaxObject[] | undefined): string {
  if (!objects?.length) {
    return `<Hasil>${el('SubjekPajakId', nik)}${el('KodeRespon', RC.notFound)}${el('PesanRespon', 'SUBJEK PAJAK TIDAK MEMILIKI OBJEK PAJAK')}</Hasil>`;
  }
  return (
    '<Hasil>' +
    el('SubjekPajakId', nik) +
    el('KodeRespon', RC.ok) +
    el('PesanRespon', 'DATA DITEMUKAN') +
    `<DaftarObjekPajak>${objects.map(objekPajak).join('')}</DaftarObjekPajak>` +
    '</Hasil>'
  );
}

/** Memoised renderers over one data set. Unknown ids are rendered on the fly (not memoised). */
export class ResultRenderer {
  private readonly tagihan = new Map<string, string>();
  private readonly subjek = new Map<string, string>();

  constructor(private readonly dataset: Dataset) {}

  tagihanFor(nop: string): string {
    const obj = this.dataset.taxObjects.get(nop);
    // The bank mock pays bills in the shared data set: paid flags and dates are part of the key.
    const key = obj
      ? `${nop}:${obj.bills.map((b) => (b.paid ? (b.paidDate ?? 1) : 0)).join(',')}`
      : nop;
    const cached = this.tagihan.get(key);
    if (cached) return cached;
    const xml = tagihanResult(nop, obj);
    if (obj) this.tagihan.set(key, xml);
    return xml;
  }

  subjekFor(nik: string): string {
    const cached = this.subjek.get(nik);
    if (cached) return cached;
    const objects = this.dataset.taxObjectsByOwner.get(nik);
    const xml = subjekResult(nik, objects);
    if (objects) this.subjek.set(nik, xml);
    return xml;
  }
}
