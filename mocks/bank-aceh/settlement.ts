import { z } from 'zod';
import type { PaymentRecord } from './biller';

/** One line of the day's settlement list (U: our format). */
export interface SettlementRow {
  date: string;
  /** HH:MM:SS, WIB. */
  time: string;
  nop: string;
  year: number;
  amount: number;
  ntp: string;
  ntb: string;
  channel: string;
}

/** A difference injected into the list (not into the payments) for reconciliation tests. */
export const mismatchSchema = z
  .object({
    kind: z.enum(['amount', 'missing', 'extra']),
    /** The payment to alter (`amount`, `missing`); default the day's first. */
    ntp: z.string().optional(),
    /** `amount`: added to the listed amount. Default 1000. */
    amountDelta: z.number().int().optional(),
  })
  .strict();
export type SettlementMismatch = z.infer<typeof mismatchSchema>;

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

export function settlementRows(
  date: string,
  payments: readonly PaymentRecord[],
  mismatches: readonly SettlementMismatch[],
): SettlementRow[] {
  let rows: SettlementRow[] = payments.map((p) => ({
    date: p.date,
    time: new Date(p.at.getTime() + WIB_OFFSET_MS).toISOString().slice(11, 19),
    nop: p.nop,
    year: p.year,
    amount: p.amount,
    ntp: p.ntp,
    ntb: p.ntb,
    channel: p.channel,
  }));
  for (const m of mismatches) {
    const target = rows.find((r) => (m.ntp ? r.ntp === m.ntp : true));
    if (m.kind === 'amount' && target) {
      rows = rows.map((r) =>
        r === target ? { ...r, amount: r.amount + (m.amountDelta ?? 1000) } : r,
      );
    } else if (m.kind === 'missing' && target) {
      rows = rows.filter((r) => r !== target);
    } else if (m.kind === 'extra') {
      rows.push({
        date,
        time: '23:59:59',
        nop: '117300000000000000',
        year: Number(date.slice(0, 4)),
        amount: 10_000,
        ntp: '0116117399999999',
        ntb: 'PHANTOM',
        channel: '6010',
      });
    }
  }
  return rows;
}

export function settlementCsv(rows: readonly SettlementRow[]): string {
  const header = 'date,time,nop,year,amount,ntp,ntb,channel';
  return (
    [
      header,
      ...rows.map((r) =>
        [r.date, r.time, r.nop, r.year, r.amount, r.ntp, r.ntb, r.channel].join(','),
      ),
    ].join('\n') + '\n'
  );
}
