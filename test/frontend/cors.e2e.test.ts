import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql } from 'graphql';
import type { BrowserContext } from 'playwright-core';
import { createCorsPolicy, type CorsCaller } from '../../src/server/cors';
import { launchChromium, type TestBrowser } from '../support/browser';

// The CORS policy as a real browser judges it: pages on two loopback origins call a GraphQL
// endpoint on a third, with the gateway's headers (so every call is preflighted). The
// endpoint applies `cors.ts` as the HTTP layer does: preflight first, then authentication,
// then the caller's own origins.

const KEYS: Record<string, string> = { 'allowed-key-0123456789': 'counter' };
const schema = buildSchema('type Query { gatewayVersion: String! }');

const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

let api: http.Server;
let pages: http.Server;
let apiUrl: string;
let allowedOrigin: string;
let otherOrigin: string;
let context: BrowserContext;
let browser: TestBrowser | undefined;
const served: string[] = [];

beforeAll(async () => {
  // One server for both page origins: `localhost:P` is allowed, `127.0.0.1:P` is not.
  pages = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>page</title>');
  });
  const pagePort = await listen(pages);
  allowedOrigin = `http://localhost:${pagePort}`;
  otherOrigin = `http://127.0.0.1:${pagePort}`;
  const policy = createCorsPolicy({ clients: new Map([['counter', [allowedOrigin]]]), jwt: [] });

  api = http.createServer((req, res) => {
    const request = {
      method: req.method ?? 'GET',
      origin: req.headers.origin,
      requestMethod: req.headers['access-control-request-method'],
    };
    if (policy.isPreflight(request)) {
      const d = policy.preflight(request);
      return res.writeHead(d.kind === 'preflight' ? d.status : 204, d.headers).end();
    }
    const key = req.headers['x-api-key'];
    const clientId = typeof key === 'string' ? KEYS[key] : undefined;
    const caller: CorsCaller | undefined = clientId ? { clientId, method: 'api-key' } : undefined;
    const cors = policy.actual(request, caller).headers;
    if (!caller) {
      return res.writeHead(401, { ...cors, 'content-type': 'application/json' }).end(
        JSON.stringify({
          errors: [{ message: 'unknown API key', extensions: { code: 'UNAUTHENTICATED' } }],
        }),
      );
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      served.push(String(req.headers.origin));
      const { query } = JSON.parse(body) as { query: string };
      void graphql({ schema, source: query, rootValue: { gatewayVersion: 'cors-test' } }).then(
        (r) => {
          res
            .writeHead(200, { ...cors, 'content-type': 'application/json' })
            .end(JSON.stringify(r));
        },
      );
    });
  });
  apiUrl = `http://127.0.0.1:${await listen(api)}/graphql`;

  browser = await launchChromium({ width: 1280, height: 800 });
  context = browser.context;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  // A server that never started (setup failed) has nothing to close: no wait for a callback.
  if (api) await new Promise((r) => api.close(r));
  if (pages) await new Promise((r) => pages.close(r));
});

/** Runs a cross-origin GraphQL POST from a page on `origin`: the answer, or the browser's refusal. */
async function callFrom(origin: string, apiKey: string): Promise<string> {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/`);
    return await page.evaluate(
      async ({ url, key }) => {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-api-key': key,
              'x-officer-id': 'o-1',
              'x-purpose': 'CASE-1',
            },
            body: JSON.stringify({ query: '{ gatewayVersion }' }),
          });
          return `${res.status} ${await res.text()}`;
        } catch (e) {
          return `blocked: ${String(e)}`;
        }
      },
      { url: apiUrl, key: apiKey },
    );
  } finally {
    await page.close();
  }
}

describe('CORS in Chromium', () => {
  it('lets a page on an allowed origin call with the gateway headers and read the data', async () => {
    await expect(callFrom(allowedOrigin, 'allowed-key-0123456789')).resolves.toBe(
      '200 {"data":{"gatewayVersion":"cors-test"}}',
    );
    expect(served).toEqual([allowedOrigin]);
  });

  it('blocks a page on another origin at the preflight: the request never runs', async () => {
    served.length = 0;
    await expect(callFrom(otherOrigin, 'allowed-key-0123456789')).resolves.toMatch(
      /^blocked: TypeError/,
    );
    expect(served).toEqual([]);
  });

  it('lets an allowed origin read a 401 (so the page can say why), with no data', async () => {
    await expect(callFrom(allowedOrigin, 'wrong-key-0123456789')).resolves.toMatch(
      /^401 .*UNAUTHENTICATED/,
    );
  });
});
