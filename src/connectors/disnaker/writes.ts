import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  BadUserInputError,
  ErrorCode,
  UpstreamError,
  upstreamTimeout,
  upstreamUnavailable,
} from '../../errors';
import type { CallContext, RequestScope } from '../core/types';
import { DisnakerRefusal, type DisnakerClient } from './client';
import type {
  EmploymentStatus,
  JobSeekerApplicationInput,
  JobSeekerApplicationRecord,
  JobSeekerReportReceipt,
} from './domain';
import type { WriteIntent, WriteJournal, WriteOperation } from './journal';
import { nativeWork, toJobSeekerApplication, toNativeEducation, toReportReceipt } from './mapping';

/** Who performs a write (from the request's caller), for the journal. */
export type WriteActor = WriteIntent['actor'];

/** Per-request write operations of the Disnaker connector (`ctx.loaders.disnaker.writes`). */
export interface DisnakerWrites {
  applyJobSeekerCard(
    input: JobSeekerApplicationInput,
    idempotencyKey: string,
    actor: WriteActor,
  ): Promise<JobSeekerApplicationRecord>;
  reportJobSeekerStatus(
    cardNumber: string,
    status: EmploymentStatus,
    idempotencyKey: string,
    actor: WriteActor,
  ): Promise<JobSeekerReportReceipt>;
}

export interface WriteDeps {
  client: DisnakerClient;
  /** The durable write ledger; absent, the Idempotency-Key at the office is the only guard (logged at start). */
  journal: WriteJournal | undefined;
  timeoutMs: number;
  logger: Logger;
}

/** What the office's refusal codes mean for the officer, as typed input errors. */
const REFUSALS: Record<string, [string, string]> = {
  VALIDASI: ['Disnaker refused the submission as incomplete', 'input'],
  IDEMPOTENCY_KEY_REUSED: [
    'this idempotencyKey was already used for a different submission',
    'idempotencyKey',
  ],
  IDEMPOTENCY_KEY_REQUIRED: ['idempotencyKey is required', 'idempotencyKey'],
  KARTU_KEDALUWARSA: [
    'the AK/1 card has expired: the holder must apply for a new one',
    'cardNumber',
  ],
  LAPORAN_LENGKAP: ['all four reports of this AK/1 card have been made', 'cardNumber'],
  NOT_FOUND: ['Disnaker has no such AK/1 card', 'cardNumber'],
};

/**
 * Disnaker's writes. The gateway's first non-payment writes follow the payment rules:
 * - the intent is recorded in the write journal BEFORE the office is called;
 * - every write carries the client's idempotency key to the office (`Idempotency-Key`), which
 *   answers a repeat with the first outcome, so a resubmission can never make two applications;
 * - a write is NEVER retried blindly: it bypasses the pipeline's retry, breaker-driven fan-out
 *   and coalescing (it calls the agency once, on its own deadline). The only second send is
 *   after a 401 (token refused before any processing), with the same key. A timeout or lost
 *   connection is reported as an unknown outcome, with the instruction to repeat with the same key.
 */
export function createDisnakerWrites(deps: WriteDeps, scope: RequestScope): DisnakerWrites {
  const { client, journal } = deps;

  async function perform<R>(
    operation: WriteOperation,
    idempotencyKey: string,
    body: string,
    actor: WriteActor,
    send: (call: CallContext) => Promise<R>,
    referenceOf: (r: R) => string,
  ): Promise<R> {
    const intent: WriteIntent = {
      connector: 'disnaker',
      operation,
      idempotencyKey,
      fingerprint: createHash('sha256').update(body).digest('hex'),
      actor,
    };
    // Fails before the office is called: nothing is sent that the journal does not know of.
    await journal?.record(intent);
    try {
      const result = await withCall(scope, deps.timeoutMs, client.connector, send);
      await settle(intent, { kind: 'accepted', reference: referenceOf(result) });
      return result;
    } catch (err) {
      if (err instanceof DisnakerRefusal) {
        await settle(intent, { kind: 'refused', code: err.code });
        const [message, argument] = REFUSALS[err.code] ?? [
          `Disnaker refused the write (${err.code})`,
          'input',
        ];
        throw new BadUserInputError(message, argument);
      }
      const unknown =
        err instanceof UpstreamError &&
        // No answer, an answer we cannot read (it may say "accepted"), or a gateway/proxy
        // failure after sending: the office may have written it.
        (err.code === ErrorCode.UpstreamTimeout ||
          err.code === ErrorCode.UpstreamBadResponse ||
          (err.retryable && err.code === ErrorCode.UpstreamUnavailable));
      await settle(
        intent,
        unknown
          ? { kind: 'unknown', detail: errorDetail(err) }
          : { kind: 'refused', code: errorDetail(err) },
      );
      if (unknown) throw outcomeUnknown(client.connector);
      throw err;
    }
  }

  async function settle(intent: WriteIntent, outcome: Parameters<WriteJournal['settle']>[1]) {
    try {
      await journal?.settle(intent, outcome);
    } catch (err) {
      // The intent stays open in the journal: reconciliation finds it by key.
      deps.logger.warn(
        { connector: intent.connector, operation: intent.operation, err: errorDetail(err) },
        'write journal settle failed',
      );
    }
  }

  return {
    applyJobSeekerCard: async (input, idempotencyKey, actor) => {
      const body = JSON.stringify({
        nik: input.nik,
        nama: input.fullName,
        tempatLahir: input.birthPlace,
        tanggalLahir: input.birthDate,
        jenisKelamin: input.sex === 'FEMALE' ? 'P' : 'L',
        alamat: input.address,
        pendidikan: toNativeEducation(input.education),
        keterampilan: input.skills,
      });
      const p = await perform(
        'applyJobSeekerCard',
        idempotencyKey,
        body,
        actor,
        (call) => client.apply(body, idempotencyKey, call),
        (r) => r.nomorPermohonan,
      );
      return toJobSeekerApplication(p);
    },
    reportJobSeekerStatus: async (cardNumber, status, idempotencyKey, actor) => {
      const body = JSON.stringify({ statusKerja: nativeWork(status) });
      const r = await perform(
        'reportJobSeekerStatus',
        idempotencyKey,
        `${cardNumber}\n${body}`,
        actor,
        (call) => client.report(cardNumber, body, idempotencyKey, call),
        (x) => `${x.nomorAk1}/${x.laporan.laporanKe}`,
      );
      return toReportReceipt(r);
    },
  };
}

function outcomeUnknown(connector: string): UpstreamError {
  const err = new UpstreamError(
    ErrorCode.UpstreamTimeout,
    connector,
    `${connector} did not confirm the write: its outcome is unknown. Repeat it with the same idempotencyKey (never a new one): the office will not record it twice`,
  );
  err.extensions['outcome'] = 'UNKNOWN';
  return err;
}

const errorDetail = (err: unknown) =>
  err instanceof UpstreamError
    ? (err.detail ?? err.code)
    : err instanceof Error
      ? err.name
      : 'error';

/** One agency call on min(connector timeout, request deadline), outside the read pipeline. */
async function withCall<R>(
  scope: RequestScope,
  timeoutMs: number,
  connector: string,
  run: (call: CallContext) => Promise<R>,
): Promise<R> {
  const remaining = scope.deadline - Date.now();
  if (remaining <= 0) throw upstreamTimeout(connector, 'request deadline passed before the write');
  const ms = Math.min(timeoutMs, remaining);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(upstreamTimeout(connector, `no answer within ${ms} ms`)),
    ms,
  );
  const onAbort = () => controller.abort(scope.signal.reason);
  if (scope.signal.aborted) onAbort();
  else scope.signal.addEventListener('abort', onAbort, { once: true });
  const started = performance.now();
  try {
    const result = await run({
      connector,
      requestId: scope.requestId,
      signal: controller.signal,
      timeoutMs: ms,
    });
    scope.report.upstreamCall(connector, 'ok', performance.now() - started);
    return result;
  } catch (err) {
    scope.report.upstreamCall(connector, 'error', performance.now() - started);
    if (controller.signal.aborted && !(err instanceof DisnakerRefusal))
      throw upstreamTimeout(connector, `no answer within ${ms} ms`);
    if (err instanceof DisnakerRefusal || err instanceof UpstreamError) throw err;
    throw upstreamUnavailable(connector, err instanceof Error ? err.name : 'error');
  } finally {
    clearTimeout(timer);
    scope.signal.removeEventListener('abort', onAbort);
  }
}
