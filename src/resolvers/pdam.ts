import { BadUserInputError } from '../errors';
import type { Resolvers } from '../generated/graphql';
import { validateWaterCustomerNumber } from '../identifiers';

/**
 * PDAM (water) resolvers: validate the identifier, then delegate to the request's loaders.
 * WaterAccount and WaterBill fields are the mapped record's own (default resolvers).
 */
export const pdamResolvers: Resolvers = {
  Query: {
    waterAccount: (_parent, { customerNumber }, ctx) => {
      const checked = validateWaterCustomerNumber(customerNumber);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'customerNumber');
      return ctx.loaders.pdam.account.load(checked.value);
    },
  },
  WaterAccount: {
    id: (account, _args, ctx) => ctx.ids.encode('WaterAccount', account.customerNumber),
  },
  Citizen: {
    waterAccounts: (citizen, _args, ctx) => ctx.loaders.pdam.accountsByOwner.load(citizen.nik),
  },
};
