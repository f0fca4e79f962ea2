import { GraphQLError } from 'graphql';
import { BadUserInputError, ErrorCode, PaymentRefusedError } from '../errors';
import type {
  Payment,
  PaymentChannel as GqlChannel,
  PaymentState as GqlState,
  PropertyTaxReceipt,
  Resolvers,
} from '../generated/graphql';
import type {
  PaymentChannel,
  PaymentError,
  PaymentState,
  PaymentSummary,
  PaymentView,
  Receipt,
} from '../payments';
import { loadTypeDefs } from '../schema';
import type { GatewayContext, PaymentsAccess } from './context';

/**
 * `Mutation.payPropertyTax`, `Query.payment`, `Query.paymentsOfTaxObject` over the payment
 * service (src/payments). Refusals are GraphQL errors whose `extensions.code` is the service's
 * error code (docs/payments.md "GraphQL API"); the receipt says whether BPKD's cache was purged.
 */

const CHANNEL_OF: Record<GqlChannel, PaymentChannel> = {
  TELLER: '6010',
  ATM: '6011',
  INTERNET_BANKING: '6014',
};
const GQL_CHANNEL: Record<PaymentChannel, GqlChannel> = {
  '6010': 'TELLER',
  '6011': 'ATM',
  '6014': 'INTERNET_BANKING',
};

const GQL_STATE: Record<PaymentState, GqlState> = {
  open: 'OPEN',
  in_flight: 'IN_FLIGHT',
  paid: 'PAID',
  partially_paid: 'PARTIALLY_PAID',
  failed: 'FAILED',
};

const ERROR_CODE: Record<PaymentError['code'], ErrorCode> = {
  INVALID_REQUEST: ErrorCode.BadUserInput,
  IDEMPOTENCY_KEY_REUSED: ErrorCode.IdempotencyKeyReused,
  IDEMPOTENCY_IN_PROGRESS: ErrorCode.IdempotencyInProgress,
  AMOUNT_MISMATCH: ErrorCode.AmountMismatch,
  ALREADY_PAID: ErrorCode.AlreadyPaid,
  BILL_NOT_FOUND: ErrorCode.BillNotFound,
  PAYMENT_UNAVAILABLE: ErrorCode.PaymentUnavailable,
  PAYMENT_DECLINED: ErrorCode.PaymentDeclined,
  PAYMENT_PENDING: ErrorCode.PaymentPending,
  PAYMENT_REVERSED: ErrorCode.PaymentReversed,
};

const MESSAGE: Record<PaymentError['code'], string> = {
  INVALID_REQUEST: 'invalid payment request',
  IDEMPOTENCY_KEY_REUSED: 'this idempotency key was used for a different request',
  IDEMPOTENCY_IN_PROGRESS: 'the first request with this idempotency key is still running',
  AMOUNT_MISMATCH: 'the expected total differs from the bank',
  ALREADY_PAID: 'the tax year is already paid',
  BILL_NOT_FOUND: 'no such bill at the bank',
  PAYMENT_UNAVAILABLE: 'payment unavailable: nothing was paid',
  PAYMENT_DECLINED: 'the bank declined the payment',
  PAYMENT_PENDING: "the bank's answer was lost; the payment is being reversed",
  PAYMENT_REVERSED: "the bank's answer was lost; the payment was reversed",
};

function paymentsOf(ctx: GatewayContext): PaymentsAccess {
  if (!ctx.payments)
    throw new GraphQLError('payments are not enabled', {
      extensions: { code: ErrorCode.PaymentUnavailable },
    });
  return ctx.payments;
}

function refusal(error: PaymentError): PaymentRefusedError {
  const { code, ...details } = error;
  const message = code === 'INVALID_REQUEST' ? error.message : MESSAGE[code];
  return new PaymentRefusedError(ERROR_CODE[code], message, details);
}

function receiptOf(receipt: Receipt, cachePurged: boolean): PropertyTaxReceipt {
  return {
    paymentId: receipt.paymentId,
    nop: receipt.nop,
    channel: GQL_CHANNEL[receipt.channel],
    officer: receipt.officer,
    lines: receipt.lines.map((l) => ({
      year: l.year,
      principal: l.principal,
      penalty: l.penalty,
      total: l.total,
      ntp: l.ntp,
      ntb: l.ntb,
      paidAt: l.paidAt,
    })),
    total: receipt.total,
    paidAt: receipt.paidAt,
    cachePurged,
  };
}

function paymentOf(p: PaymentSummary | PaymentView): Payment {
  return {
    id: p.id,
    nop: p.nop,
    channel: GQL_CHANNEL[p.channel],
    officer: p.officer,
    expectedTotal: p.expectedTotal,
    state: GQL_STATE[p.state],
    years: p.items.map((i) => ({
      year: i.year,
      state: i.state,
      principal: i.principal,
      penalty: i.penalty,
      total: i.total,
      ntp: i.ntp,
      ntb: i.ntb,
      rc: i.rc,
      errorCode: i.errorCode,
      paidAt: i.paidAt,
    })),
    outcome: p.result === null ? null : p.result.ok ? 'PAID' : p.result.error.code,
    history: 'history' in p ? p.history : [],
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

const nopOf = (raw: string): string => raw.replace(/[\s.-]/g, '');

export const paymentResolvers: Resolvers = {
  Mutation: {
    async payPropertyTax(_parent, { input }, ctx) {
      const payments = paymentsOf(ctx);
      const officer = ctx.caller.officerId;
      if (!officer) throw new BadUserInputError('a payment needs an officer (x-officer-id)');
      const nop = nopOf(input.nop);
      const result = await payments.service.payPropertyTax({
        nop,
        years: input.years,
        expectedTotal: input.expectedTotal,
        idempotencyKey: input.idempotencyKey,
        channel: CHANNEL_OF[input.channel ?? 'TELLER'],
        officer,
        clientId: ctx.caller.clientId,
      });
      if (!result.ok) {
        // Years paid before a failure changed BPKD's data too.
        if ('paid' in result.error && result.error.paid.length > 0)
          await payments.purgeTaxObject(nop);
        throw refusal(result.error);
      }
      return receiptOf(result.receipt, await payments.purgeTaxObject(nop));
    },
  },
  Query: {
    async payment(_parent, { id }, ctx) {
      const view = await paymentsOf(ctx).service.payment(id);
      return view ? paymentOf(view) : null;
    },
    async paymentsOfTaxObject(_parent, { nop }, ctx) {
      return (await paymentsOf(ctx).service.paymentsOfTaxObject(nopOf(nop))).map(paymentOf);
    },
  },
};

/** The payments API module (SDL + resolvers), served when payments are on (src/server/gateway.ts). */
export const paymentsApi: { typeDefs: string; resolvers: Resolvers } = {
  typeDefs: loadTypeDefs('payments'),
  resolvers: paymentResolvers,
};
