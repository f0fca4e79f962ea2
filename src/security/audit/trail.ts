import { BadUserInputError } from '../../errors';
import { validateNik } from '../../identifiers';
import { loadTypeDefs } from '../../schema';
import { subjectHash, type AuditRecord, type AuditSink } from './record';

/**
 * The SDL of the security layer: the `@requiresScope` directive and the `processingTrail`
 * query. It sits in src/schema/security.graphql with the other SDL modules.
 */
export function securityTypeDefs(): string {
  return loadTypeDefs('security');
}

/** A person's processing trail: every audit record naming the HMAC of their NIK, oldest first. */
export async function processingTrail(
  sink: AuditSink,
  nik: string,
  hmacSecret: string,
): Promise<AuditRecord[]> {
  return sink.bySubject(subjectHash(nik, hmacSecret));
}

/**
 * Resolvers of `Query.processingTrail`, over the process-wide audit sink. The NIK is validated
 * like every other identifier; the subject never appears in the answer.
 */
export function processingTrailResolvers(sink: AuditSink, hmacSecret: string) {
  return {
    Query: {
      processingTrail: async (_root: unknown, args: { nik: string }) => {
        const checked = validateNik(args.nik);
        if (!checked.ok) throw new BadUserInputError(checked.problem, 'nik');
        const records = await processingTrail(sink, checked.value, hmacSecret);
        return records.map(({ subjects: _s, prev: _p, hash: _h, seq: _q, v: _v, ...rest }) => rest);
      },
    },
  };
}
