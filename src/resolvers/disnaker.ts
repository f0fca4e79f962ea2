import {
  validateApplicationNumber,
  validateCardNumber,
  validateIdempotencyKey,
} from '../connectors/disnaker/identifiers';
import type { JobSeekerApplicationInput } from '../connectors/disnaker/domain';
import { BadUserInputError } from '../errors';
import type { Resolvers } from '../generated/graphql';
import { validateNik } from '../identifiers';

const MAX_SKILLS = 20;
const MAX_EDUCATION = 10;

/**
 * Disnaker (AK/1) resolvers: validate, then the request's loaders. The application takes the
 * applicant's identity from Dukcapil (the officer only confirms it) and the officer's education
 * and skills; the write itself is the connector's (journal, idempotency key, no retry).
 */
export const disnakerResolvers: Resolvers = {
  Query: {
    jobSeekerCard: (_parent, { nik }, ctx) => {
      const checked = validateNik(nik);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'nik');
      return ctx.loaders.disnaker.cardByNik.load(checked.value);
    },
    jobSeekerApplication: (_parent, { applicationNumber }, ctx) => {
      const checked = validateApplicationNumber(applicationNumber);
      if (!checked.ok) throw new BadUserInputError(checked.problem, 'applicationNumber');
      return ctx.loaders.disnaker.application.load(checked.value);
    },
  },
  JobSeekerCard: {
    // Looked up by the holder's NIK (the card's own number has no lookup).
    id: (card, _args, ctx) => ctx.ids.encode('JobSeekerCard', card.nik),
  },
  JobSeekerApplication: {
    id: (application, _args, ctx) =>
      ctx.ids.encode('JobSeekerApplication', application.applicationNumber),
  },
  Citizen: {
    jobSeekerCard: (citizen, _args, ctx) => ctx.loaders.disnaker.cardByNik.load(citizen.nik),
  },
  Mutation: {
    applyJobSeekerCard: async (_parent, { input }, ctx) => {
      const nik = validateNik(input.nik);
      if (!nik.ok) throw new BadUserInputError(nik.problem, 'input.nik');
      const key = validateIdempotencyKey(input.idempotencyKey);
      if (!key.ok) throw new BadUserInputError(key.problem, 'input.idempotencyKey');
      if (input.education.length === 0 || input.education.length > MAX_EDUCATION)
        throw new BadUserInputError(`education: 1 to ${MAX_EDUCATION} entries`, 'input.education');
      const year = ctx.now.getUTCFullYear();
      if (input.education.some((e) => e.graduationYear < 1940 || e.graduationYear > year))
        throw new BadUserInputError('education: graduationYear out of range', 'input.education');
      const skills = [...new Set(input.skills.map((s) => s.trim().toUpperCase()).filter(Boolean))];
      if (skills.length > MAX_SKILLS || skills.some((s) => s.length > 80))
        throw new BadUserInputError(
          `skills: at most ${MAX_SKILLS}, 80 characters each`,
          'input.skills',
        );

      // Identity from the civil registry, never typed at the counter.
      const citizen = await ctx.loaders.dukcapil.citizen.load(nik.value);
      if (!citizen)
        throw new BadUserInputError('Dukcapil has no resident with this NIK', 'input.nik');
      if (!citizen.birthDate || !citizen.birthPlace || !citizen.sex)
        throw new BadUserInputError(
          'the Dukcapil record lacks birth data: update it first',
          'input.nik',
        );
      const a = citizen.address;
      const application: JobSeekerApplicationInput = {
        nik: citizen.nik,
        fullName: citizen.fullName,
        birthPlace: citizen.birthPlace,
        birthDate: citizen.birthDate,
        sex: citizen.sex,
        address: [
          a.street,
          a.rt && `RT ${a.rt}`,
          a.rw && `RW ${a.rw}`,
          a.village,
          a.district,
          a.regency,
        ]
          .filter(Boolean)
          .join(', '),
        education: input.education.map((e) => ({
          level: e.level,
          major: e.major?.trim() || null,
          graduationYear: e.graduationYear,
        })),
        skills,
      };
      const result = await ctx.loaders.disnaker.writes.applyJobSeekerCard(
        application,
        key.value,
        actorOf(ctx),
      );
      ctx.loaders.disnaker.application.prime(result.applicationNumber, result);
      return result;
    },
    reportJobSeekerStatus: (_parent, { input }, ctx) => {
      const card = validateCardNumber(input.cardNumber);
      if (!card.ok) throw new BadUserInputError(card.problem, 'input.cardNumber');
      const key = validateIdempotencyKey(input.idempotencyKey);
      if (!key.ok) throw new BadUserInputError(key.problem, 'input.idempotencyKey');
      return ctx.loaders.disnaker.writes.reportJobSeekerStatus(
        card.value,
        input.employmentStatus,
        key.value,
        actorOf(ctx),
      );
    },
  },
};

function actorOf(ctx: { caller?: { clientId?: string; officerId?: string; purpose?: string } }) {
  return {
    clientId: ctx.caller?.clientId,
    officerId: ctx.caller?.officerId,
    purpose: ctx.caller?.purpose,
  };
}
