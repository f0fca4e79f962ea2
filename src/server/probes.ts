import type { Logger } from 'pino';
import type { CallContext, ConnectorRuntime } from '../connectors/core/types';
import { GatewayError } from '../errors';
import type { ConnectorStats } from '../observability/connector-stats';

/** What the probe loop needs of one agency. */
export interface ProbeTarget {
  key: string;
  runtime: ConnectorRuntime<unknown>;
  timeoutMs: number;
}

/** Options of {@link startIdleProbes}. */
export interface IdleProbeOptions {
  /** How often to look for idle connectors (ms); 0 turns probing off. Default 60000. */
  intervalMs?: number;
}

/**
 * Health probes for connectors without traffic: a connector that made no upstream call in the
 * last interval gets one cheap probe (an identifier no one has, through its own credentials),
 * so the status page tells operators of expired credentials or an unreachable agency before
 * the first citizen at the counter finds out. Busy connectors are not probed: their calls say
 * more. Probes never count as calls (they would dilute the error rate) and never trip breakers.
 * Returns the function that stops the loop.
 */
export function startIdleProbes(
  targets: readonly ProbeTarget[],
  stats: ConnectorStats,
  logger: Logger,
  options: IdleProbeOptions = {},
): () => void {
  const intervalMs = options.intervalMs ?? 60_000;
  if (intervalMs <= 0 || targets.length === 0) return () => undefined;
  const running = new Set<string>();
  const timer = setInterval(() => {
    for (const target of targets) {
      if (running.has(target.key) || stats.calledWithin(target.key, intervalMs)) continue;
      running.add(target.key);
      void probeOnce(target, stats, logger).finally(() => running.delete(target.key));
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function probeOnce(
  target: ProbeTarget,
  stats: ConnectorStats,
  logger: Logger,
): Promise<void> {
  const call: CallContext = {
    connector: target.key,
    requestId: 'health-probe',
    signal: AbortSignal.timeout(target.timeoutMs),
    timeoutMs: target.timeoutMs,
  };
  try {
    await target.runtime.probe(call);
    stats.probe(target.key, true);
  } catch (err) {
    const code = err instanceof GatewayError ? err.code : 'INTERNAL';
    stats.probe(target.key, false, code);
    logger.warn({ connector: target.key, code }, 'health probe failed');
  }
}
