/**
 * End-of-day reconciliation: the ledger's payments of a day against the bank's settlement
 * list. `compareSettlement` is pure; `reconcileDay` fetches both sides.
 */
import type { SettlementRow, SettlementSource } from './bank-port';
import type { PaymentStore } from './store';

/** A year the ledger sent a payment for on that day. */
export interface LedgerSettlementRow {
  paymentId: string;
  nop: string;
  year: number;
  amount: number;
  ntp: string | null;
  ntb: string;
  /** `paid`, or `sent` / `unknown` / `reversing` while still being resolved. */
  state: string;
}

export type Mismatch =
  | {
      kind: 'MISSING_AT_BANK';
      ntb: string;
      paymentId: string;
      year: number;
      amount: number;
      ntp: string | null;
    }
  | { kind: 'MISSING_IN_LEDGER'; ntb: string; year: number; amount: number; ntp: string }
  | {
      kind: 'AMOUNT_DIFFERS';
      ntb: string;
      paymentId: string;
      year: number;
      ledger: number;
      bank: number;
    }
  | {
      kind: 'NTP_DIFFERS';
      ntb: string;
      paymentId: string;
      year: number;
      ledger: string | null;
      bank: string;
    }
  | { kind: 'BILL_DIFFERS'; ntb: string; paymentId: string; ledgerYear: number; bankYear: number }
  | { kind: 'UNRESOLVED_IN_LEDGER'; ntb: string; paymentId: string; year: number; state: string }
  | { kind: 'PAID_TWICE_AT_BANK'; year: number; ntbs: string[] };

export function compareSettlement(
  ledger: LedgerSettlementRow[],
  bank: SettlementRow[],
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const bankByNtb = new Map<string, SettlementRow>();
  const byBill = new Map<string, SettlementRow[]>();
  for (const row of bank) {
    bankByNtb.set(row.ntb, row);
    const bill = `${row.nop}/${row.year}`;
    byBill.set(bill, [...(byBill.get(bill) ?? []), row]);
  }
  for (const rows of byBill.values()) {
    const first = rows[0];
    if (first && rows.length > 1) {
      mismatches.push({
        kind: 'PAID_TWICE_AT_BANK',
        year: first.year,
        ntbs: rows.map((r) => r.ntb),
      });
    }
  }
  const seen = new Set<string>();
  for (const l of ledger) {
    seen.add(l.ntb);
    const b = bankByNtb.get(l.ntb);
    if (l.state !== 'paid') {
      mismatches.push({
        kind: 'UNRESOLVED_IN_LEDGER',
        ntb: l.ntb,
        paymentId: l.paymentId,
        year: l.year,
        state: l.state,
      });
      continue;
    }
    if (!b) {
      mismatches.push({
        kind: 'MISSING_AT_BANK',
        ntb: l.ntb,
        paymentId: l.paymentId,
        year: l.year,
        amount: l.amount,
        ntp: l.ntp,
      });
      continue;
    }
    if (b.nop !== l.nop || b.year !== l.year) {
      mismatches.push({
        kind: 'BILL_DIFFERS',
        ntb: l.ntb,
        paymentId: l.paymentId,
        ledgerYear: l.year,
        bankYear: b.year,
      });
    }
    if (b.amount !== l.amount) {
      mismatches.push({
        kind: 'AMOUNT_DIFFERS',
        ntb: l.ntb,
        paymentId: l.paymentId,
        year: l.year,
        ledger: l.amount,
        bank: b.amount,
      });
    }
    if (b.ntp !== l.ntp) {
      mismatches.push({
        kind: 'NTP_DIFFERS',
        ntb: l.ntb,
        paymentId: l.paymentId,
        year: l.year,
        ledger: l.ntp,
        bank: b.ntp,
      });
    }
  }
  for (const b of bank) {
    if (!seen.has(b.ntb)) {
      mismatches.push({
        kind: 'MISSING_IN_LEDGER',
        ntb: b.ntb,
        year: b.year,
        amount: b.amount,
        ntp: b.ntp,
      });
    }
  }
  return mismatches;
}

/** [from, to) in epoch ms of a local calendar day; `offsetMinutes` east of UTC (WIB: 420). */
export function dayRange(date: string, offsetMinutes: number): { from: number; to: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error('date must be YYYY-MM-DD');
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(start).toISOString().slice(0, 10) !== date)
    throw new Error('date is not a calendar day');
  const from = start - offsetMinutes * 60_000;
  return { from, to: from + 86_400_000 };
}

/** The ledger's side: every year whose payment message was sent that day. */
export async function ledgerDay(
  store: PaymentStore,
  date: string,
  offsetMinutes: number,
): Promise<LedgerSettlementRow[]> {
  const { from, to } = dayRange(date, offsetMinutes);
  const items = await store.paidSentBetween(from, to);
  return items.map((i) => ({
    paymentId: i.paymentId,
    nop: i.nop,
    year: i.year,
    amount: i.total ?? 0,
    ntp: i.ntp,
    ntb: i.ntb ?? '',
    state: i.state,
  }));
}

export async function reconcileDay(
  store: PaymentStore,
  source: SettlementSource,
  date: string,
  offsetMinutes = 420,
): Promise<{ ledgerCount: number; bankCount: number; mismatches: Mismatch[] }> {
  const [ledger, bank] = await Promise.all([
    ledgerDay(store, date, offsetMinutes),
    source.settlement(date),
  ]);
  return {
    ledgerCount: ledger.length,
    bankCount: bank.length,
    mismatches: compareSettlement(ledger, bank),
  };
}

/** One line per mismatch; identifies by NTB / payment id, never by NOP. */
export function formatMismatch(m: Mismatch): string {
  const { kind, ...rest } = m;
  return `${kind} ${Object.entries(rest)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ')}`;
}
