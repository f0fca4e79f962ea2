/** Parses an outcome stored in the ledger (JSON) back into the typed result. */
import { z } from 'zod';
import type { PayPropertyTaxResult } from './domain';

const channel = z.enum(['6010', '6011', '6014']);
const line = z.object({
  year: z.number().int(),
  principal: z.number().int(),
  penalty: z.number().int(),
  total: z.number().int(),
  ntp: z.string(),
  ntb: z.string(),
  stan: z.string(),
  rrn: z.string(),
  paidAt: z.string(),
});
const after = { paymentId: z.string(), paid: z.array(line) };

const error = z.discriminatedUnion('code', [
  z.object({ code: z.literal('INVALID_REQUEST'), message: z.string() }),
  z.object({ code: z.literal('IDEMPOTENCY_KEY_REUSED'), message: z.string() }),
  z.object({ code: z.literal('IDEMPOTENCY_IN_PROGRESS'), paymentId: z.string() }),
  z.object({
    code: z.literal('AMOUNT_MISMATCH'),
    ...after,
    expectedTotal: z.number().int(),
    actualTotal: z.number().int(),
    years: z.array(z.object({ year: z.number().int(), total: z.number().int() })),
  }),
  z.object({
    code: z.literal('ALREADY_PAID'),
    ...after,
    year: z.number().int(),
    earlierNtp: z.string().nullable(),
  }),
  z.object({ code: z.literal('BILL_NOT_FOUND'), ...after, year: z.number().int() }),
  z.object({
    code: z.literal('PAYMENT_UNAVAILABLE'),
    ...after,
    year: z.number().int().nullable(),
    reason: z.enum(['BANK_UNAVAILABLE', 'BANK_ERROR', 'INTERRUPTED']),
  }),
  z.object({
    code: z.literal('PAYMENT_DECLINED'),
    ...after,
    year: z.number().int(),
    rc: z.string(),
  }),
  z.object({ code: z.literal('PAYMENT_PENDING'), ...after, year: z.number().int() }),
  z.object({ code: z.literal('PAYMENT_REVERSED'), ...after, year: z.number().int() }),
]);

const resultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    receipt: z.object({
      paymentId: z.string(),
      nop: z.string(),
      channel,
      officer: z.string(),
      lines: z.array(line),
      total: z.number().int(),
      paidAt: z.string(),
    }),
  }),
  z.object({ ok: z.literal(false), error }),
]);

export function parseStoredResult(json: string): PayPropertyTaxResult {
  return resultSchema.parse(JSON.parse(json));
}
