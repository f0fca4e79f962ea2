/**
 * A settlement list delivered as a file, in our CSV format (U: the facts leave the format to us):
 * header `nop,year,amount,ntp,ntb,channel,paid_at`, one payment per line, paid_at ISO 8601.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SettlementRow, SettlementSource } from './bank-port';

const HEADER = 'nop,year,amount,ntp,ntb,channel,paid_at';

const rowSchema = z.object({
  nop: z.string().regex(/^\d{18}$/),
  year: z.coerce.number().int(),
  amount: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ntp: z.string().min(1),
  ntb: z.string().min(1),
  channel: z.string(),
  paidAt: z.coerce.date(),
});

export function parseSettlementCsv(text: string): SettlementRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== HEADER) throw new Error(`settlement file: first line must be ${HEADER}`);
  return lines.slice(1).map((line, i) => {
    const [nop, year, amount, ntp, ntb, channel, paidAt, ...extra] = line
      .split(',')
      .map((c) => c.trim());
    const parsed = rowSchema.safeParse({ nop, year, amount, ntp, ntb, channel, paidAt });
    if (!parsed.success || extra.length > 0)
      throw new Error(`settlement file: line ${i + 2} is malformed`);
    return parsed.data;
  });
}

export function formatSettlementCsv(rows: SettlementRow[]): string {
  return [
    HEADER,
    ...rows.map((r) =>
      [r.nop, r.year, r.amount, r.ntp, r.ntb, r.channel, r.paidAt.toISOString()].join(','),
    ),
  ].join('\n');
}

export function settlementFile(path: string): SettlementSource {
  return { settlement: async () => parseSettlementCsv(await readFile(path, 'utf8')) };
}
