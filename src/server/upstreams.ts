import type { Logger } from 'pino';
import { connectorSettings, type GatewayConfig } from '../config';
import { createHttpAgents, createHttpClient, type HttpAgents } from '../connectors/core/http';
import type { AgencyWriteJournal, RequestScope } from '../connectors/core/types';
import {
  ConnectorUpstream,
  type PipelineCache,
  type PipelineObserver,
} from '../connectors/core/upstream';
import { ErrorCode } from '../errors';
import type { ConnectorStats } from '../observability/connector-stats';
import type { GatewayMetrics } from '../observability/metrics';
import { OpsView } from '../observability/ops-view';
import type { Loaders } from '../connectors/registry';
import type { AgencyModule } from '../resolvers';
import { startIdleProbes, type IdleProbeOptions, type ProbeTarget } from './probes';

/**
 * Fans the pipeline's events out to the two read models that watch it: Prometheus metrics
 * (for dashboards and alerts) and the rolling connector stats (for /status and `connectors`).
 */
export function pipelineObserver(metrics: GatewayMetrics, stats: ConnectorStats): PipelineObserver {
  return {
    call: (connector, outcome, ms, code) => {
      metrics.upstreamDuration.observe({ connector, outcome }, ms / 1000);
      if (outcome === 'error') metrics.upstreamError(connector, code);
      stats.call(connector, outcome === 'ok', ms, code);
    },
    retry: (connector) => metrics.retries.inc({ connector }),
    bulkheadRejected: (connector) => metrics.bulkheadRejections.inc({ connector }),
    cache: (connector, entity, event) => {
      metrics.cacheEvents.inc({ connector, entity, event });
      // A stale serve follows a miss already counted: counting it again would skew the ratio.
      if (event !== 'stale')
        stats.cacheLookup(connector, event === 'hit' || event === 'revalidate');
    },
    batch: (connector, entity, size) => metrics.batchSize.observe({ connector, entity }, size),
    refused: (connector, code) => {
      if (code === ErrorCode.CircuitOpen) metrics.breakerRejections.inc({ connector });
      stats.error(connector, code);
    },
    transition: (connector, to) => {
      metrics.setBreakerState(connector, to);
      metrics.breakerTransitions.inc({ connector, to });
    },
  };
}

/** One enabled agency at run time: its pipeline and its connector runtime. */
interface RunningAgency extends ProbeTarget {
  upstream: ConnectorUpstream;
}

/**
 * The process-wide side of every enabled agency, built once: the keep-alive agents, one
 * pipeline (breaker, bulkhead, retry, cache) and one connector runtime per agency, and the
 * health read model over them.
 */
export class Upstreams {
  readonly byKey = new Map<string, ConnectorUpstream>();
  readonly ops: OpsView;
  private readonly running: RunningAgency[] = [];
  private readonly agents: HttpAgents = createHttpAgents();
  private readonly stopProbes: () => void;

  constructor(deps: {
    config: GatewayConfig;
    logger: Logger;
    agencies: readonly AgencyModule[];
    cache: PipelineCache | undefined;
    metrics: GatewayMetrics;
    stats: ConnectorStats;
    probes?: IdleProbeOptions;
    /** The ledger-backed write journal for connectors that write; absent without a ledger. */
    journal?: AgencyWriteJournal;
  }) {
    const observer = pipelineObserver(deps.metrics, deps.stats);
    for (const { connector } of deps.agencies) {
      const cc = deps.config.connectors.find((c) => c.key === connector.key);
      // Config refuses to load when an enabled connector's settings are missing or invalid.
      if (!cc) throw new Error(`no configuration for connector ${connector.key}`);
      const logger = deps.logger.child({ connector: connector.key });
      const upstream = new ConnectorUpstream({
        connector: connector.key,
        http: createHttpClient(cc.baseUrl, this.agents),
        policy: cc.policy,
        logger,
        cache: deps.cache,
        observer,
        entities: connector.entities,
      });
      deps.metrics.setBreakerState(connector.key, upstream.breaker.state);
      const runtime = connector.create({
        config: connectorSettings(connector, cc),
        upstream,
        logger,
        journal: deps.journal,
      });
      this.byKey.set(connector.key, upstream);
      this.running.push({ key: connector.key, upstream, runtime, timeoutMs: cc.policy.timeoutMs });
    }
    this.ops = new OpsView(
      deps.agencies.map(({ connector }) => ({
        key: connector.key,
        title: connector.title,
        upstream: this.byKey.get(connector.key)!,
      })),
      deps.stats,
    );
    this.stopProbes = startIdleProbes(this.running, deps.stats, deps.logger, deps.probes);
  }

  /** Fresh DataLoaders of every enabled agency for one request. */
  createLoaders(scope: RequestScope): Loaders {
    const loaders: Record<string, unknown> = {};
    for (const { key, runtime } of this.running) loaders[key] = runtime.createLoaders(scope);
    // The one place where the registry's per-key loader types meet the runtime list: each
    // runtime was created by the definition registered under its key, so the shapes match.
    return loaders as Loaders;
  }

  /** Releases connector runtimes, breakers and sockets (after the last request). */
  async close(): Promise<void> {
    this.stopProbes();
    for (const { runtime } of this.running) await runtime.close?.();
    for (const { upstream } of this.running) upstream.shutdown();
    this.agents.destroy();
  }
}
