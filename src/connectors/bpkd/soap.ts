import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { upstreamBadResponse, upstreamUnavailable, type UpstreamError } from '../../errors';

/**
 * SOAP 1.1 framing of the BPKD PBB-P2 web service: request envelopes with a WS-Security
 * UsernameToken, and the checks every response body passes before its payload is validated.
 * Pure functions, so that envelope handling is tested without a server.
 */

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const WSSE_NS =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const PASSWORD_TEXT =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
/** Target namespace of the service's WSDL; operation SOAPActions are `<ns>/<operation>`. */
export const PBB_NS = 'http://pbb.bpkd.langsakota.go.id/ws';

export type PbbOperation = 'GetObjekPajakBySubjek' | 'GetTagihanSppt';

export interface SoapCredentials {
  username: string;
  password: string;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** The SOAPAction HTTP header of an operation: SOAP 1.1 sends it as a quoted URI. */
export const soapAction = (operation: PbbOperation): string => `"${PBB_NS}/${operation}"`;

/**
 * A document/literal request: `<pbb:{operation}>` wrapping one `<pbb:{itemElement}>` per value,
 * with the credentials as a WS-Security UsernameToken (PasswordText: the service predates
 * digest support; the transport is what protects it).
 */
export function buildEnvelope(
  credentials: SoapCredentials,
  operation: PbbOperation,
  itemElement: string,
  values: readonly string[],
): string {
  const items = values.map((v) => `<pbb:${itemElement}>${escapeXml(v)}</pbb:${itemElement}>`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:pbb="${PBB_NS}">` +
    '<soapenv:Header>' +
    `<wsse:Security xmlns:wsse="${WSSE_NS}" soapenv:mustUnderstand="1">` +
    '<wsse:UsernameToken>' +
    `<wsse:Username>${escapeXml(credentials.username)}</wsse:Username>` +
    `<wsse:Password Type="${PASSWORD_TEXT}">${escapeXml(credentials.password)}</wsse:Password>` +
    '</wsse:UsernameToken>' +
    '</wsse:Security>' +
    '</soapenv:Header>' +
    `<soapenv:Body><pbb:${operation}>${items.join('')}</pbb:${operation}></soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}

// Leaf values stay strings (NOPs and NIKs have leading zeros, status flags are '0'/'1');
// namespace prefixes vary between server builds, so they are dropped; attributes (xsi:nil,
// xsi:type) carry nothing we use. Empty and nil elements both become ''.
const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: true,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type XmlObject = Record<string, unknown>;

const isObject = (v: unknown): v is XmlObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The children of `<Envelope><Body>` of a SOAP 1.1 response. Throws UPSTREAM_BAD_RESPONSE
 * for anything that is not a well-formed SOAP envelope, and UPSTREAM_UNAVAILABLE for a SOAP
 * Fault (the service refused the call: bad credentials, a request it rejects, or its own
 * failure). Details name structure only: never values, which may be personal data.
 */
export function readSoapBody(xml: string, connector: string, what: string): XmlObject {
  // SOAP 1.1 §3 forbids DTDs in messages; refusing them also rules out entity expansion.
  if (/<!DOCTYPE/i.test(xml)) throw upstreamBadResponse(connector, `${what} carries a DTD`);
  if (XMLValidator.validate(xml) !== true) {
    throw upstreamBadResponse(connector, `${what} is not well-formed XML`);
  }
  const document: unknown = parser.parse(xml);
  const envelope = isObject(document) ? document['Envelope'] : undefined;
  const body = isObject(envelope) ? envelope['Body'] : undefined;
  if (!isObject(body)) throw upstreamBadResponse(connector, `${what} has no SOAP Envelope/Body`);
  const fault = body['Fault'];
  if (fault !== undefined) throw soapFaultError(fault, connector, what);
  return body;
}

/** The error for a SOAP Fault: only the fault code (a QName) goes into the log detail. */
function soapFaultError(fault: unknown, connector: string, what: string): UpstreamError {
  const code = isObject(fault) && typeof fault['faultcode'] === 'string' ? fault['faultcode'] : '';
  const safeCode = /^[\w.:-]{1,80}$/.test(code) ? code : 'unknown';
  // A Server fault may be transient; Client and security faults repeat on every retry.
  const retryable = /(^|:)Server(\.|$)/.test(safeCode);
  return upstreamUnavailable(connector, `${what}: SOAP Fault ${safeCode}`, retryable);
}
