import type { EnvReader } from './env-reader';

/** What an allowed-origins entry must be (named in problems and zod messages). */
export const ORIGIN_RULE = 'an origin: http(s)://host[:port], no path, no wildcard';

/** A serialised browser origin exactly as a browser sends it in `Origin` (so lookups are exact). */
export function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    // WHATWG URL accepts `*` in a host name; a wildcard must never pass for an origin.
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.origin === text &&
      !url.hostname.includes('*')
    );
  } catch {
    return false;
  }
}

/** A comma-separated origin list; bad entries are named as problems. */
export function originList(r: EnvReader, name: string, raw: string | undefined): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((o) => !isOrigin(o));
  if (bad.length > 0) r.problem(`${name}: ${bad.join(', ')} is not ${ORIGIN_RULE}`);
  return list.filter(isOrigin);
}

/** The default of CORS_DEV_ORIGINS outside production: the counter console on Vite's port. */
export const DEV_ORIGINS = 'http://localhost:5173,http://127.0.0.1:5173';
