import { ErrorCode, GatewayError, UpstreamError } from '../../errors';

/**
 * What kind of failure an upstream attempt met, for operators (status page, spans): a closed
 * set derived from the error's code and transport detail, never from its message.
 */
export type FailureKind =
  | 'http-status'
  | 'timeout'
  | 'reset'
  | 'refused'
  | 'bad-payload'
  | 'circuit-open'
  | 'rejected'
  | 'other';

export interface FailureClass {
  kind: FailureKind;
  /** The agency's HTTP status, when the failure was one. */
  httpStatus?: number;
}

const HTTP_DETAIL = /\bHTTP (\d{3})\b/;

/** Classifies a pipeline failure by its code and transport detail (an errno or "HTTP nnn"). */
export function classifyFailure(err: unknown): FailureClass {
  if (!(err instanceof GatewayError)) return { kind: 'other' };
  switch (err.code) {
    case ErrorCode.UpstreamTimeout:
      return { kind: 'timeout' };
    case ErrorCode.UpstreamBadResponse:
      return { kind: 'bad-payload' };
    case ErrorCode.CircuitOpen:
      return { kind: 'circuit-open' };
    default:
      break;
  }
  const detail = err instanceof UpstreamError ? (err.detail ?? '') : '';
  const status = HTTP_DETAIL.exec(detail);
  if (status) return { kind: 'http-status', httpStatus: Number(status[1]) };
  if (/ECONNRESET|socket hang up|EPIPE/i.test(detail)) return { kind: 'reset' };
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/i.test(detail)) return { kind: 'refused' };
  if (/ETIMEDOUT|ECONNABORTED/.test(detail)) return { kind: 'timeout' };
  if (detail === 'bulkhead full') return { kind: 'rejected' };
  return { kind: 'other' };
}
