/**
 * Reconciles one day of payments:
 *
 *   npm run payments:reconcile -- --date YYYY-MM-DD [--settlement-file list.csv] [--utc-offset +07:00]
 *
 * Reads LEDGER_URL (see docs/payments.md). Exit 0: ledger and bank agree; 1: mismatches (listed,
 * one per line); 2: bad usage or configuration. This file is an entry point: the only place in
 * src/payments that reads process.env.
 */
import { openLedgerDb, parseLedgerUrl, WriteLedger } from '../ledger';
import type { SettlementSource } from './bank-port';
import { formatMismatch, reconcileDay } from './reconcile';
import { settlementFile } from './settlement-file';
import { PaymentStore } from './store';

const USAGE =
  'usage: payments:reconcile --date YYYY-MM-DD [--settlement-file FILE] [--utc-offset +07:00]';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliDeps {
  /** Where the bank's list comes from when no --settlement-file is given (the bank connector). */
  settlementSource?: SettlementSource;
}

function parseArgs(argv: string[]): Map<string, string> | undefined {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!name?.startsWith('--') || value === undefined) return undefined;
    args.set(name.slice(2), value);
  }
  return args;
}

function parseOffset(text: string): number | undefined {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
  deps: CliDeps = {},
): Promise<number> {
  const args = parseArgs(argv);
  const date = args?.get('date');
  const offset = parseOffset(args?.get('utc-offset') ?? '+07:00');
  const known = ['date', 'settlement-file', 'utc-offset'];
  if (!args || !date || offset === undefined || [...args.keys()].some((k) => !known.includes(k))) {
    io.err(USAGE);
    return 2;
  }
  const file = args.get('settlement-file');
  const source = file ? settlementFile(file) : deps.settlementSource;
  if (!source) {
    io.err(`no settlement list: pass --settlement-file FILE\n${USAGE}`);
    return 2;
  }
  let location;
  try {
    location = parseLedgerUrl(env.LEDGER_URL);
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 2;
  }
  const ledgerDb = await openLedgerDb(location);
  try {
    const store = new PaymentStore(new WriteLedger(ledgerDb.db));
    let report;
    try {
      report = await reconcileDay(store, source, date, offset);
    } catch (err) {
      io.err(`reconcile: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
    for (const m of report.mismatches) io.out(formatMismatch(m));
    io.out(
      `${date}: ledger ${report.ledgerCount} payment(s), bank ${report.bankCount}, ${report.mismatches.length} mismatch(es)`,
    );
    return report.mismatches.length === 0 ? 0 : 1;
  } finally {
    await ledgerDb.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `reconcile failed: ${err instanceof Error ? err.message : 'unknown error'}\n`,
      );
      process.exitCode = 2;
    },
  );
}
