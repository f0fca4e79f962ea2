import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { freePort, portOpen, sleep, waitUntil } from './util';

/** One redis-server of the test cluster, restartable on the same port and directory. */
export interface ClusterNode {
  port: number;
  dir: string;
  process: ChildProcess;
}

/**
 * A six-node Redis Cluster (3 masters + 3 replicas) on loopback free ports, with the settings
 * of deploy/redis/redis-cluster-node.conf that matter here (AOF, node timeout, coverage).
 */
export class TestCluster {
  readonly nodes: ClusterNode[] = [];

  constructor(
    private readonly root: string,
    private readonly nodeTimeoutMs = 3_000,
  ) {}

  async start(count = 6): Promise<void> {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const dir = path.join(this.root, `redis-${port}`);
      mkdirSync(dir, { recursive: true });
      const node: ClusterNode = { port, dir, process: this.spawnNode(port, dir) };
      this.nodes.push(node);
    }
    for (const n of this.nodes) await waitUntil(`redis ${n.port}`, () => portOpen(n.port), 10_000);
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...this.nodes.map((n) => `127.0.0.1:${n.port}`),
        '--cluster-replicas',
        '1',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}`);
    await this.waitHealthy(30_000);
  }

  /** Every live node reports cluster_state:ok and 3 masters serve all slots. */
  async waitHealthy(timeoutMs: number): Promise<void> {
    await waitUntil(
      'cluster_state:ok on every live node',
      async () => {
        for (const n of this.live())
          if (!(await this.info(n.port)).includes('cluster_state:ok')) return false;
        return true;
      },
      timeoutMs,
    );
  }

  live(): ClusterNode[] {
    return this.nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null);
  }

  async masters(): Promise<ClusterNode[]> {
    const out: ClusterNode[] = [];
    for (const n of this.live()) {
      const role = await this.command(n.port, ['ROLE']);
      if (Array.isArray(role) && role[0] === 'master') out.push(n);
    }
    return out;
  }

  async info(port: number): Promise<string> {
    try {
      return String(await this.command(port, ['CLUSTER', 'INFO']));
    } catch {
      return '';
    }
  }

  async command(port: number, args: string[]): Promise<unknown> {
    const client = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      commandTimeout: 1_000,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      const [cmd, ...rest] = args;
      return await client.call(cmd!, ...rest);
    } finally {
      client.disconnect();
    }
  }

  kill(node: ClusterNode, signal: NodeJS.Signals): void {
    node.process.kill(signal);
  }

  /** Restarts a killed node on its port and directory: it rejoins (as a replica) by itself. */
  async restart(node: ClusterNode): Promise<void> {
    node.process = this.spawnNode(node.port, node.dir);
    await waitUntil(`redis ${node.port} back`, () => portOpen(node.port), 10_000);
  }

  async stop(): Promise<void> {
    for (const n of this.nodes) {
      n.process.kill('SIGCONT');
      n.process.kill('SIGKILL');
    }
    await sleep(100);
  }

  private spawnNode(port: number, dir: string): ChildProcess {
    return spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-node-timeout',
        String(this.nodeTimeoutMs),
        '--cluster-require-full-coverage',
        'no',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
  }
}
