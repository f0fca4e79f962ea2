import { targetOf, verifyKeysOf, withCentral } from './cli-support';
import {
  verifyCentral,
  verifySpool,
  verifyTogether,
  spoolInstance,
  type ChainReport,
} from './verify';

type Env = Record<string, string | undefined>;

/** True when the arguments ask for the spool/central verification (not the legacy file/stream). */
export const wantsSpoolVerify = (argv: readonly string[], env: Env): boolean =>
  argv.includes('--spool') ||
  argv.includes('--central') ||
  argv.includes('--cluster') ||
  (!argv.includes('--file') && !argv.includes('--redis') && !!env.AUDIT_SPOOL_DIR);

/**
 * `npm run audit:verify -- [--spool DIR]... [--central URL | --cluster h:p,...] [--public-keys FILE]`:
 * every instance's chain in each spool and in the central sink; with both, each spool is
 * also compared with the central chain of its instance. Exit 0 all intact, 1 the first bad
 * sequence named per broken instance, 2 usage or access error.
 */
export async function runAuditVerify(
  argv: readonly string[],
  env: Env,
): Promise<{ code: number; lines: string[] }> {
  const target = targetOf(argv, env);
  const lines: string[] = [];
  if (target.spools.length === 0 && !target.central)
    return { code: 2, lines: ['nothing to verify: give --spool DIR and/or --central URL'] };
  try {
    const { keys, notes } = await verifyKeysOf(argv, env, target.spools);
    for (const n of notes) lines.push(`note: ${n}`);
    if (keys.publicKeys.size === 0)
      return { code: 2, lines: [...lines, 'no public keys: give --public-keys FILE'] };
    const reports: Array<{ where: string; report: ChainReport }> = [];
    const central = target.central
      ? await withCentral(target.central, (c) => verifyCentral(c, keys))
      : undefined;
    const covered = new Set<string>();
    for (const dir of target.spools) {
      const instance = await spoolInstance(dir);
      covered.add(instance);
      const report = central
        ? await verifyTogether(
            dir,
            central.find((r) => r.instance === instance),
            keys,
          )
        : await verifySpool(dir, keys);
      reports.push({ where: central ? `spool ${dir} + central` : `spool ${dir}`, report });
    }
    for (const report of central ?? [])
      if (!covered.has(report.instance)) reports.push({ where: 'central', report });
    let broken = false;
    for (const { where, report } of reports) {
      if (!report.ok) {
        broken = true;
        lines.push(
          `BROKEN: instance ${report.instance} (${where}): seq ${report.at}: ${report.problem}`,
        );
        continue;
      }
      const repairs = report.repairs.map(
        (r) => `seq ${r.seq} cut ${r.cutBytes} bytes of a torn tail`,
      );
      lines.push(
        `OK: instance ${report.instance} (${where}): ${report.count} records, seq ${report.firstSeq}..${report.head.seq}` +
          `, newest checkpoint pins seq ${report.checkpoint?.pinnedSeq ?? 'none'}` +
          (report.unpinned > 0 ? `, ${report.unpinned} records after it (MAC only)` : '') +
          (repairs.length > 0 ? `; repairs: ${repairs.join(', ')}` : ''),
      );
    }
    return { code: broken ? 1 : 0, lines };
  } catch (err) {
    lines.push(`cannot verify: ${err instanceof Error ? err.message : String(err)}`);
    return { code: 2, lines };
  }
}
