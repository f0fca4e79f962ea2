import { z } from 'zod';
import { parseLedgerUrl, type LedgerLocation } from '../ledger/config';
import type { EnvReader } from './env-reader';
import { intIn, onOff } from './schemas';

/**
 * PBB-P2 payments at the Bank Aceh counter (docs/payments.md "Settings"): the ISO 8583 link to
 * the bank switch and the ledger every payment is written to before a message goes out.
 */
export interface PaymentsConfig {
  /** `LEDGER_URL`: SQLite (development default `./data/ledger.sqlite`) or PostgreSQL (production). */
  ledger: LedgerLocation;
  bank: {
    /** `BANK_ACEH_HOST`, `BANK_ACEH_PORT`: the switch's ISO 8583 listener. */
    host: string;
    port: number;
    /** `BANK_ACEH_ACQUIRER_ID` (bit 32). Default `116` (Bank Aceh). */
    acquirerId: string;
    /** `BANK_ACEH_TERMINAL_ID` (bit 41, at most 8). Default `MPPLSA01`. */
    terminalId: string;
    /** `BANK_ACEH_TERMINAL_USER_ID` (bit 42, at most 15). Default `MPP-LANGSA`. */
    terminalUserId: string;
    /** `BANK_ACEH_CONNECT_TIMEOUT_MS`. Default 5000. */
    connectTimeoutMs: number;
    /** `BANK_ACEH_SIGN_ON_TIMEOUT_MS`. Default 10000. */
    signOnTimeoutMs: number;
    /** `BANK_ACEH_IDLE_ECHO_MS`: echo after this long without traffic. Default 25000. */
    idleEchoMs: number;
    /** `BANK_ACEH_ADMIN_URL`: the mock switch's admin API (settlement list); development only. */
    adminUrl: string | undefined;
  };
  /** `BANK_ACEH_INQUIRY_TIMEOUT_MS`. Default 15000. */
  inquiryTimeoutMs: number;
  /** `BANK_ACEH_PAYMENT_TIMEOUT_MS`: past it the outcome is unknown and reversed. Default 30000. */
  paymentTimeoutMs: number;
  /** `BANK_ACEH_REVERSAL_TIMEOUT_MS`. Default 30000. */
  reversalTimeoutMs: number;
  /** `PAYMENTS_RECOVERY_INTERVAL_MS`: background recovery pass. Default 15000. */
  recoveryIntervalMs: number;
  /**
   * `PAYMENTS_LEASE_MARGIN_MS`: added to a call's timeout for the lease that keeps other
   * instances off a payment in flight; after it, recovery takes over a crashed instance's
   * payment. Default 15000.
   */
  leaseMarginMs: number;
  /** `BANK_ACEH_MAX_CONCURRENT`: messages in flight to the switch (bulkhead). Default 32. */
  maxConcurrent: number;
}

/**
 * `PAYMENTS=on|off`. Production: off unless `on`, and then every bank setting and a
 * `postgres://` LEDGER_URL are required (instances must share one ledger). Development and
 * test: on when BANK_ACEH_HOST is known (the in-process mock sets it).
 */
export function readPayments(r: EnvReader, production: boolean): PaymentsConfig | undefined {
  const switched = r.read('PAYMENTS', onOff);
  const host = r.read('BANK_ACEH_HOST', z.string().min(1));
  const port = r.read('BANK_ACEH_PORT', intIn(1, 65_535));
  const ledgerUrl = r.raw('LEDGER_URL');
  const bank = {
    acquirerId: r.read(
      'BANK_ACEH_ACQUIRER_ID',
      z.string().regex(/^\d{1,11}$/, 'expected digits'),
      '116',
    ),
    terminalId: r.read('BANK_ACEH_TERMINAL_ID', z.string().min(1).max(8), 'MPPLSA01'),
    terminalUserId: r.read('BANK_ACEH_TERMINAL_USER_ID', z.string().min(1).max(15), 'MPP-LANGSA'),
    connectTimeoutMs: r.read('BANK_ACEH_CONNECT_TIMEOUT_MS', intIn(100, 120_000), 5_000),
    signOnTimeoutMs: r.read('BANK_ACEH_SIGN_ON_TIMEOUT_MS', intIn(100, 120_000), 10_000),
    idleEchoMs: r.read('BANK_ACEH_IDLE_ECHO_MS', intIn(1_000, 600_000), 25_000),
    adminUrl: r.read('BANK_ACEH_ADMIN_URL', z.url()),
  };
  const timeouts = {
    inquiryTimeoutMs: r.read('BANK_ACEH_INQUIRY_TIMEOUT_MS', intIn(100, 120_000), 15_000),
    paymentTimeoutMs: r.read('BANK_ACEH_PAYMENT_TIMEOUT_MS', intIn(100, 120_000), 30_000),
    reversalTimeoutMs: r.read('BANK_ACEH_REVERSAL_TIMEOUT_MS', intIn(100, 120_000), 30_000),
    recoveryIntervalMs: r.read('PAYMENTS_RECOVERY_INTERVAL_MS', intIn(100, 3_600_000), 15_000),
    leaseMarginMs: r.read('PAYMENTS_LEASE_MARGIN_MS', intIn(0, 600_000), 15_000),
    maxConcurrent: r.read('BANK_ACEH_MAX_CONCURRENT', intIn(1, 1_000), 32),
  };
  const enabled = switched === undefined ? !production && host !== undefined : switched === 'on';
  if (!enabled) return undefined;
  if (!host) r.problem('BANK_ACEH_HOST is required when PAYMENTS=on (the Bank Aceh switch)');
  if (!port) r.problem('BANK_ACEH_PORT is required when PAYMENTS=on');
  let ledger: LedgerLocation | undefined;
  try {
    ledger = parseLedgerUrl(ledgerUrl);
  } catch (err) {
    r.problem(err instanceof Error ? err.message : 'LEDGER_URL: invalid');
  }
  if (production && ledger && ledger.dialect !== 'postgres')
    r.problem(
      'LEDGER_URL: production needs postgres://... (one ledger shared by every instance); ' +
        'SQLite is the embedded default of `npm start` only',
    );
  if (!host || !port || !ledger) return undefined;
  return { ledger, bank: { host, port, ...bank }, ...timeouts };
}
