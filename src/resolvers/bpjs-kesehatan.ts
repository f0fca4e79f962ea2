import { BadUserInputError } from '../errors';
import type { Resolvers } from '../generated/graphql';
import { validateHealthCardNumber, validateNik } from '../identifiers';

/**
 * BPJS Kesehatan lookups. Identifiers are checked before any loader call so that a typo never
 * reaches the agency; "no membership" is null, agency failures are errors (from the loader).
 */
export const bpjsKesehatanResolvers: Resolvers = {
  Query: {
    healthInsurance: (_root, { cardNumber }, ctx) => {
      const card = validateHealthCardNumber(cardNumber);
      if (!card.ok) throw new BadUserInputError(card.problem, 'cardNumber');
      return ctx.loaders['bpjs-kesehatan'].participantByCard.load(card.value);
    },
    healthInsuranceByNik: (_root, { nik }, ctx) => {
      const valid = validateNik(nik);
      if (!valid.ok) throw new BadUserInputError(valid.problem, 'nik');
      return ctx.loaders['bpjs-kesehatan'].participantByNik.load(valid.value);
    },
  },
  HealthInsurance: {
    id: (member, _args, ctx) => ctx.ids.encode('HealthInsurance', member.cardNumber),
  },
  Citizen: {
    healthInsurance: (citizen, _args, ctx) =>
      ctx.loaders['bpjs-kesehatan'].participantByNik.load(citizen.nik),
  },
};
