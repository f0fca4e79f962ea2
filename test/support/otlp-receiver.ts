import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One exported span, decoded from OTLP/HTTP JSON. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP span kind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  statusMessage: string | undefined;
  /** Every string of the span (name, attribute values, status, events), for privacy scans. */
  strings: string[];
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpAttribute[];
  status?: { message?: string };
  events?: Array<{ name: string; attributes?: OtlpAttribute[] }>;
}
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
}

function valueOf(v: OtlpValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

const flat = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap(flat) : [String(v)]);

/**
 * An OTLP/HTTP trace receiver on loopback decoding the JSON encoding (what the gateway's
 * exporter sends): the real export path, decoded by hand rather than by the SDK under test.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Strings of the exported resources (service name...), for privacy scans. */
  readonly resourceStrings: string[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== '/v1/traces' || !/json/.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415).end();
        return;
      }
      this.take(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  private take(body: OtlpExport): void {
    for (const rs of body.resourceSpans ?? []) {
      for (const a of rs.resource?.attributes ?? [])
        this.resourceStrings.push(...flat(valueOf(a.value)));
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          const attributes: Record<string, unknown> = {};
          for (const a of s.attributes ?? []) attributes[a.key] = valueOf(a.value);
          const strings = [s.name, ...Object.values(attributes).flatMap(flat)];
          if (s.status?.message) strings.push(s.status.message);
          for (const e of s.events ?? []) {
            strings.push(e.name);
            for (const a of e.attributes ?? []) strings.push(...flat(valueOf(a.value)));
          }
          this.spans.push({
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId || undefined,
            name: s.name,
            kind: s.kind,
            attributes,
            statusMessage: s.status?.message,
            strings,
          });
        }
      }
    }
  }
}
