/**
 * What the BPKD connector gives the rest of the gateway: PBB-P2 tax objects and their annual
 * bills (SPPT), in our own words. These are the codegen mapper types of `TaxObject` and
 * `TaxBill`, and the shape stored in the shared cache (plain JSON: no Date objects).
 */

/** One annual PBB-P2 bill (SPPT) of a tax object. */
export interface TaxBillRecord {
  /** The tax object the bill belongs to (18 digits). */
  nop: string;
  /** Tax year (THN_PAJAK_SPPT). */
  year: number;
  /** Land and building area assessed that year, m². */
  landArea: number;
  buildingArea: number;
  /** Assessed values (NJOP) in rupiah: land, building, total. */
  njopLand: number;
  njopBuilding: number;
  njop: number;
  /** Non-taxable allowance (NJOPTKP) in rupiah. */
  njoptkp: number;
  /** Tax assessed before reductions (PBB terhutang). */
  assessedTax: number;
  /** Amount to pay after reductions (PBB yang harus dibayar): the base of the late penalty. */
  amount: number;
  /** ISO date the bill falls due (TGL_JATUH_TEMPO_SPPT). */
  dueDate: string;
  paid: boolean;
  /** ISO date of payment, when paid and the agency recorded the date. */
  paidOn: string | null;
}

/** Where a tax object lies. */
export interface TaxObjectLocation {
  street: string;
  village: string;
  district: string;
}

/** A PBB-P2 tax object (land, with or without a building) and its bills. */
export interface TaxObjectRecord {
  /** 18 digits, no separators. */
  nop: string;
  /** Taxpayer on the newest bill (NM_WP_SPPT). */
  taxpayerName: string;
  /** Taxpayer's mailing address on the newest bill (JLN_WP_SPPT, KELURAHAN_WP_SPPT). */
  taxpayerAddress: { street: string; village: string };
  location: TaxObjectLocation;
  /** Areas of the newest bill, m². */
  landArea: number;
  buildingArea: number;
  /** Every bill the agency holds, newest tax year first. */
  bills: TaxBillRecord[];
}
