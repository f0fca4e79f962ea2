/**
 * What the PDAM connector hands to the rest of the gateway: water accounts in English, in
 * rupiah and cubic metres, already checked. Resolvers and the cache see only these shapes.
 */

/** One unpaid billing period (rekening) of a water connection. */
export interface WaterBillRecord {
  /** Billing month, `YYYY-MM`. */
  period: string;
  /** Meter reading at the start of the period (m³). */
  previousReading: number;
  /** Meter reading at the end of the period (m³). */
  currentReading: number;
  /**
   * Billed usage (m³), as PDAM bills it. Not always `currentReading - previousReading`: see
   * `mapping.ts` for why the difference is not enforced.
   */
  usageM3: number;
  waterCharge: number;
  adminFee: number;
  penalty: number;
  /** What PDAM collects for the period, as PDAM states it. */
  total: number;
}

/** A PDAM customer connection (sambungan) with its unpaid periods. Mapper type of `WaterAccount`. */
export interface WaterAccountRecord {
  /** Nomor sambungan, 10 digits. */
  customerNumber: string;
  /** Account holder as PDAM records it. */
  name: string;
  address: string;
  /** Tariff group code, e.g. `R1`. */
  tariffGroup: string;
  /** Tariff group name, e.g. `RUMAH TANGGA A`. */
  tariffName: string;
  /** Unpaid periods, oldest first; empty when the account is paid up. */
  unpaidPeriods: WaterBillRecord[];
  /** Number of unpaid periods (the count PDAM's disconnection rules use). */
  periodsInArrears: number;
  /** Sum of the unpaid periods' totals. */
  totalOutstanding: number;
}
