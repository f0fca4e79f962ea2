import { DEFAULT_LANGUAGE, localize, type Language } from '../errors/messages';
import type http from 'node:http';

/** Largest GraphQL request body (bytes): the biggest allowed document is far below this. */
export const MAX_BODY_BYTES = 100 * 1024;

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/**
 * Headers of every GraphQL answer, refusals included: answers may hold personal data, so no
 * cache (browser, proxy) keeps them, no browser sniffs them into another type, and no
 * Referer carries the gateway's URL onward.
 */
export const GRAPHQL_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

export function setGraphqlResponseHeaders(res: http.ServerResponse): void {
  for (const [name, value] of Object.entries(GRAPHQL_RESPONSE_HEADERS)) res.setHeader(name, value);
}

/** A GraphQL-shaped error answer; `detail` keeps the specific English reason of a localized message. */
export function sendGraphqlError(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  detail?: string,
): void {
  const extensions = detail && detail !== message ? { code, detail } : { code };
  sendJson(res, status, { errors: [{ message, extensions }] });
}

/** A body the HTTP layer refused itself (already answered). */
export class Rejected {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {}
}

/** Reads a JSON body with a size cap; answers 413/400 itself when the body is unusable. */
export async function readJsonBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  lang: Language = DEFAULT_LANGUAGE,
): Promise<unknown> {
  const tooLarge = () => {
    // Answer at once and close the connection; the rest of the upload is read and dropped
    // (not reset), so the client reliably receives the 413.
    res.setHeader('connection', 'close');
    const detail = `request body larger than ${MAX_BODY_BYTES} bytes`;
    sendGraphqlError(res, 413, 'BAD_REQUEST', localize('BAD_REQUEST', lang) ?? detail, detail);
    req.resume();
    return new Rejected(413, 'body too large');
  };
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const text = await readCapped(req, MAX_BODY_BYTES);
  if (text === undefined) return tooLarge();
  if (text.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const detail = 'request body is not valid JSON';
    sendGraphqlError(res, 400, 'BAD_REQUEST', localize('BAD_REQUEST', lang) ?? detail, detail);
    return new Rejected(400, 'invalid JSON');
  }
}

/** The body as text, or undefined once it grows past `maxBytes` (the rest is not buffered). */
function readCapped(req: http.IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
