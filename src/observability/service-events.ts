/**
 * Counts since start of the gateway's own refusals and audit writes, for the status page
 * (Prometheus has the same as counters; the page must not parse its own /metrics).
 */
export class ServiceEvents {
  authRefusals = 0;
  rateLimited = 0;
  auditOk = 0;
  auditFailed = 0;
  /** ISO time of the last failed audit append (personal data was withheld then). */
  lastAuditFailureAt: string | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  auditWrite(ok: boolean): void {
    if (ok) this.auditOk++;
    else {
      this.auditFailed++;
      this.lastAuditFailureAt = new Date(this.now()).toISOString();
    }
  }
}
