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

/**
 * A person's processing trail, oldest first: every audit record naming the HMAC of their NIK,
 * and every record naming an identifier (NOP, customer number, card, KPJ, application) that
 * some answer tied to that NIK (`links`, see subjects.ts), e.g. a NOP lookup made before or
 * after a citizen query listed the person's tax objects. Admin purges of their records too.
 */
export async function processingTrail(
  sink: Pick<AuditSink, 'bySubject'>,
  nik: string,
  hmacSecret: string,
): Promise<AuditRecord[]> {
  const own = subjectHash(nik, hmacSecret);
  const direct = await sink.bySubject(own);
  const linked = new Set<string>();
  for (const r of direct) for (const [n, id] of r.links ?? []) if (n === own) linked.add(id);
  const byKey = new Map<string, AuditRecord>();
  const key = (r: AuditRecord) => `${(r as { instance?: string }).instance ?? ''}:${r.seq}`;
  for (const r of direct) byKey.set(key(r), r);
  for (const id of linked) for (const r of await sink.bySubject(id)) byKey.set(key(r), r);
  return [...byKey.values()].sort((a, b) =>
    a.time === b.time ? a.seq - b.seq : a.time < b.time ? -1 : 1,
  );
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
        return records.map(
          ({ subjects: _s, links: _l, prev: _p, hash: _h, seq: _q, v: _v, ...rest }) => ({
            ...rest,
            failed: rest.failed ?? [],
          }),
        );
      },
    },
  };
}
