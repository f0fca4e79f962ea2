import { z } from 'zod';
import type { EnvReader } from './env-reader';
import { bool, intIn } from './schemas';

/** How spans are sampled (the OpenTelemetry `OTEL_TRACES_SAMPLER` names). */
export type TraceSampler =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

/** OpenTelemetry tracing, from the standard `OTEL_*` variables; absent = tracing off. */
export interface TracingConfig {
  /** `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
  tracesUrl: string;
  /** `OTEL_SERVICE_NAME`. Default "mpp-gateway". */
  serviceName: string;
  /** `OTEL_TRACES_SAMPLER`. Default "parentbased_always_on" (the specification's default). */
  sampler: TraceSampler;
  /** `OTEL_TRACES_SAMPLER_ARG`: the ratio of the *traceidratio samplers. Default 1. */
  samplerRatio: number;
  /** `OTEL_EXPORTER_OTLP_HEADERS`: `key=value,...` sent with every export (collector auth). */
  headers: Record<string, string>;
  /** `OTEL_EXPORTER_OTLP_TIMEOUT`: one export's bound (ms). Default 10000. */
  timeoutMs: number;
}

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

const ratio = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'expected a number from 0 to 1')
  .transform(Number);

const headerList = z.string().transform((s, ctx) => {
  const headers: Record<string, string> = {};
  for (const pair of s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      ctx.addIssue({ code: 'custom', message: 'expected key=value[,key=value...]' });
      return z.NEVER;
    }
    headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(
      pair.slice(at + 1).trim(),
    );
  }
  return headers;
});

const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'expected an http:// or https:// URL');

/**
 * Reads the tracing settings. Tracing is on only when an OTLP endpoint is set, the SDK is not
 * disabled and the traces exporter is not "none". Only OTLP over HTTP with JSON bodies is
 * built in: any other protocol is refused by name rather than silently sending nothing.
 */
export function readTracing(r: EnvReader): TracingConfig | undefined {
  const disabled = r.read('OTEL_SDK_DISABLED', bool, false);
  const exporter = r.read('OTEL_TRACES_EXPORTER', z.enum(['otlp', 'none']), 'otlp');
  const base = r.read('OTEL_EXPORTER_OTLP_ENDPOINT', httpUrl);
  const traces = r.read('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', httpUrl);
  const protocol =
    r.read('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', z.string()) ??
    r.read('OTEL_EXPORTER_OTLP_PROTOCOL', z.string(), 'http/json');
  const serviceName = r.read('OTEL_SERVICE_NAME', z.string().min(1), 'mpp-gateway');
  const sampler = r.read('OTEL_TRACES_SAMPLER', z.enum(SAMPLERS), 'parentbased_always_on');
  const samplerRatio = r.read('OTEL_TRACES_SAMPLER_ARG', ratio, 1);
  const headers = r.read('OTEL_EXPORTER_OTLP_HEADERS', headerList, {});
  const timeoutMs = r.read('OTEL_EXPORTER_OTLP_TIMEOUT', intIn(100, 120_000), 10_000);
  if (disabled || exporter === 'none') return undefined;
  const tracesUrl = traces ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!tracesUrl) return undefined;
  if (protocol !== 'http/json')
    r.problem(
      `OTEL_EXPORTER_OTLP_PROTOCOL: only "http/json" is supported by this gateway (got "${protocol}")`,
    );
  return { tracesUrl, serviceName, sampler, samplerRatio, headers, timeoutMs };
}
