import type { WaterAccountRecord, WaterBillRecord } from './domain';
import type { InquiryData, Pelanggan, Tagihan } from './payloads';

/**
 * Native PDAM payloads → domain records. Payloads arrive validated (payloads.ts: numbers are
 * whole and non-negative, periods are real months); what is left is naming, ordering and the
 * account totals.
 *
 * Two arithmetic relations are deliberately NOT enforced, because breaking them is normal
 * for a real PDAM and refusing the answer would hide a citizen's real bill:
 * - `total` vs `biaya_air + biaya_admin + denda`: the total is what the cashier collects
 *   and can include components this API does not itemise (meter rent, stamp duty, a
 *   waste-collection levy some cities bill with water) or rounding. The agency's `total`
 *   is kept as stated; it is only required to be a whole, non-negative number.
 * - `stanskrg - stanlalu` vs `pakai`: after a meter replacement the new meter starts from
 *   zero (or the old one rolled over), so the current reading can be below the previous
 *   one; when the meter cannot be read PDAM bills an estimated or minimum usage
 *   (pemakaian minimum). `pakai` is what was billed, so it is what we report.
 */

/** `YYYYMM` → `YYYY-MM` (the YearMonth scalar). */
export const toYearMonth = (periode: string): string =>
  `${periode.slice(0, 4)}-${periode.slice(4, 6)}`;

export function toWaterBill(t: Tagihan): WaterBillRecord {
  return {
    period: toYearMonth(t.periode),
    previousReading: t.stanlalu,
    currentReading: t.stanskrg,
    usageM3: t.pakai,
    waterCharge: t.biaya_air,
    adminFee: t.biaya_admin,
    penalty: t.denda,
    total: t.total,
  };
}

export function toWaterAccount(data: InquiryData): WaterAccountRecord {
  // Billing systems list periods in whatever order their query returns; front ends want
  // the oldest first (the order in which they must be paid).
  const unpaidPeriods = data.tagihan
    .map(toWaterBill)
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  return {
    customerNumber: data.nosamb,
    // Legacy billing databases pad CHAR columns with spaces.
    name: data.nama.trim(),
    address: data.alamat.trim(),
    tariffGroup: data.golongan.trim(),
    tariffName: data.nama_golongan.trim(),
    unpaidPeriods,
    periodsInArrears: unpaidPeriods.length,
    totalOutstanding: unpaidPeriods.reduce((sum, bill) => sum + bill.total, 0),
  };
}

/**
 * Customer numbers per requested NIK, in the agency's order and without repeats. Every
 * requested NIK gets a list (empty when it owns no connection): "owns nothing" is an answer.
 * Rows for NIKs we did not ask about are ignored.
 */
export function groupCustomerNumbers(
  niks: readonly string[],
  rows: readonly Pelanggan[],
): Map<string, string[]> {
  const byNik = new Map<string, string[]>(niks.map((nik) => [nik, []]));
  for (const row of rows) {
    const numbers = byNik.get(row.nik);
    if (numbers && !numbers.includes(row.nosamb)) numbers.push(row.nosamb);
  }
  return byNik;
}
