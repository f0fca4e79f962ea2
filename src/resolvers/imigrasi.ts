import { validateApplicationNumber } from '../connectors/imigrasi/application-number';
import { BadUserInputError } from '../errors';
import type { Resolvers } from '../generated/graphql';
import { validateNik } from '../identifiers';

/**
 * Imigrasi (passport) resolvers: validate the identifier, then delegate to the request's
 * loaders. `PassportApplication` fields are the mapped record's own (default resolvers).
 */
export const imigrasiResolvers: Resolvers = {
  Query: {
    passportApplication: (_parent, { applicationNumber }, ctx) => {
      const checked = validateApplicationNumber(applicationNumber);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'applicationNumber');
      return ctx.loaders.imigrasi.application.load(checked.value);
    },
    passportApplicationsByNik: (_parent, { nik }, ctx) => {
      const checked = validateNik(nik);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'nik');
      return ctx.loaders.imigrasi.applicationsByNik.load(checked.value);
    },
  },
  PassportApplication: {
    id: (application, _args, ctx) =>
      ctx.ids.encode('PassportApplication', application.applicationNumber),
  },
  Citizen: {
    passportApplications: (citizen, _args, ctx) =>
      ctx.loaders.imigrasi.applicationsByNik.load(citizen.nik),
  },
};
