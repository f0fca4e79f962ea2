/**
 * Resolves a payment whose answer was lost, by reversal: a 0400 first, then 0401 repeats until
 * the bank gives a final answer. Each attempt takes the item's lease and records the message
 * before sending, so only one instance reverses an item at a time and a crash mid-reversal is
 * seen by recovery (the next attempt is then a repeat).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BankUnavailableError } from './bank-port';
import type { PaymentContext } from './context';
import { FINAL_ITEM_STATES, type ItemState } from './domain';
import { failureDetail, PC_PAYMENT } from './messages';
import type { PaymentItem } from './store';

/**
 * The reversals `payPropertyTax` tries before it returns (`inlineReversalAttempts`, with
 * backoff between them); whatever is still unresolved is left to recovery.
 */
export async function resolveInline(ctx: PaymentContext, itemId: string): Promise<void> {
  for (let attempt = 1; attempt <= ctx.inlineReversalAttempts; attempt++) {
    const state = await reverseOnce(ctx, itemId, true);
    if (state === undefined || FINAL_ITEM_STATES.includes(state)) return;
    if (attempt < ctx.inlineReversalAttempts) await sleep(ctx.backoff(attempt));
  }
}

/**
 * One reversal attempt for an item whose payment outcome is unknown: 0400 the first time, 0401
 * after any attempt that may have reached the bank. Returns the item's state afterwards, or
 * undefined when another instance holds it.
 */
export async function reverseOnce(
  ctx: PaymentContext,
  itemId: string,
  ignoreSchedule: boolean,
): Promise<ItemState | undefined> {
  const { store } = ctx;
  const item = await store.item(itemId);
  if (!item) return undefined;
  if (FINAL_ITEM_STATES.includes(item.state)) return item.state;
  const now = ctx.ledger.now();
  if (!ignoreSchedule && item.nextAttemptAt !== null && item.nextAttemptAt > now) return item.state;
  const payment = await store.payment(item.paymentId);
  if (
    !payment ||
    item.stan === null ||
    item.rrn === null ||
    item.ntb === null ||
    item.sentAt === null
  ) {
    ctx.logger.error(
      { paymentId: item.paymentId },
      'payment item in flight without its message record',
    );
    return undefined;
  }
  const repeat = item.reversalAttempts > 0;
  const ref = await ctx.refs.next();
  const mti = repeat ? '0401' : '0400';
  const msg = { mti, processing_code: PC_PAYMENT, stan: ref.stan, rrn: ref.rrn };
  const claimed = await store.transition(
    item,
    ['sent', 'unknown', 'reversing'],
    'reversing',
    {
      lease_owner: ctx.instanceId,
      lease_until: now + ctx.reversalTimeoutMs + ctx.leaseMarginMs,
    },
    [{ ...msg, direction: 'out', rc: null, detail: null }],
    { onlyIfLeaseFree: true, progress: false },
  );
  if (!claimed) return undefined;
  const current: PaymentItem = { ...item, state: 'reversing' };
  const original = {
    ref: { stan: item.stan, rrn: item.rrn, transmittedAt: new Date(item.sentAt) },
    payment: { amount: item.total ?? 0, ntb: item.ntb, channel: payment.channel },
  };
  const release = { lease_owner: null, lease_until: null };
  let rc: string;
  try {
    ({ rc } = await ctx.bank.reverse({ nop: item.nop, year: item.year }, original, ref, repeat, {
      timeoutMs: ctx.reversalTimeoutMs,
    }));
  } catch (err) {
    // Unavailable: this reversal was certainly not sent, so the next one is not a repeat.
    const attempts =
      err instanceof BankUnavailableError ? item.reversalAttempts : item.reversalAttempts + 1;
    await store.transition(
      current,
      ['reversing'],
      'reversing',
      {
        ...release,
        reversal_attempts: attempts,
        next_attempt_at: now + ctx.backoff(attempts + 1),
      },
      [{ ...msg, mti: null, direction: 'in', rc: null, detail: failureDetail(err) }],
      { progress: false },
    );
    return 'reversing';
  }
  const inEvent = { ...msg, mti: repeat ? '0411' : '0410', direction: 'in', rc };
  // 00: reversed. 54 (bill not paid) / 55 (no payment of ours): our payment never took effect.
  if (rc === '00' || rc === '54' || rc === '55') {
    const ok = await store.transition(
      current,
      ['reversing'],
      'reversed',
      {
        ...release,
        rc,
        error_code: 'PAYMENT_REVERSED',
        reversal_attempts: item.reversalAttempts + 1,
        next_attempt_at: null,
      },
      [{ ...inEvent, detail: rc === '00' ? null : 'not-paid' }],
      { progress: false },
    );
    return ok ? 'reversed' : undefined;
  }
  await store.transition(
    current,
    ['reversing'],
    'reversing',
    {
      ...release,
      rc,
      reversal_attempts: item.reversalAttempts + 1,
      next_attempt_at: now + ctx.backoff(item.reversalAttempts + 2),
    },
    [{ ...inEvent, detail: 'refused' }],
    { progress: false },
  );
  return 'reversing';
}
