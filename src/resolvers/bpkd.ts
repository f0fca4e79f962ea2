import type { TaxBillRecord } from '../connectors/bpkd/domain';
import type { GatewayContext } from '../resolvers/context';
import type { Resolvers } from '../generated/graphql';
import { BadUserInputError } from '../errors';
import { formatNop, validateNop } from '../identifiers';
import { loadersForRegion, nopRegion } from './tenancy';

/**
 * PBB-P2 tax objects and bills. Lookups validate the NOP before any loader call; penalties
 * are computed as of the request's `now` by the connector's configured rule.
 */

const penaltyOf = (bill: TaxBillRecord, ctx: GatewayContext): number =>
  ctx.loaders.bpkd.penalty(bill, ctx.now);

const totalDueOf = (bill: TaxBillRecord, ctx: GatewayContext): number =>
  bill.paid ? 0 : bill.amount + penaltyOf(bill, ctx);

export const bpkdResolvers: Resolvers = {
  Query: {
    taxObject: (_root, { nop }, ctx) => {
      const checked = validateNop(nop);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'nop');
      // A NOP names its regency: that regency's tax office answers, whatever the caller's MPP.
      return loadersForRegion(ctx, 'bpkd', nopRegion(checked.value)).taxObject.load(checked.value);
    },
  },
  Citizen: {
    // BPKD answers "no object for this subject" with a not-found code: for a citizen that is
    // an empty list, not a missing one.
    taxObjects: async (citizen, _args, ctx) =>
      (await ctx.loaders.bpkd.taxObjectsByOwner.load(citizen.nik)) ?? [],
  },
  TaxObject: {
    id: (object, _args, ctx) => ctx.ids.encode('TaxObject', object.nop),
    nopFormatted: (object) => formatNop(object.nop),
    bills: (object, { unpaidOnly }) =>
      unpaidOnly ? object.bills.filter((bill) => !bill.paid) : object.bills,
    outstandingTotal: (object, _args, ctx) =>
      object.bills.reduce((sum, bill) => sum + totalDueOf(bill, ctx), 0),
  },
  TaxBill: {
    id: (bill, _args, ctx) => ctx.ids.encode('TaxBill', `${bill.nop}:${bill.year}`),
    status: (bill) => (bill.paid ? 'PAID' : 'UNPAID'),
    penalty: (bill, _args, ctx) => penaltyOf(bill, ctx),
    totalDue: (bill, _args, ctx) => totalDueOf(bill, ctx),
  },
};
