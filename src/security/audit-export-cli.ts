/**
 * `npm run audit:export -- --nik <NIK> [--spool DIR]... [--central URL]`: a data subject's
 * processing trail (UU PDP access request) as JSON lines, oldest first: every personal-data
 * read naming them or an identifier tied to them, failed attempts, admin purges. The NIK is
 * hashed with AUDIT_HMAC_SECRET (the gateway's) and never printed. Exit 2 on bad input.
 */
import { spoolBySubject, targetOf, withCentral } from './audit/cli-support';
import type { AuditRecord } from './audit/record';
import type { SpoolRecord } from './audit/spool-record';
import { processingTrail } from './audit/trail';
import { flagValues } from './audit/cli-support';
import { validateNik } from '../identifiers';

type Env = Record<string, string | undefined>;

/** The export as lines (tests call this; the CLI prints it). */
export async function runAuditExport(
  argv: readonly string[],
  env: Env,
): Promise<{ code: number; lines: string[] }> {
  const checked = validateNik(flagValues(argv, '--nik')[0] ?? '');
  if (!checked.ok) return { code: 2, lines: [`--nik: ${checked.problem}`] };
  const secret = env.AUDIT_HMAC_SECRET;
  if (!secret && env.NODE_ENV === 'production')
    return { code: 2, lines: ['AUDIT_HMAC_SECRET is required'] };
  const target = targetOf(argv, env);
  const bySubject = async (subject: string): Promise<AuditRecord[]> => {
    const found = new Map<string, SpoolRecord>();
    if (target.central)
      for (const r of await withCentral(target.central, (c) => c.bySubject(subject)))
        found.set(`${r.instance}:${r.seq}`, r);
    for (const r of await spoolBySubject(target.spools, subject))
      found.set(`${r.instance}:${r.seq}`, r);
    return [...found.values()];
  };
  const trail = await processingTrail(
    { bySubject },
    checked.value,
    secret ?? 'mpp-gateway-development-audit-hmac-not-a-secret',
  );
  // What the person is told: who, when, why, what; not the chain's bookkeeping or subject keys.
  const hidden = ['subjects', 'links', 'prev', 'hash', 'mac', 'macKeyId'];
  const lines = trail.map((r) => {
    const shown: Record<string, unknown> = { ...r };
    for (const k of hidden) delete shown[k];
    return JSON.stringify(shown);
  });
  return { code: 0, lines };
}

if (require.main === module) {
  void runAuditExport(process.argv.slice(2), process.env)
    .then(({ code, lines }) => {
      process.stdout.write(lines.map((l) => `${l}\n`).join(''));
      process.exit(code);
    })
    .catch((err: unknown) => {
      process.stderr.write(`cannot export: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    });
}
