import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CallCounter, FaultBook, type Fault } from './faults';

export interface MockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Named groups of the route's path pattern. */
  params: Record<string, string>;
}

export interface MockResponse {
  status?: number;
  headers?: Record<string, string>;
  body: string | object;
}

export interface MockRoute {
  /** Endpoint name used by fault injection and call counters, e.g. "CALL_NIK". */
  endpoint: string;
  method: 'GET' | 'POST';
  /** Matched against the path without the query string; named groups become params. */
  path: RegExp;
  handle(req: MockRequest): MockResponse | Promise<MockResponse>;
}

export interface MockAgencyOptions {
  key: string;
  routes: MockRoute[];
  /** Body served (HTTP 200) when the "malformed" fault fires; defaults to truncated JSON. */
  malformedBody?: string;
  malformedContentType?: string;
  /** Listen port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
}

/**
 * A mock agency: a real HTTP server on loopback with the agency's routes, plus an admin API
 * under /__admin for fault injection and call counters:
 *   GET    /__admin/calls            → {"calls": {...}, "total": n}
 *   POST   /__admin/calls/reset
 *   PUT    /__admin/faults/:endpoint → body: Fault (endpoint "*" for all)
 *   DELETE /__admin/faults[/:endpoint]
 * `stop()`/`start()` take the agency down and up on the same port ("agency down").
 */
export class MockAgency {
  readonly key: string;
  readonly faults = new FaultBook();
  readonly calls = new CallCounter();
  /** W3C `traceparent` headers of the last routed calls (at most 200), for tracing tests. */
  readonly traceparents: string[] = [];
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port: number;
  private readonly host: string;

  constructor(private readonly options: MockAgencyOptions) {
    this.key = options.key;
    this.port = options.port ?? 0;
    this.host = options.host ?? '127.0.0.1';
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<this> {
    if (this.server) return this;
    const server = http.createServer((req, res) => void this.dispatch(req, res));
    server.keepAliveTimeout = 65_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Closes the listener and every open connection: clients get ECONNREFUSED afterwards. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setFault(endpoint: string, fault: Fault): void {
    this.faults.set(endpoint, fault);
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock');
    const body = await readBody(req);
    if (url.pathname.startsWith('/__admin/'))
      return this.admin(req.method ?? 'GET', url.pathname, body, res);

    const route = this.options.routes.find(
      (r) => r.method === req.method && r.path.test(url.pathname),
    );
    if (!route) return send(res, { status: 404, body: { error: 'not found' } });
    this.calls.increment(route.endpoint);
    const traceparent = req.headers.traceparent;
    if (typeof traceparent === 'string') {
      this.traceparents.push(traceparent);
      if (this.traceparents.length > 200) this.traceparents.shift();
    }

    const fault = this.faults.for(route.endpoint);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    const action = this.faults.decide(fault);
    switch (action.kind) {
      case 'hang':
        return; // the socket stays open; stop() or the client closes it
      case 'reset':
        req.socket.destroy();
        return;
      case 'status':
        return send(res, {
          status: action.status,
          body: `<html><body><h1>${action.status} Service Unavailable</h1></body></html>`,
          headers: { 'content-type': 'text/html' },
        });
      case 'malformed':
        return send(res, {
          status: 200,
          headers: { 'content-type': this.options.malformedContentType ?? 'application/json' },
          body: this.options.malformedBody ?? '{"content":[{"NIK":',
        });
      case 'none':
        break;
    }
    const params = route.path.exec(url.pathname)?.groups ?? {};
    try {
      const response = await route.handle({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        params,
      });
      send(res, response);
    } catch (err) {
      send(res, {
        status: 500,
        body: { error: err instanceof Error ? err.message : 'internal error' },
      });
    }
  }

  private admin(method: string, path: string, body: string, res: http.ServerResponse): void {
    if (method === 'GET' && path === '/__admin/calls') {
      return send(res, { body: { calls: this.calls.all(), total: this.calls.total() } });
    }
    if (method === 'POST' && path === '/__admin/calls/reset') {
      this.calls.reset();
      return send(res, { body: { ok: true } });
    }
    const faultMatch = /^\/__admin\/faults(?:\/(?<endpoint>[^/]+))?$/.exec(path);
    if (faultMatch) {
      const endpoint = decodeURIComponent(faultMatch.groups?.endpoint ?? '');
      if (method === 'GET') return send(res, { body: this.faults.list() });
      if (method === 'DELETE') {
        this.faults.clear(endpoint || undefined);
        return send(res, { body: { ok: true } });
      }
      if (method === 'PUT' && endpoint) {
        try {
          this.faults.set(endpoint, JSON.parse(body) as Fault);
          return send(res, { body: { ok: true } });
        } catch {
          return send(res, { status: 400, body: { error: 'body must be a JSON fault' } });
        }
      }
    }
    send(res, { status: 404, body: { error: 'unknown admin path' } });
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, response: MockResponse): void {
  if (res.destroyed) return;
  const isText = typeof response.body === 'string';
  const payload = isText ? (response.body as string) : JSON.stringify(response.body);
  res.writeHead(response.status ?? 200, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    ...response.headers,
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
