import type { Logger } from 'pino';
import { connectorSettings, type ConnectorConfig, type GatewayConfig } from '../config';
import { createHttpAgents, createHttpClient, type HttpAgents } from '../connectors/core/http';
import type {
  AgencyWriteJournal,
  ConnectorDefinition,
  ConnectorRuntime,
} from '../connectors/core/types';
import {
  ConnectorUpstream,
  type PipelineCache,
  type PipelineObserver,
} from '../connectors/core/upstream';
import { ErrorCode } from '../errors';
import type { ConnectorStats } from '../observability/connector-stats';
import type { OpsHistory } from '../observability/history';
import type { GatewayMetrics } from '../observability/metrics';
import { OpsView } from '../observability/ops-view';
import type { AgencyModule } from '../resolvers';
import { startIdleProbes, type IdleProbeOptions, type ProbeTarget } from './probes';

/**
 * Fans the pipeline's events out to the read models that watch it: Prometheus metrics
 * (for dashboards and alerts), the rolling connector stats (for /status and `connectors`)
 * and the hour of minute buckets behind the status page's sparklines.
 */
export function pipelineObserver(
  metrics: GatewayMetrics,
  stats: ConnectorStats,
  history?: OpsHistory,
): PipelineObserver {
  return {
    call: (connector, outcome, ms, code, failure) => {
      metrics.upstreamDuration.observe({ connector, outcome }, ms / 1000);
      if (outcome === 'error') metrics.upstreamError(connector, code);
      stats.call(connector, outcome === 'ok', ms, code, failure);
      history?.call(connector, outcome === 'ok', ms);
    },
    retry: (connector) => metrics.retries.inc({ connector }),
    bulkheadRejected: (connector) => metrics.bulkheadRejections.inc({ connector }),
    cache: (connector, entity, event) => {
      metrics.cacheEvents.inc({ connector, entity, event });
      // A stale serve follows a miss already counted: counting it again would skew the ratio.
      if (event !== 'stale') {
        stats.cacheLookup(connector, event === 'hit' || event === 'revalidate');
        history?.cacheLookup(connector, event === 'hit' || event === 'revalidate');
      } else history?.stale(connector);
    },
    batch: (connector, entity, size) => metrics.batchSize.observe({ connector, entity }, size),
    refused: (connector, code, failure) => {
      if (code === ErrorCode.CircuitOpen) metrics.breakerRejections.inc({ connector });
      stats.error(connector, code, failure);
    },
    transition: (connector, to) => {
      metrics.setBreakerState(connector, to);
      metrics.breakerTransitions.inc({ connector, to });
    },
  };
}

/** What a request needs of one agency instance: its key and runtime. */
export interface RunningInstance {
  /** The instance key (`pdam@lhokseumawe`), or the connector key. */
  readonly key: string;
  readonly connector: string;
  readonly runtime: ConnectorRuntime<unknown>;
}

/** One agency instance at run time: its pipeline and its connector runtime. */
interface RunningAgency extends ProbeTarget {
  upstream: ConnectorUpstream;
  /** The connector's key (`pdam`); `key` is the instance key (`pdam@lhokseumawe`, or `pdam`). */
  connector: string;
  /** The tenant of a regional instance; undefined for a national (shared) connector. */
  tenant: string | undefined;
}

/**
 * The process-wide side of every enabled agency, built once: the keep-alive agents, one
 * pipeline (breaker, bulkhead, retry, cache) and one connector runtime per agency, and the
 * health read model over them.
 */
export class Upstreams {
  /** Pipelines by instance key (`pdam@lhokseumawe`; a national or implicit-tenant one: `pdam`). */
  readonly byKey = new Map<string, ConnectorUpstream>();
  readonly ops: OpsView;
  private readonly running: RunningAgency[] = [];
  /** Regional instances by connector key and tenant. */
  private readonly instances = new Map<string, RunningAgency>();
  private readonly regional: string[] = [];
  private readonly agents: HttpAgents = createHttpAgents();
  private readonly stopProbes: () => void;

  constructor(deps: {
    config: GatewayConfig;
    logger: Logger;
    agencies: readonly AgencyModule[];
    cache: PipelineCache | undefined;
    metrics: GatewayMetrics;
    stats: ConnectorStats;
    /** The status page's hour of history; absent = not recorded. */
    history?: OpsHistory;
    probes?: IdleProbeOptions;
    /** The ledger-backed write journal for connectors that write; absent without a ledger. */
    journal?: AgencyWriteJournal;
  }) {
    const observer = pipelineObserver(deps.metrics, deps.stats, deps.history);
    const rows: Array<{
      key: string;
      title: string;
      tenant?: string;
      upstream: ConnectorUpstream;
    }> = [];
    const tenantName = new Map(deps.config.tenancy.tenants.map((t) => [t.id, t.name]));
    for (const { connector } of deps.agencies) {
      const cc = deps.config.connectors.find((c) => c.key === connector.key);
      // Config refuses to load when an enabled connector's settings are missing or invalid.
      if (!cc) throw new Error(`no configuration for connector ${connector.key}`);
      // A regional connector runs once per tenant that has it (docs/tenancy.md), each
      // instance with its own breaker, bulkhead, cache namespace, metrics and status row.
      const instances: Array<ConnectorConfig & { tenant?: string }> =
        connector.scope === 'regional'
          ? deps.config.tenancy.instances.filter((i) => i.connector === connector.key)
          : [cc];
      if (connector.scope === 'regional') this.regional.push(connector.key);
      for (const instance of instances) {
        const running = this.startInstance(connector, instance, deps, observer);
        this.byKey.set(instance.key, running.upstream);
        this.running.push(running);
        if (instance.tenant !== undefined)
          this.instances.set(`${connector.key}\u0000${instance.tenant}`, running);
        rows.push({
          key: instance.key,
          title:
            instance.tenant && deps.config.tenancy.fromFile
              ? `${connector.title}, ${tenantName.get(instance.tenant) ?? instance.tenant}`
              : connector.title,
          tenant: instance.tenant,
          upstream: running.upstream,
        });
      }
    }
    this.ops = new OpsView(rows, deps.stats);
    this.stopProbes = startIdleProbes(this.running, deps.stats, deps.logger, deps.probes);
  }

  private startInstance(
    connector: ConnectorDefinition,
    instance: ConnectorConfig & { tenant?: string },
    deps: {
      logger: Logger;
      cache: PipelineCache | undefined;
      metrics: GatewayMetrics;
      journal?: AgencyWriteJournal;
    },
    observer: PipelineObserver,
  ): RunningAgency {
    // The instance key is the pipeline's name: cache keys, metric labels, errors' `connector`.
    const key = instance.key;
    const logger = deps.logger.child({ connector: key });
    const upstream = new ConnectorUpstream({
      connector: key,
      http: createHttpClient(instance.baseUrl, this.agents),
      policy: instance.policy,
      logger,
      cache: deps.cache,
      observer,
      entities: connector.entities,
    });
    deps.metrics.setBreakerState(key, upstream.breaker.state);
    const runtime = connector.create({
      config: connectorSettings(connector, { ...instance, key: connector.key }),
      upstream,
      logger,
      journal: deps.journal,
    });
    return {
      key,
      connector: connector.key,
      tenant: instance.tenant,
      upstream,
      runtime,
      timeoutMs: instance.policy.timeoutMs,
    };
  }

  /** The runtime of `connector`'s instance for `tenant`; undefined when that MPP has none. */
  instanceOf(connector: string, tenant: string): RunningInstance | undefined {
    return this.instances.get(`${connector}\u0000${tenant}`);
  }

  /** The national (shared) connectors' runtimes. */
  get national(): readonly RunningInstance[] {
    return this.running.filter((r) => r.tenant === undefined);
  }

  /** The keys of the enabled regional connectors (whichever tenants have instances). */
  get regionalConnectors(): readonly string[] {
    return this.regional;
  }

  /** Releases connector runtimes, breakers and sockets (after the last request). */
  async close(): Promise<void> {
    this.stopProbes();
    for (const { runtime } of this.running) await runtime.close?.();
    for (const { upstream } of this.running) upstream.shutdown();
    this.agents.destroy();
  }
}
