import { EnvReader } from '../../src/config';
import { readTracing } from '../../src/config/tracing';
import { classifyFailure } from '../../src/connectors/core/failure-class';
import {
  circuitOpen,
  upstreamBadResponse,
  upstreamTimeout,
  upstreamUnavailable,
} from '../../src/errors';
import { OpsHistory } from '../../src/observability/history';
import { DEFAULT_HEALTH_THRESHOLDS, healthOf } from '../../src/observability/operator-status';
import type { ConnectorStatusView } from '../../src/observability/ops-view';

/** The status page's read models, by themselves: the minute ring, health rules, failure classes. */
describe('OpsHistory', () => {
  it('keeps 60 one-minute buckets, oldest first, and forgets what fell out of the hour', () => {
    let now = Date.UTC(2026, 0, 1, 8, 0, 30);
    const h = new OpsHistory({ now: () => now });
    h.call('pdam', true, 10);
    h.call('pdam', false, 30);
    now += 60_000;
    h.call('pdam', true, 20);
    h.cacheLookup('pdam', true);
    h.cacheLookup('pdam', false);
    const points = h.points('pdam');
    expect(points).toHaveLength(60);
    expect(points[58]).toMatchObject({ calls: 2, errors: 1, errorRate: 0.5, p50Ms: 10, p95Ms: 30 });
    expect(points[59]).toMatchObject({ calls: 1, errorRate: 0, cacheHitRatio: 0.5 });
    expect(points[0]).toMatchObject({ calls: 0, errorRate: null, p50Ms: null });
    // An hour later the slots are reused: nothing of 08:00 remains.
    now += 60 * 60_000;
    h.call('pdam', true, 5);
    expect(h.points('pdam').reduce((n, p) => n + p.calls, 0)).toBe(1);
  });

  it('bounds the latency samples of a minute, whatever the traffic', () => {
    const h = new OpsHistory({ now: () => 0, samplesPerMinute: 50 });
    for (let i = 0; i < 10_000; i++) h.call('dukcapil', true, i % 100);
    const [last] = h.points('dukcapil').slice(-1);
    expect(last!.calls).toBe(10_000);
    expect(last!.p95Ms).toBeGreaterThan(last!.p50Ms!);
  });

  it('counts stale serves within a window', () => {
    let now = 10 * 60_000;
    const h = new OpsHistory({ now: () => now });
    h.stale('bpkd');
    expect(h.staleWithin('bpkd', 300_000)).toBe(1);
    now += 6 * 60_000;
    expect(h.staleWithin('bpkd', 300_000)).toBe(0);
  });
});

describe('healthOf', () => {
  const view = (over: Partial<ConnectorStatusView>): ConnectorStatusView => ({
    name: 'bpjs-kesehatan',
    title: 'BPJS',
    tenant: null,
    breakerState: 'closed',
    since: new Date(0).toISOString(),
    recentCalls: 0,
    successRate: null,
    p50Ms: null,
    p95Ms: null,
    lastError: null,
    lastProbe: null,
    cacheHitRatio: null,
    inFlight: 0,
    ...over,
  });
  const t = DEFAULT_HEALTH_THRESHOLDS;

  it('never calls a half-open agency at 63 % errors up', () => {
    const h = healthOf(
      view({ breakerState: 'half-open', recentCalls: 30, successRate: 0.37 }),
      0,
      t,
    );
    expect(h).toEqual({ health: 'degraded', reasons: ['breaker-half-open', 'error-rate'] });
  });

  it('is down while the breaker is open, degraded while serving stale data, up otherwise', () => {
    expect(healthOf(view({ breakerState: 'open' }), 0, t).health).toBe('down');
    expect(healthOf(view({}), 2, t)).toEqual({ health: 'degraded', reasons: ['stale-serving'] });
    expect(healthOf(view({ recentCalls: 4, successRate: 0 }), 0, t).health).toBe('up');
    expect(healthOf(view({ recentCalls: 50, successRate: 0.9 }), 0, t).health).toBe('up');
  });
});

describe('classifyFailure', () => {
  it('names the class from the code and transport detail, never the message', () => {
    expect(classifyFailure(upstreamUnavailable('pdam', 'inquiry: HTTP 503', true))).toEqual({
      kind: 'http-status',
      httpStatus: 503,
    });
    expect(classifyFailure(upstreamUnavailable('pdam', 'ECONNRESET', true)).kind).toBe('reset');
    expect(classifyFailure(upstreamUnavailable('pdam', 'ECONNREFUSED', true)).kind).toBe('refused');
    expect(classifyFailure(upstreamUnavailable('pdam', 'bulkhead full')).kind).toBe('rejected');
    expect(classifyFailure(upstreamTimeout('pdam')).kind).toBe('timeout');
    expect(classifyFailure(upstreamBadResponse('pdam', 'x')).kind).toBe('bad-payload');
    expect(classifyFailure(circuitOpen('pdam')).kind).toBe('circuit-open');
    expect(classifyFailure(new Error('boom')).kind).toBe('other');
  });
});

describe('tracing settings', () => {
  it('are off unless an endpoint is set, and refuse a protocol that is not built in', () => {
    expect(readTracing(new EnvReader({}))).toBeUndefined();
    const on = readTracing(new EnvReader({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }));
    expect(on).toMatchObject({
      tracesUrl: 'http://c:4318/v1/traces',
      serviceName: 'mpp-gateway',
      sampler: 'parentbased_always_on',
    });
    const off = new EnvReader({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_SDK_DISABLED: 'true',
    });
    expect(readTracing(off)).toBeUndefined();
    const grpc = new EnvReader({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    readTracing(grpc);
    expect(grpc.problems).toEqual([
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_PROTOCOL: only "http\/json"/),
    ]);
  });
});
