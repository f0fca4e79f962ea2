/**
 * Writes a payment's outcome to its ledger operation. Both the pay flow and recovery end here;
 * the ledger's compare-and-set on the operation state decides which writer wins, and the loser
 * reads back what was written, so a caller never reports an outcome the ledger does not hold.
 */
import type { PayPropertyTaxResult, PaymentError } from './domain';
import type { PaymentContext } from './context';
import { isSettled, outcomeOf } from './outcome';
import { parseStoredResult } from './result-schema';

type SettleContext = Pick<PaymentContext, 'ledger' | 'store'>;

/** A refusal before anything was paid: unsent years are cancelled, then the error is written. */
export async function failPayment(
  ctx: SettleContext,
  paymentId: string,
  error: PaymentError,
): Promise<PayPropertyTaxResult> {
  await ctx.store.cancelUnsent(paymentId, error.code);
  const result: PayPropertyTaxResult = { ok: false, error };
  if (await ctx.ledger.settle(paymentId, 'done', JSON.stringify(result), ['pending']))
    return result;
  return finishPayment(ctx, paymentId);
}

/** Writes (or reads back) the outcome derived from the items. */
export async function finishPayment(
  ctx: SettleContext,
  paymentId: string,
): Promise<PayPropertyTaxResult> {
  const [payment, items] = await Promise.all([
    ctx.store.payment(paymentId),
    ctx.store.items(paymentId),
  ]);
  if (!payment) throw new Error('ledger: payment vanished');
  const result = outcomeOf(payment, items);
  const settled = isSettled(items);
  // Not settled yet (a year still unknown): `resolving`, so recovery finishes it later.
  const written = await ctx.ledger.settle(
    paymentId,
    settled ? 'done' : 'resolving',
    JSON.stringify(result),
    settled ? ['pending', 'resolving'] : ['pending'],
  );
  if (written) return result;
  const op = await ctx.ledger.get(paymentId);
  return op?.result ? parseStoredResult(op.result) : result;
}
