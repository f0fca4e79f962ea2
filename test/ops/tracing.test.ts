import { randomBytes } from 'node:crypto';
import { EnvReader } from '../../src/config';
import { readTracing } from '../../src/config/tracing';
import { startTracing, type Tracing } from '../../src/observability/tracing';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { FAMILY_VIEW } from '../support/gateway-helpers';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';

/**
 * Traces exported over OTLP/HTTP (JSON) to a receiver on loopback, from the real gateway
 * against the real mock agencies: the span tree of a family view, the client's trace
 * continued into the gateway and on to the agencies, and no personal data in any span.
 */
let receiver: OtlpReceiver;
let tracing: Tracing;
let gw: TestGateway;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const AGENCIES = ['dukcapil', 'bpjs-kesehatan', 'bpjs-ketenagakerjaan', 'bpkd', 'pdam'];

beforeAll(async () => {
  receiver = new OtlpReceiver();
  const endpoint = await receiver.start();
  const r = new EnvReader({
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: 'mpp-gateway-test',
  });
  const config = readTracing(r);
  expect(r.problems).toEqual([]);
  tracing = startTracing(config, '0.0.0-test');
  gw = await startTestGateway();
}, 60_000);

afterAll(async () => {
  await gw?.stop();
  await tracing?.shutdown();
  await receiver?.stop();
});

/** Sends a family view with the client's own traceparent; returns the exported spans of that trace. */
async function familyViewTrace(traceId: string, parentId?: string): Promise<ReceivedSpan[]> {
  const nik = gw.mocks.dataset.fixtures.everyServiceHeadNik;
  const headers: Record<string, string> = parentId
    ? { traceparent: `00-${traceId}-${parentId}-01` }
    : {};
  const res = await gw.gql(FAMILY_VIEW, { nik }, headers);
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  await tracing.flush();
  return receiver.trace(traceId);
}

function ancestors(span: ReceivedSpan, all: ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(all.map((s) => [s.spanId, s]));
  const out: ReceivedSpan[] = [];
  for (
    let p = span.parentSpanId && byId.get(span.parentSpanId);
    p;
    p = p.parentSpanId && byId.get(p.parentSpanId)
  )
    out.push(p);
  return out;
}

it('continues the client trace: one request span, loader batches, one span per upstream attempt', async () => {
  const traceId = hex(16);
  const parentId = hex(8);
  gw.resetCalls();
  for (const a of Object.values(gw.mocks.agencies)) a.traceparents.length = 0;
  const spans = await familyViewTrace(traceId, parentId);

  // One request span, the child of the client's span, named after the operation.
  const requests = spans.filter((s) => s.kind === 2);
  expect(requests).toHaveLength(1);
  const request = requests[0]!;
  expect(request.parentSpanId).toBe(parentId);
  expect(request.name).toBe('graphql query FamilyView');
  expect(request.attributes).toMatchObject({
    'graphql.operation.type': 'query',
    'graphql.operation.name': 'FamilyView',
    'http.response.status_code': 200,
    'mpp.graphql.outcome': 'ok',
  });

  // Loader batches: at least one per agency of the view, each under the request span.
  const loads = spans.filter((s) => s.name.startsWith('load '));
  for (const agency of AGENCIES)
    expect(loads.filter((s) => s.attributes['mpp.connector'] === agency).length).toBeGreaterThan(0);
  for (const load of loads) {
    expect(ancestors(load, spans)).toContain(request);
    expect(load.attributes['mpp.batch.size']).toBeGreaterThan(0);
  }

  // One span per upstream attempt, directly under its batch, with its attributes.
  const attempts = spans.filter((s) => s.name.startsWith('call '));
  for (const attempt of attempts) {
    const parent = spans.find((s) => s.spanId === attempt.parentSpanId);
    expect(parent?.name).toBe(`load ${String(attempt.attributes['mpp.connector'])}`);
    expect(attempt.attributes).toMatchObject({
      'mpp.attempt': 1,
      'mpp.retry': false,
      'mpp.breaker.state': 'closed',
      'mpp.cache.outcome': 'miss',
      'mpp.result.code': 'OK',
      'http.response.status_code': 200,
    });
    expect(typeof attempt.attributes['mpp.endpoint']).toBe('string');
  }
  // Cache lookups and the audit append are spans of the same trace.
  expect(spans.filter((s) => s.name === 'cache get').length).toBeGreaterThan(0);
  expect(spans.filter((s) => s.name === 'audit append')).toHaveLength(1);

  // The trace went on to the agencies: each received our trace id, from its attempt spans.
  for (const agency of AGENCIES) {
    const received = gw.mocks.agencies[agency as keyof typeof gw.mocks.agencies].traceparents;
    const ours = received.filter((tp) => tp.startsWith(`00-${traceId}-`));
    expect(ours.length).toBeGreaterThan(0);
    const attemptIds = new Set(
      attempts.filter((s) => s.attributes['mpp.connector'] === agency).map((s) => s.spanId),
    );
    // Exactly the attempt spans reached the agency (a token request rides on its attempt's).
    expect(new Set(ours.map((tp) => tp.split('-')[2]))).toEqual(attemptIds);
  }

  // The request's log line names the trace.
  const line = gw.logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l['msg'] === 'graphql request' && l['traceId'] === traceId);
  expect(line).toBeDefined();
}, 30_000);

it('starts a new trace when the client sends none', async () => {
  const before = new Set(receiver.spans.map((s) => s.traceId));
  const nik = gw.mocks.dataset.fixtures.arrearsNik;
  await gw.gql(FAMILY_VIEW, { nik });
  await tracing.flush();
  const roots = receiver.spans.filter((s) => s.kind === 2 && !before.has(s.traceId));
  expect(roots).toHaveLength(1);
  expect(roots[0]!.parentSpanId).toBeUndefined();
}, 30_000);

it('puts no NIK, KK number or name in any span', async () => {
  await familyViewTrace(hex(16), hex(8));
  const { dataset } = gw.mocks;
  const secrets = new Set<string>();
  for (const r of dataset.residents) {
    secrets.add(r.nik);
    secrets.add(r.kk);
    secrets.add(r.name);
    secrets.add(r.motherName);
  }
  for (const card of dataset.health.keys()) secrets.add(card);
  for (const nop of dataset.taxObjects.keys()) secrets.add(nop);
  const strings = [...receiver.resourceStrings, ...receiver.spans.flatMap((s) => s.strings)];
  expect(receiver.spans.length).toBeGreaterThan(20);
  const leaks = strings.filter((text) => [...secrets].some((secret) => text.includes(secret)));
  expect(leaks).toEqual([]);
  // Nor anything shaped like an identifier (runs of 10+ digits).
  expect(strings.filter((text) => /\d{10}/.test(text))).toEqual([]);
}, 30_000);
