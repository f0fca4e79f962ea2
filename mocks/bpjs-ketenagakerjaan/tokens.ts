import { randomBytes } from 'node:crypto';

/** Issued access tokens and when they expire, as the agency's authorisation server keeps them. */
export class TokenStore {
  private readonly expiries = new Map<string, number>();

  constructor(
    /** Lifetime of a new token in seconds. */
    readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): { token: string; expiresIn: number } {
    // Opaque random tokens: nothing in them identifies the client, as with most real AS.
    const token = randomBytes(24).toString('base64url');
    this.expiries.set(token, this.now() + this.lifetimeSeconds * 1000);
    if (this.expiries.size > 1_000) this.prune();
    return { token, expiresIn: this.lifetimeSeconds };
  }

  /** 'valid', or why the token is refused (for error_description). */
  check(token: string): 'valid' | 'unknown' | 'expired' {
    const expiresAt = this.expiries.get(token);
    if (expiresAt === undefined) return 'unknown';
    if (this.now() >= expiresAt) return 'expired';
    return 'valid';
  }

  /** Makes every issued token stale (what a restart of the real authorisation server does). */
  expireAll(): void {
    const now = this.now();
    for (const token of this.expiries.keys()) this.expiries.set(token, now);
  }

  // Bounded memory under benchmarks that request many tokens: drop the expired ones.
  private prune(): void {
    const now = this.now();
    for (const [token, expiresAt] of this.expiries)
      if (now >= expiresAt) this.expiries.delete(token);
  }
}
