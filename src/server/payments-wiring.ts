import axios from 'axios';
import type { Logger } from 'pino';
import { DEFAULT_CONNECTOR_POLICY, type ConnectorPolicy, type PaymentsConfig } from '../config';
import { BankAcehLink, BankChannel, type ChannelState } from '../connectors/bank-aceh';
import type { MessageTransport } from '../connectors/bank-aceh';
import { BPKD_ENTITIES } from '../connectors/bpkd/loaders';
import {
  ConnectorUpstream,
  type PipelineCache,
  type PipelineObserver,
} from '../connectors/core/upstream';
import { ErrorCode, GatewayError } from '../errors';
import { describeLedgerLocation, openLedgerDb, WriteLedger, type LedgerDb } from '../ledger';
import { BankUnavailableError, PaymentService } from '../payments';
import type { PaymentsAccess } from '../resolvers';

/** What the status page shows of payments: the bank connection and what is unresolved. */
export interface PaymentsStatus {
  bank: Pick<
    ChannelState,
    'connected' | 'signedOn' | 'lastSignOnAt' | 'lastEchoAt' | 'inFlight' | 'reconnects'
  >;
  /** Payment years whose outcome is not final yet (sent, unknown, reversing...). */
  paymentsInFlight: number | null;
}

/** The payments side of one gateway process (docs/payments.md "Wiring"). */
export interface RunningPayments {
  access: PaymentsAccess;
  /** The bank-aceh pipeline (breaker, bulkhead, metrics), listed with the connectors. */
  upstream: ConnectorUpstream;
  ledger: LedgerDb;
  /** The generic write operations of the ledger (agency write journal). */
  writeLedger: WriteLedger;
  channel: BankChannel;
  service: PaymentService;
  status(): Promise<PaymentsStatus>;
  /** Stops recovery, signs off, closes the ledger. Payments still running end unknown and are recovered at the next start. */
  close(): Promise<void>;
}

export interface PaymentsWiringDeps {
  config: PaymentsConfig;
  logger: Logger;
  observer: PipelineObserver;
  /** The shared cache of the pipelines: the BPKD records of a paid tax object are purged there. */
  cache: PipelineCache | undefined;
  /** Whether BPKD runs here (no BPKD, nothing cached to purge). */
  bpkd: ConnectorUpstream | undefined;
}

/**
 * Opens the ledger (migrations), starts the bank link (sign-on, echo, reconnect) behind the
 * shared pipeline in non-idempotent mode, and starts the payment service with recovery at
 * once and in the background: a payment left unknown by a crash is resolved here.
 */
export async function startPayments(deps: PaymentsWiringDeps): Promise<RunningPayments> {
  const { config } = deps;
  const logger = deps.logger.child({ connector: 'bank-aceh' });
  const ledger = await openLedgerDb(config.ledger);
  logger.info({ ledger: describeLedgerLocation(config.ledger) }, 'payment ledger open');
  const policy: ConnectorPolicy = structuredClone(DEFAULT_CONNECTOR_POLICY);
  policy.timeoutMs = config.paymentTimeoutMs;
  policy.bulkhead.maxConcurrent = config.maxConcurrent;
  const upstream = new ConnectorUpstream({
    connector: 'bank-aceh',
    // Never used: the bank speaks ISO 8583 over `channel`, through `upstream.call`.
    http: axios.create(),
    policy,
    logger,
    observer: deps.observer,
  });
  const channel = new BankChannel({
    host: config.bank.host,
    port: config.bank.port,
    connectTimeoutMs: config.bank.connectTimeoutMs,
    signOnTimeoutMs: config.bank.signOnTimeoutMs,
    idleEchoMs: config.bank.idleEchoMs,
    logger,
  });
  channel.start();
  const transport: MessageTransport = {
    async send(request, options) {
      try {
        return await upstream.call(
          'iso8583',
          (signal) => channel.send(request, { timeoutMs: options.timeoutMs, signal }),
          // The channel's own timeout decides "no answer"; the pipeline's deadline is a backstop.
          { idempotent: false, timeoutMs: options.timeoutMs + 1_000, signal: options.signal },
        );
      } catch (err) {
        // Refused by the breaker or the bulkhead: the message never left.
        if (
          err instanceof GatewayError &&
          (err.code === ErrorCode.CircuitOpen || err.code === ErrorCode.UpstreamUnavailable)
        )
          throw new BankUnavailableError(`bank link refused by the pipeline (${err.code})`);
        throw err;
      }
    },
  };
  const link = new BankAcehLink(transport, {
    acquirerId: config.bank.acquirerId,
    terminalId: config.bank.terminalId,
    terminalUserId: config.bank.terminalUserId,
  });
  const writeLedger = new WriteLedger(ledger.db);
  const service = new PaymentService({
    bank: link,
    ledger: writeLedger,
    inquiryTimeoutMs: config.inquiryTimeoutMs,
    paymentTimeoutMs: config.paymentTimeoutMs,
    reversalTimeoutMs: config.reversalTimeoutMs,
    leaseMarginMs: config.leaseMarginMs,
    logger,
  });
  service.start(config.recoveryIntervalMs);

  const purgeTaxObject = async (nop: string): Promise<boolean> => {
    if (!deps.bpkd || !deps.cache) return true;
    try {
      await deps.bpkd.purgeRecord(BPKD_ENTITIES.taxObject, nop);
      return true;
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.name : 'unknown' }, 'BPKD cache purge failed');
      return false;
    }
  };

  let closing: Promise<void> | undefined;
  return {
    access: { service, purgeTaxObject },
    upstream,
    ledger,
    writeLedger,
    channel,
    service,
    async status() {
      const s = channel.state();
      let paymentsInFlight: number | null = null;
      try {
        paymentsInFlight = await service.inFlight();
      } catch {
        // The ledger is down: the status page says "unknown" rather than failing.
      }
      return {
        bank: {
          connected: s.connected,
          signedOn: s.signedOn,
          lastSignOnAt: s.lastSignOnAt,
          lastEchoAt: s.lastEchoAt,
          inFlight: s.inFlight,
          reconnects: s.reconnects,
        },
        paymentsInFlight,
      };
    },
    close() {
      closing ??= (async () => {
        await service.stop();
        await channel.close();
        upstream.shutdown();
        await ledger.close();
      })();
      return closing;
    },
  };
}
