import type { Resolvers } from '../generated/graphql';
import { BadUserInputError } from '../errors';
import { validateKk, validateNik } from '../identifiers';

/**
 * Citizen and family lookups. Identifiers are validated before any loader call; everything
 * else is the Dukcapil loaders' work. A record the registry does not know resolves to null.
 */
export const dukcapilResolvers: Resolvers = {
  Query: {
    citizen: (_root, { nik }, ctx) => {
      const checked = validateNik(nik);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'nik');
      return ctx.loaders.dukcapil.citizen.load(checked.value);
    },
    family: (_root, { kkNumber }, ctx) => {
      const checked = validateKk(kkNumber, ctx.now);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'kkNumber');
      return ctx.loaders.dukcapil.family.load(checked.value);
    },
  },
  Citizen: {
    id: (citizen, _args, ctx) => ctx.ids.encode('Citizen', citizen.nik),
    family: (citizen, _args, ctx) => ctx.loaders.dukcapil.family.load(citizen.kkNumber),
    // CALL_NIK records carry no relationship; the family card does (one CALL_KK, shared
    // with any `family` field of the same request).
    relationship: async (citizen, _args, ctx) => {
      if (citizen.relationship) return citizen.relationship;
      const family = await ctx.loaders.dukcapil.family.load(citizen.kkNumber);
      return family?.members.find((m) => m.nik === citizen.nik)?.relationship ?? null;
    },
  },
  Family: {
    id: (family, _args, ctx) => ctx.ids.encode('Family', family.kkNumber),
    head: (family) => family.members.find((m) => m.relationship === 'HEAD') ?? null,
  },
};
