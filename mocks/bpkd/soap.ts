import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The mock's side of SOAP 1.1: reading requests and writing envelopes and Faults. Written
 * apart from the connector's code on purpose, so that the two only agree on the protocol.
 */

export const PBB_NS = 'http://pbb.bpkd.langsakota.go.id/ws';
const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** `<NAME>value</NAME>`, escaped. */
export const el = (name: string, value: string | number): string =>
  `<${name}>${esc(String(value))}</${name}>`;

/** `<NAME xsi:nil="true"/>` for a NULL column, as JAX-WS writes it. */
export const nil = (name: string): string => `<${name} xsi:nil="true"/>`;

/** A response envelope in the JAX-WS style of the real service (`soap:` and `ns2:` prefixes). */
export function envelope(operation: string, results: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<soap:Body><ns2:${operation}Response xmlns:ns2="${PBB_NS}">${results}</ns2:${operation}Response></soap:Body>` +
    '</soap:Envelope>'
  );
}

/** A SOAP 1.1 Fault; `faultcode` is a QName such as `soap:Client` or `wsse:FailedAuthentication`. */
export function fault(faultcode: string, faultstring: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:wsse="${WSSE_NS}"><soap:Body><soap:Fault>` +
    `${el('faultcode', faultcode)}${el('faultstring', faultstring)}` +
    '</soap:Fault></soap:Body></soap:Envelope>'
  );
}

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: true,
  trimValues: true,
  ignoreDeclaration: true,
});

export interface SoapRequest {
  username: string | undefined;
  password: string | undefined;
  /** The single child element of Body: the operation actually sent. */
  operation: string | undefined;
  /** Text of every child element of the operation element named `item`; undefined if one is not text. */
  items(item: string): string[] | undefined;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const child = (v: unknown, name: string): unknown => (isNode(v) ? v[name] : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Parses a request envelope; undefined when it is not well-formed XML or has no Envelope/Body.
 * DTDs are refused (SOAP 1.1 forbids them), so entity expansion never runs.
 */
export function readRequest(xml: string): SoapRequest | undefined {
  if (/<!DOCTYPE/i.test(xml) || XMLValidator.validate(xml) !== true) return undefined;
  const envelopeNode = child(parser.parse(xml), 'Envelope');
  const body = child(envelopeNode, 'Body');
  if (!isNode(body)) return undefined;
  const token = child(child(child(envelopeNode, 'Header'), 'Security'), 'UsernameToken');
  const names = Object.keys(body);
  const operation = names.length === 1 ? names[0] : undefined;
  const payload = operation ? body[operation] : undefined;
  return {
    username: text(child(token, 'Username')),
    password: text(child(token, 'Password')),
    operation,
    items(item) {
      const value = child(payload, item);
      const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return list.every((v): v is string => typeof v === 'string') ? list : undefined;
    },
  };
}
