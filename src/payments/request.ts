/**
 * Validates a payment request at the boundary and computes its canonical hash: the same
 * idempotency key must come with the same hash, or the request is refused.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PayPropertyTaxInput } from './domain';

/** Tax years older than this are not payable through the link. */
const FIRST_YEAR = 1990;
const MAX_YEARS = 25;

function inputSchema(currentYear: number) {
  return z.object({
    nop: z.string().regex(/^\d{18}$/, 'nop must be 18 digits'),
    years: z
      .array(
        z
          .number()
          .int()
          .min(FIRST_YEAR)
          .max(currentYear + 1),
      )
      .min(1, 'at least one year')
      .max(MAX_YEARS)
      .refine((ys) => new Set(ys).size === ys.length, 'years must not repeat'),
    expectedTotal: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    idempotencyKey: z
      .string()
      .min(8, 'idempotencyKey needs at least 8 characters')
      .max(128)
      .regex(/^[A-Za-z0-9._:-]+$/, 'idempotencyKey: letters, digits and . _ : - only'),
    channel: z.enum(['6010', '6011', '6014']),
    officer: z.string().min(1).max(64),
    clientId: z.string().min(1).max(128),
    tenant: z.string().min(1).max(64).nullish(),
  });
}

export type ValidatedInput = PayPropertyTaxInput & { years: number[] };

/** Returns the input with years sorted oldest first, or a message naming the bad field. */
export function validatePaymentInput(
  input: PayPropertyTaxInput,
  currentYear: number,
): { ok: true; value: ValidatedInput } | { ok: false; message: string } {
  const parsed = inputSchema(currentYear).safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    return { ok: false, message: `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid input'}` };
  }
  const v = parsed.data;
  return {
    ok: true,
    value: { ...v, tenant: v.tenant ?? null, years: [...v.years].sort((a, b) => a - b) },
  };
}

/** SHA-256 over what makes two requests "the same": order of years does not matter. */
export function requestHash(input: ValidatedInput): string {
  const canonical = JSON.stringify([
    input.nop,
    input.years,
    input.expectedTotal,
    input.channel,
    input.officer,
    input.clientId,
    input.tenant ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
