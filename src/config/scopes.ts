import { createHash } from 'node:crypto';

/** SHA-256 of an API key, hex: what API_CLIENTS stores. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What decides a connector's scopes: its key, and whether it writes to its agency. */
export interface ScopeSource {
  key: string;
  writes?: boolean;
}

/**
 * Payments at the Bank Aceh counter are not an agency connector (no read path, a TCP link),
 * but they have the scopes of one: `bank-aceh:write` to pay, `bank-aceh:read` to look up.
 */
export const PAYMENT_SCOPE_SOURCE = { key: 'bank-aceh', writes: true } as const;

/**
 * The scopes a set of connectors implies: `<key>:read` each, `<key>:write` for those that
 * write (granted apart from reading), plus the sensitivity and ops scopes.
 */
export const scopesOf = (connectors: readonly ScopeSource[]): string[] => [
  ...connectors.map(({ key }) => `${key}:read`),
  ...connectors.filter((c) => c.writes).map(({ key }) => `${key}:write`),
  'pii:read',
  'ops:read',
  'audit:read',
];
