/**
 * PBB-P2 late-payment penalty (denda administrasi), a pure function of the bill and "now".
 *
 * The rule (UU 28/2009 art. 101 as SISMIOP implements it; newer regional regulations keep the
 * shape and lower the rate): `ratePercent` % of the amount to pay for every month or part of a
 * month after the due date, counting at most `maxMonths` months. Nothing is owed on a paid
 * bill, nor on or before the due date.
 *
 * Calendar: dates are the agency's local calendar (Kota Langsa is on WIB, UTC+7), so "today"
 * is the WIB date of `now`. A month late ends on the same day of the next month, clamped to
 * the month's end: due 31 Aug → 1 Sep..30 Sep is month 1, 1 Oct..31 Oct month 2.
 *
 * Rounding: the penalty is computed once over all months in integer arithmetic and rounded
 * half up to whole rupiah (IDR has no minor unit in use), as SISMIOP's ROUND(x, 0) does; it is
 * not rounded per month.
 */

export interface PenaltyRule {
  /** Percentage of the amount per month late; legacy PBB rule 2. */
  ratePercent: number;
  /** Most months counted; legacy PBB rule 24. */
  maxMonths: number;
}

export interface PenaltyBill {
  /** Amount to pay, whole rupiah. */
  amount: number;
  /** ISO date YYYY-MM-DD. */
  dueDate: string;
  paid: boolean;
}

/** The legacy PBB rule: 2% a month, at most 24 months. */
export const LEGACY_PENALTY_RULE: PenaltyRule = { ratePercent: 2, maxMonths: 24 };

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The penalty owed on `bill` as of `now`, whole rupiah. */
export function latePenalty(bill: PenaltyBill, now: Date, rule: PenaltyRule): number {
  if (bill.paid) return 0;
  const months = Math.min(monthsLate(bill.dueDate, now), rule.maxMonths);
  if (months <= 0) return 0;
  // Basis points keep a fractional rate (e.g. 1.5%) exact in integer arithmetic; the product
  // stays far below 2^53 for any real bill (10^12 rupiah × 10^4 bp × 10^3 months).
  const basisPoints = Math.round(rule.ratePercent * 100);
  return Math.floor((bill.amount * basisPoints * months + 5_000) / 10_000);
}

/** Months or parts of months from `dueDate` (exclusive) to the WIB date of `now`; 0 when not late. */
export function monthsLate(dueDate: string, now: Date): number {
  const due = parseIsoDate(dueDate);
  const today = new Date(now.getTime() + WIB_OFFSET_MS);
  const t = { y: today.getUTCFullYear(), m: today.getUTCMonth(), d: today.getUTCDate() };
  if (compare(t, due) <= 0) return 0;
  let months = (t.y - due.y) * 12 + (t.m - due.m);
  // `months` full months after the due date lands in today's month; past that day, the
  // current month has begun.
  if (compare(t, addMonths(due, months)) > 0) months += 1;
  return months;
}

interface CalendarDate {
  y: number;
  /** 0-based month. */
  m: number;
  d: number;
}

function parseIsoDate(iso: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError('due date must be an ISO date YYYY-MM-DD');
  return { y: Number(match[1]), m: Number(match[2]) - 1, d: Number(match[3]) };
}

function addMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.y * 12 + date.m + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return { y, m, d: Math.min(date.d, lastDay) };
}

function compare(a: CalendarDate, b: CalendarDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}
