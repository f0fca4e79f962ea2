/**
 * Read views of payments for the API and the status page: a payment with its years, outcome
 * and message history, and the payments of one tax object. Reads only, so they need the ledger
 * and the payment rows and nothing of the pay flow.
 */
import type { PaymentContext } from './context';
import type { PaymentEvent, PaymentItemView, PaymentSummary, PaymentView } from './domain';
import { parseStoredResult } from './result-schema';
import type { PaymentItem } from './store';

type ViewContext = Pick<PaymentContext, 'ledger' | 'store'>;

/** A payment with its years, outcome and message history; undefined when unknown. */
export async function paymentView(ctx: ViewContext, id: string): Promise<PaymentView | undefined> {
  const [summary, events] = await Promise.all([paymentSummary(ctx, id), ctx.ledger.events(id)]);
  if (!summary) return undefined;
  const years = new Map((await ctx.store.items(id)).map((i) => [i.id, i.year]));
  const history: PaymentEvent[] = events.map((e) => ({
    type: e.type === 'message' ? 'message' : 'transition',
    year: e.item_id ? (years.get(e.item_id) ?? null) : null,
    fromState: e.from_state,
    toState: e.to_state,
    direction: e.direction === 'out' || e.direction === 'in' ? e.direction : null,
    mti: e.mti,
    processingCode: e.processing_code,
    rc: e.rc,
    stan: e.stan,
    rrn: e.rrn,
    detail: e.detail,
    at: new Date(Number(e.at)).toISOString(),
  }));
  return { ...summary, history };
}

/** Payments of one tax object, newest first (without message history). */
export async function paymentsOfTaxObject(
  ctx: ViewContext,
  nop: string,
): Promise<PaymentSummary[]> {
  const summaries: PaymentSummary[] = [];
  for (const p of await ctx.store.paymentsOfNop(nop)) {
    const summary = await paymentSummary(ctx, p.id);
    if (summary) summaries.push(summary);
  }
  return summaries;
}

async function paymentSummary(ctx: ViewContext, id: string): Promise<PaymentSummary | undefined> {
  const payment = await ctx.store.payment(id);
  if (!payment) return undefined;
  const [items, op] = await Promise.all([ctx.store.items(id), ctx.ledger.get(id)]);
  return {
    id,
    nop: payment.nop,
    channel: payment.channel,
    officer: payment.officer,
    expectedTotal: payment.expectedTotal,
    state: payment.state,
    items: items.map(itemView),
    result: op?.result && op.state !== 'pending' ? parseStoredResult(op.result) : null,
    createdAt: new Date(payment.createdAt).toISOString(),
    updatedAt: new Date(payment.updatedAt).toISOString(),
  };
}

function itemView(i: PaymentItem): PaymentItemView {
  return {
    year: i.year,
    state: i.state,
    principal: i.principal,
    penalty: i.penalty,
    total: i.total,
    ntp: i.ntp,
    ntb: i.ntb,
    stan: i.stan,
    rrn: i.rrn,
    rc: i.rc,
    errorCode: i.errorCode,
    paidAt: i.paidAt === null ? null : new Date(i.paidAt).toISOString(),
  };
}
