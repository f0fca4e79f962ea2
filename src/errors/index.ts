import { GraphQLError } from 'graphql';

/** Stable error codes that front ends switch on (`errors[].extensions.code`). */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  UpstreamTimeout = 'UPSTREAM_TIMEOUT',
  UpstreamUnavailable = 'UPSTREAM_UNAVAILABLE',
  UpstreamBadResponse = 'UPSTREAM_BAD_RESPONSE',
  CircuitOpen = 'CIRCUIT_OPEN',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  RateLimited = 'RATE_LIMITED',
  /** The deployment has no instance of a regional agency for this region or MPP (docs/tenancy.md). */
  NotServedHere = 'NOT_SERVED_HERE',
  InternalServerError = 'INTERNAL_SERVER_ERROR',
  // Payments (docs/payments.md): each says whether anything moved.
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyInProgress = 'IDEMPOTENCY_IN_PROGRESS',
  AmountMismatch = 'AMOUNT_MISMATCH',
  AlreadyPaid = 'ALREADY_PAID',
  BillNotFound = 'BILL_NOT_FOUND',
  PaymentUnavailable = 'PAYMENT_UNAVAILABLE',
  PaymentDeclined = 'PAYMENT_DECLINED',
  PaymentPending = 'PAYMENT_PENDING',
  PaymentReversed = 'PAYMENT_REVERSED',
}

/** The base of every error we raise on purpose: it carries a code and, when an agency is to blame, the connector. */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;
  readonly connector: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { connector?: string; cause?: unknown } = {},
  ) {
    super(message, {
      extensions: options.connector ? { code, connector: options.connector } : { code },
      originalError: options.cause instanceof Error ? options.cause : undefined,
    });
    this.name = 'GatewayError';
    this.code = code;
    this.connector = options.connector;
  }
}

/**
 * A payment refused or not completed; `details` (payment id, years already paid, earlier
 * NTP, amounts...) go to `extensions` next to the code.
 */
export class PaymentRefusedError extends GatewayError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown>) {
    super(code, message, { connector: 'bank-aceh' });
    Object.assign(this.extensions, details);
  }
}

/** An identifier or argument failed validation; no agency was called. */
export class BadUserInputError extends GatewayError {
  constructor(
    message: string,
    readonly argument?: string,
  ) {
    super(ErrorCode.BadUserInput, message);
    if (argument) this.extensions['argument'] = argument;
  }
}

/**
 * A regional agency (tax office, water utility...) of a region or MPP this deployment does
 * not serve: no agency was called. `connector` names the regional connector (`bpkd`).
 */
export class NotServedHereError extends GatewayError {
  constructor(connector: string, what: string) {
    super(ErrorCode.NotServedHere, `${what} is not served by this gateway`, { connector });
  }
}

/**
 * An agency call failed. `retryable` tells the retry policy whether another attempt can
 * help (connect errors, 502/503/504, timeouts); `countsAsFailure` is false for answers that
 * say nothing about the agency's health (not used for "not found", which is a value).
 */
export class UpstreamError extends GatewayError {
  readonly retryable: boolean;
  /** For logs only (never sent to clients): an HTTP status, errno or validation path. */
  readonly detail: string | undefined;

  constructor(
    code: ErrorCode,
    connector: string,
    message: string,
    options: { retryable?: boolean; cause?: unknown; detail?: string } = {},
  ) {
    super(code, message, { connector, cause: options.cause });
    this.retryable = options.retryable ?? false;
    this.detail = options.detail;
  }
}

export const upstreamTimeout = (connector: string, detail?: string) =>
  new UpstreamError(ErrorCode.UpstreamTimeout, connector, `${connector} did not answer in time`, {
    retryable: true,
    detail,
  });

export const upstreamUnavailable = (connector: string, detail?: string, retryable = false) =>
  new UpstreamError(ErrorCode.UpstreamUnavailable, connector, `${connector} is unavailable`, {
    retryable,
    detail,
  });

export const upstreamBadResponse = (connector: string, detail?: string) =>
  new UpstreamError(
    ErrorCode.UpstreamBadResponse,
    connector,
    `${connector} sent a response the gateway could not understand`,
    { detail },
  );

export const circuitOpen = (connector: string) =>
  new UpstreamError(
    ErrorCode.CircuitOpen,
    connector,
    `${connector} is failing; calls are paused while its circuit breaker is open`,
  );
