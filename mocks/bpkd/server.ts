import { MOCK_CREDENTIALS } from '../credentials';
import { MockAgency, type MockRequest, type MockResponse } from '../core/server';
import { CallCounter } from '../core/faults';
import type { Dataset } from '../data/dataset';
import { ResultRenderer } from './render';
import { envelope, fault, PBB_NS, readRequest } from './soap';

/**
 * BPKD Kota Langsa's PBB-P2 web service (SISMIOP behind a SOAP 1.1 port): see README.md.
 *
 * Every operation shares one URL, so the base mock's per-route fault injection and call
 * counters would only see "ws/pbb". This subclass adds the operation level: calls are
 * counted, and faults applied, under the SOAP operation named by the SOAPAction header.
 */

/** The transport-level endpoint name (every HTTP request to the service). */
export const SERVICE_ENDPOINT = 'ws/pbb';

/** SOAP operations; also the endpoint names for call counters and fault injection. */
export const OPERATIONS = {
  GetObjekPajakBySubjek: { item: 'SubjekPajakId', pattern: /^\d{16}$/ },
  GetTagihanSppt: { item: 'Nop', pattern: /^\d{18}$/ },
} as const;
export type Operation = keyof typeof OPERATIONS;

/** Most ids one request may carry; more is a Client fault. */
export const MAX_ITEMS_PER_REQUEST = 100;

const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8' };

/**
 * Counts both levels; `total()` counts HTTP requests (one operation each), so totals across
 * mocks still equal upstream calls made.
 */
class SoapCallCounter extends CallCounter {
  override total(): number {
    return this.get(SERVICE_ENDPOINT);
  }
}

const isOperation = (name: string | undefined): name is Operation =>
  name !== undefined && Object.prototype.hasOwnProperty.call(OPERATIONS, name);

/** The operation a SOAPAction names: `"<ns>/<operation>"`, quotes optional. */
function operationOf(soapAction: string | string[] | undefined): string | undefined {
  if (typeof soapAction !== 'string') return undefined;
  const action = soapAction.trim().replace(/^"(.*)"$/, '$1');
  const prefix = `${PBB_NS}/`;
  return action.startsWith(prefix) ? action.slice(prefix.length) : undefined;
}

export class BpkdMock extends MockAgency {
  override readonly calls: CallCounter = new SoapCallCounter();
  private readonly results: ResultRenderer;

  constructor(dataset: Dataset, options: { port?: number } = {}) {
    super({
      key: 'bpkd',
      port: options.port,
      routes: [
        {
          endpoint: SERVICE_ENDPOINT,
          method: 'POST',
          path: /^\/ws\/pbb\/?$/,
          handle: (req) => this.serve(req),
        },
      ],
      // A response cut off mid-element, as a dropped Oracle session leaves it.
      malformedBody:
        '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns2:GetTagihanSpptResponse xmlns:ns2="' +
        PBB_NS +
        '"><Hasil><Nop>1173',
      malformedContentType: 'text/xml; charset=utf-8',
    });
    this.results = new ResultRenderer(dataset);
  }

  private async serve(req: MockRequest): Promise<MockResponse> {
    const operation = operationOf(req.headers['soapaction']);
    if (!isOperation(operation)) return clientFault('SOAPAction tidak dikenal');
    this.calls.increment(operation);
    const injected = await this.operationFault(operation);
    if (injected) return injected;

    if (!String(req.headers['content-type'] ?? '').includes('text/xml')) {
      return clientFault('Content-Type harus text/xml');
    }
    const request = readRequest(req.body);
    if (!request) return clientFault('Permintaan bukan SOAP Envelope yang valid');
    if (request.username === undefined || request.password === undefined) {
      return soapFault('wsse:InvalidSecurity', 'WS-Security UsernameToken tidak ditemukan');
    }
    const expected = MOCK_CREDENTIALS.bpkd;
    if (request.username !== expected.username || request.password !== expected.password) {
      return soapFault(
        'wsse:FailedAuthentication',
        'The security token could not be authenticated or authorized',
      );
    }
    if (request.operation !== operation)
      return clientFault('Isi Body tidak sesuai dengan SOAPAction');

    const { item, pattern } = OPERATIONS[operation];
    const ids = request.items(item);
    if (!ids || ids.length === 0) return clientFault(`${item} wajib diisi`);
    if (ids.length > MAX_ITEMS_PER_REQUEST) {
      return clientFault(`Maksimum ${MAX_ITEMS_PER_REQUEST} ${item} per permintaan`);
    }
    if (!ids.every((id) => pattern.test(id))) return clientFault(`Format ${item} tidak valid`);

    const render =
      operation === 'GetTagihanSppt'
        ? (id: string) => this.results.tagihanFor(id)
        : (id: string) => this.results.subjekFor(id);
    return {
      status: 200,
      headers: XML_HEADERS,
      body: envelope(operation, ids.map(render).join('')),
    };
  }

  /**
   * Applies a fault set on the operation's own name. Faults on "*" or "ws/pbb" were already
   * applied by the base class at the transport level, so the wildcard is skipped here. A
   * connection `reset` needs the socket and works only at the transport level.
   */
  private async operationFault(operation: Operation): Promise<MockResponse | undefined> {
    const own = this.faults.for(operation);
    if (!own || own === this.faults.for('*')) return undefined;
    if (own.latencyMs) await sleep(own.latencyMs);
    const action = this.faults.decide(own);
    switch (action.kind) {
      case 'hang':
        return new Promise<never>(() => undefined); // never answers; stop() closes the socket
      case 'status':
        return {
          status: action.status,
          headers: { 'content-type': 'text/html' },
          body: `<html><body><h1>${action.status} Service Unavailable</h1></body></html>`,
        };
      case 'malformed':
        return {
          status: 200,
          headers: XML_HEADERS,
          body: `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns2:${operation}Response xmlns:ns2="${PBB_NS}"><Hasil>`,
        };
      case 'reset':
      case 'none':
        return undefined;
    }
  }
}

// SOAP 1.1 §6.2: a Fault travels with HTTP 500.
const soapFault = (code: string, message: string): MockResponse => ({
  status: 500,
  headers: XML_HEADERS,
  body: fault(code, message),
});
const clientFault = (message: string): MockResponse => soapFault('soap:Client', message);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createBpkdMock(dataset: Dataset, options: { port?: number } = {}): BpkdMock {
  return new BpkdMock(dataset, options);
}
