/**
 * The caller's outcome as a pure function of a payment's items, so the instance that ran the
 * payment and the instance that recovered it compute the same result.
 */
import type { PaymentError, PayPropertyTaxResult, Receipt, ReceiptLine } from './domain';
import type { PaymentItem, PaymentRecord } from './store';

export function receiptLine(item: PaymentItem): ReceiptLine | undefined {
  if (item.state !== 'paid') return undefined;
  const { principal, penalty, total, ntp, ntb, stan, rrn, paidAt } = item;
  if (
    principal === null ||
    penalty === null ||
    total === null ||
    ntp === null ||
    ntb === null ||
    stan === null ||
    rrn === null ||
    paidAt === null
  ) {
    return undefined;
  }
  return {
    year: item.year,
    principal,
    penalty,
    total,
    ntp,
    ntb,
    stan,
    rrn,
    paidAt: new Date(paidAt).toISOString(),
  };
}

function errorOf(item: PaymentItem, paymentId: string, paid: ReceiptLine[]): PaymentError {
  const base = { paymentId, paid, year: item.year };
  switch (item.state) {
    case 'sent':
    case 'unknown':
    case 'reversing':
      return { ...base, code: 'PAYMENT_PENDING' };
    case 'reversed':
      return { ...base, code: 'PAYMENT_REVERSED' };
    case 'declined':
      if (item.errorCode === 'ALREADY_PAID')
        return { ...base, code: 'ALREADY_PAID', earlierNtp: item.earlierNtp };
      if (item.errorCode === 'BILL_NOT_FOUND') return { ...base, code: 'BILL_NOT_FOUND' };
      return { ...base, code: 'PAYMENT_DECLINED', rc: item.rc ?? '' };
    default:
      return {
        ...base,
        code: 'PAYMENT_UNAVAILABLE',
        reason: item.errorCode === 'BANK_UNAVAILABLE' ? 'BANK_UNAVAILABLE' : 'INTERRUPTED',
      };
  }
}

/**
 * All years paid: the receipt. Otherwise the first year (in paying order) that is not paid
 * names the error, and the years paid before it are listed in `paid`.
 */
export function outcomeOf(payment: PaymentRecord, items: PaymentItem[]): PayPropertyTaxResult {
  const ordered = [...items].sort((a, b) => a.position - b.position);
  const paid: ReceiptLine[] = [];
  for (const item of ordered) {
    const line = receiptLine(item);
    if (!line) return { ok: false, error: errorOf(item, payment.id, paid) };
    paid.push(line);
  }
  const receipt: Receipt = {
    paymentId: payment.id,
    nop: payment.nop,
    channel: payment.channel,
    officer: payment.officer,
    lines: paid,
    total: paid.reduce((sum, l) => sum + l.total, 0),
    paidAt: paid.reduce((last, l) => (l.paidAt > last ? l.paidAt : last), paid[0]?.paidAt ?? ''),
  };
  return { ok: true, receipt };
}

/** True when the outcome will not change any more. */
export function isSettled(items: PaymentItem[]): boolean {
  return items.every(
    (i) =>
      i.state === 'paid' ||
      i.state === 'declined' ||
      i.state === 'reversed' ||
      i.state === 'cancelled',
  );
}
