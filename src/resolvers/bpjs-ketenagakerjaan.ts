import { BadUserInputError } from '../errors';
import type { Resolvers } from '../generated/graphql';
import { validateKpj, validateNik } from '../identifiers';

/**
 * Employment insurance (BPJS Ketenagakerjaan). Thin: validate, then delegate to the
 * per-request loaders, which batch and de-duplicate. Field resolvers of EmploymentInsurance
 * are the defaults: the mapper record already has the API's shape.
 */
export const bpjsKetenagakerjaanResolvers: Resolvers = {
  Query: {
    employmentInsurance: (_root, { kpj }, ctx) => {
      const checked = validateKpj(kpj);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'kpj');
      return ctx.loaders['bpjs-ketenagakerjaan'].membershipByKpj.load(checked.value);
    },
    employmentInsuranceByNik: (_root, { nik }, ctx) => {
      const checked = validateNik(nik);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'nik');
      return ctx.loaders['bpjs-ketenagakerjaan'].membershipByNik.load(checked.value);
    },
  },
  EmploymentInsurance: {
    id: (member, _args, ctx) => ctx.ids.encode('EmploymentInsurance', member.kpj),
  },
  Citizen: {
    employmentInsurance: (citizen, _args, ctx) =>
      ctx.loaders['bpjs-ketenagakerjaan'].membershipByNik.load(citizen.nik),
  },
};
