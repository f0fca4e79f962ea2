/**
 * Where the ledger lives, from one setting (LEDGER_URL, read by the entry point):
 * - unset: SQLite at `./data/ledger.sqlite` (the embedded default for `npm start`);
 * - `sqlite:<path>` or a plain path: SQLite at that file;
 * - `postgres://...` / `postgresql://...`: PostgreSQL, shared by all gateway instances.
 */
export type LedgerLocation =
  { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; connectionString: string };

/** Default SQLite file, relative to the working directory. */
export const DEFAULT_LEDGER_PATH = './data/ledger.sqlite';

export function parseLedgerUrl(url: string | undefined): LedgerLocation {
  const value = url?.trim();
  if (!value) return { dialect: 'sqlite', path: DEFAULT_LEDGER_PATH };
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgres', connectionString: value };
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path)
      throw new Error('LEDGER_URL: sqlite: needs a file path, e.g. sqlite:./data/ledger.sqlite');
    return { dialect: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new Error('LEDGER_URL: expected sqlite:<path>, a file path or postgres://...');
  }
  return { dialect: 'sqlite', path: value };
}

/** A location safe to log: PostgreSQL credentials are masked. */
export function describeLedgerLocation(location: LedgerLocation): string {
  if (location.dialect === 'sqlite') return `sqlite:${location.path}`;
  try {
    const u = new URL(location.connectionString);
    return `postgres://${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'postgres://(unparseable)';
  }
}
