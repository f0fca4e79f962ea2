import { ErrorCode, UpstreamError, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import {
  getObjekPajakBySubjekBodySchema,
  getTagihanSpptBodySchema,
  type SubjekResultPayload,
  type TagihanResultPayload,
} from './payloads';
import {
  buildEnvelope,
  readSoapBody,
  soapAction,
  type PbbOperation,
  type SoapCredentials,
} from './soap';

/** The service endpoint: one SOAP 1.1 port for every operation, dispatched on SOAPAction. */
export const SERVICE_PATH = '/ws/pbb';

/** Native calls of the BPKD PBB-P2 service. Each method is one HTTP request. */
export interface BpkdClient {
  /** GetObjekPajakBySubjek: the tax objects of each subject (owner NIK). */
  objectsBySubject(niks: readonly string[], call: CallContext): Promise<SubjekResultPayload[]>;
  /** GetTagihanSppt: the object and every SPPT of each NOP. */
  billsByNop(nops: readonly string[], call: CallContext): Promise<TagihanResultPayload[]>;
}

export function createBpkdClient(upstream: Upstream, credentials: SoapCredentials): BpkdClient {
  const invoke = async (
    operation: PbbOperation,
    itemElement: string,
    values: readonly string[],
    call: CallContext,
  ): Promise<Record<string, unknown>> => {
    const response = await upstream.request(
      call,
      {
        method: 'POST',
        url: SERVICE_PATH,
        headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: soapAction(operation) },
        data: buildEnvelope(credentials, operation, itemElement, values),
      },
      { passStatuses: [500] },
    );
    if (response.status !== 200)
      throw httpFailure(upstream.connector, operation, response.status, response.data);
    return readSoapBody(response.data, upstream.connector, operation);
  };

  return {
    async objectsBySubject(niks, call) {
      const body = await invoke('GetObjekPajakBySubjek', 'SubjekPajakId', niks, call);
      const parsed = upstream.parse(
        getObjekPajakBySubjekBodySchema,
        body,
        'GetObjekPajakBySubjek response',
      );
      return parsed.GetObjekPajakBySubjekResponse.Hasil;
    },
    async billsByNop(nops, call) {
      const body = await invoke('GetTagihanSppt', 'Nop', nops, call);
      const parsed = upstream.parse(getTagihanSpptBodySchema, body, 'GetTagihanSppt response');
      return parsed.GetTagihanSpptResponse.Hasil;
    },
  };
}

/**
 * A non-200 answer: SOAP 1.1 sends Faults with HTTP 500 (passed through to us for that
 * reason), some stacks with 4xx; then the Fault names the reason (e.g. a refused login).
 * Anything else (a proxy's error page) says only that the service did not serve us.
 */
function httpFailure(
  connector: string,
  operation: string,
  status: number,
  body: string,
): UpstreamError {
  try {
    readSoapBody(body, connector, operation);
  } catch (err) {
    if (err instanceof UpstreamError && err.code === ErrorCode.UpstreamUnavailable) return err;
  }
  return upstreamUnavailable(connector, `${operation}: HTTP ${status}`);
}
