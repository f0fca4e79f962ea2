import { upstreamBadResponse } from '../../errors';
import type { TaxBillRecord, TaxObjectRecord } from './domain';
import {
  RESULT_CODES,
  type ObjekPajakPayload,
  type SpptPayload,
  type SubjekResultPayload,
  type TagihanResultPayload,
} from './payloads';

/** Native → domain, once. Result codes are interpreted here, so nothing above sees them. */

/** The 18-digit NOP from SISMIOP's split key columns. */
export function nopOf(o: ObjekPajakPayload): string {
  return `${o.KD_PROPINSI}${o.KD_DATI2}${o.KD_KECAMATAN}${o.KD_KELURAHAN}${o.KD_BLOK}${o.NO_URUT}${o.KD_JNS_OP}`;
}

/** The NOPs a subject holds, or null when the service knows no object of that subject (55). */
export function toNopList(result: SubjekResultPayload, connector: string): string[] | null {
  switch (result.KodeRespon) {
    case RESULT_CODES.notFound:
      return null;
    case RESULT_CODES.ok:
      return [...new Set(result.DaftarObjekPajak.ObjekPajak.map(nopOf))];
    default:
      throw upstreamBadResponse(
        connector,
        `GetObjekPajakBySubjek result code ${result.KodeRespon}`,
      );
  }
}

/**
 * A tax object with its bills, or null when the NOP is unknown (55). Both 00 (something to
 * pay) and 54 (everything paid: a bank channel's "already paid") mean the object exists.
 */
export function toTaxObject(
  result: TagihanResultPayload,
  connector: string,
): TaxObjectRecord | null {
  if (result.KodeRespon === RESULT_CODES.notFound) return null;
  if (result.KodeRespon !== RESULT_CODES.ok && result.KodeRespon !== RESULT_CODES.alreadyPaid) {
    throw upstreamBadResponse(connector, `GetTagihanSppt result code ${result.KodeRespon}`);
  }
  const rows = [...result.DaftarSppt.Sppt].sort((a, b) => b.THN_PAJAK_SPPT - a.THN_PAJAK_SPPT);
  const newest = rows[0];
  // "Found" without an object or a single bill contradicts itself: refuse rather than guess.
  if (!newest || !result.ObjekPajak) {
    throw upstreamBadResponse(
      connector,
      `GetTagihanSppt result ${result.KodeRespon} without SPPT rows`,
    );
  }
  return {
    nop: result.Nop,
    taxpayerName: newest.NM_WP_SPPT,
    taxpayerAddress: { street: newest.JLN_WP_SPPT, village: newest.KELURAHAN_WP_SPPT },
    location: {
      street: result.ObjekPajak.JALAN_OP,
      village: result.ObjekPajak.KELURAHAN_OP,
      district: result.ObjekPajak.KECAMATAN_OP,
    },
    landArea: newest.LUAS_BUMI_SPPT,
    buildingArea: newest.LUAS_BNG_SPPT,
    bills: rows.map((row) => toTaxBill(result.Nop, row)),
  };
}

function toTaxBill(nop: string, row: SpptPayload): TaxBillRecord {
  const paid = row.STATUS_PEMBAYARAN_SPPT === '1';
  return {
    nop,
    year: row.THN_PAJAK_SPPT,
    landArea: row.LUAS_BUMI_SPPT,
    buildingArea: row.LUAS_BNG_SPPT,
    njopLand: row.NJOP_BUMI_SPPT,
    njopBuilding: row.NJOP_BNG_SPPT,
    njop: row.NJOP_SPPT,
    njoptkp: row.NJOPTKP_SPPT,
    assessedTax: row.PBB_TERHUTANG_SPPT,
    amount: row.PBB_YG_HARUS_DIBAYAR_SPPT,
    dueDate: row.TGL_JATUH_TEMPO_SPPT,
    paid,
    // Some rows keep a payment date after a reversal; the status flag is authoritative.
    paidOn: paid ? (row.TGL_PEMBAYARAN_SPPT ?? null) : null,
  };
}
