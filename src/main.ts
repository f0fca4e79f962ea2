/**
 * Entry point. Production is the only mode of this file unless it is started with `--dev`
 * (what `npm start` and `npm run dev` pass): `npm run start:prod` / `node dist/src/main.js`
 * run production whatever NODE_ENV says, and NODE_ENV=production wins over `--dev`.
 *
 * Development (`--dev`): starts the mock agencies in-process on loopback and points the
 * connectors at them, with the embedded in-memory cache unless REDIS_URL is set, and a
 * development client with a published key (only while no API_CLIENTS / JWT_* is configured).
 * Production: no mock starts; everything comes from the environment, read once by
 * `loadConfig`, and a missing, malformed or unsafe setting stops start-up with every
 * problem named in one message.
 *
 * Lifecycle (docs/operations.md): the listener opens first, so probes see /readyz 503
 * "starting" until Apollo has started; SIGTERM/SIGINT turn /readyz 503, drain in-flight
 * requests (bounded), close Redis, breakers and agents, and exit 0. A second signal, or a
 * drain that overruns its bound by far, exits 1 at once.
 */
import { version } from '../package.json';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEV_API_KEY, loadConfig, runMode } from './config';
import { registry } from './connectors/registry';
import { createLogger } from './observability/logger';
import { startTracing } from './observability/tracing';
import { agencyModules } from './resolvers';
import { createGateway } from './server/gateway';

async function main(): Promise<void> {
  const env = process.env;
  const mode = runMode(process.argv.slice(2), env.NODE_ENV);
  const production = mode === 'production';
  // Libraries (Apollo Server, ...) choose their own defaults from NODE_ENV: make them agree.
  if (production) process.env.NODE_ENV = 'production';
  let devDefaults: Record<string, string> = {};
  let stopMocks: (() => Promise<void>) | undefined;
  let fixtures: Record<string, string> | undefined;
  let otherCity: Record<string, string> | undefined;
  if (!production) {
    // Loaded lazily so that a production start never loads the mock servers.
    const { startWorldMocks } = await import('../mocks');
    // Two MPPs (Langsa, Lhokseumawe): a tax office and a water utility each, national
    // agencies shared; the deployment file is derived from the mocks (docs/tenancy.md).
    const mocks = await startWorldMocks();
    const deploymentFile = join(tmpdir(), `mpp-dev-deployment-${process.pid}.json`);
    writeFileSync(deploymentFile, JSON.stringify(mocks.deployment, null, 2));
    // A well-known development key so that the README's examples work as written.
    devDefaults = {
      ...mocks.env,
      DEPLOYMENT_FILE: deploymentFile,
      AUTH_DEV_API_KEY: DEV_API_KEY,
    };
    stopMocks = async () => {
      await mocks.stop();
      rmSync(deploymentFile, { force: true });
    };
    fixtures = { ...mocks.world.cities['langsa']!.fixtures };
    otherCity = { ...mocks.world.cities['lhokseumawe']!.fixtures };
  }

  let config;
  try {
    config = loadConfig(env, registry, devDefaults, { mode });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      await stopMocks?.();
      process.exit(1);
    }
    throw err;
  }
  const security = config.security;
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn({ component: 'config' }, warning);
  // Once per process, before any request: off (nothing registered) unless OTEL_* names an endpoint.
  const tracing = startTracing(config.tracing, version);
  if (config.tracing)
    logger.info(
      {
        component: 'tracing',
        sampler: config.tracing.sampler,
        service: config.tracing.serviceName,
      },
      'tracing: exporting spans over OTLP/HTTP',
    );
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception: exiting');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled promise rejection: exiting');
    process.exit(1);
  });

  const gateway = createGateway({ config, logger, agencies: agencyModules, security });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without finishing the drain');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, ...config.shutdown }, 'shutting down: readiness 503, draining requests');
    // Watchdog: a stuck close (a hung Redis QUIT...) must not keep the pod past its grace.
    setTimeout(
      () => {
        logger.error('shutdown overran its bound: exiting');
        process.exit(1);
      },
      config.shutdown.graceMs + config.shutdown.drainMs + 10_000,
    ).unref();
    gateway
      .stop(config.shutdown)
      // The last spans (the drain's requests) are exported before exit.
      .then(() => tracing.shutdown())
      .then(() => stopMocks?.())
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'error while shutting down');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const url = await gateway.listen();
  logger.info({ url }, 'listening: starting (readiness 503 until started)');
  await gateway.start();
  logger.info(
    {
      url: `${url}/graphql`,
      cache: config.redis ? 'redis' : 'memory',
      env: config.nodeEnv,
      readiness: gateway.readiness(),
    },
    'MPP Gateway ready',
  );
  if (fixtures) {
    // Printed for humans trying the API; masked in the JSON log stream on purpose, so plain stdout here.
    process.stdout.write(
      [
        '',
        `  GraphQL:  ${url}/graphql`,
        `  Status:   ${url}/status     Metrics: ${url}/metrics`,
        '  Mock agencies (in-process, seeded data of Kota Langsa and Kota Lhokseumawe). Identities to try:',
        `    family with every service   nik ${fixtures.everyServiceHeadNik}  kk ${fixtures.everyServiceFamilyKk}`,
        `    BPJS premium arrears        nik ${fixtures.premiumArrearsNik}`,
        `    unpaid PBB and water bills  nik ${fixtures.arrearsNik}`,
        `    known to Dukcapil only      nik ${fixtures.dukcapilOnlyNik}`,
        `    unknown everywhere          nik ${fixtures.unknownNik}`,
        `    moved here from Lhokseumawe nik ${fixtures.movedInNik ?? '-'}`,
        '  MPP Kota Lhokseumawe (send x-mpp: lhokseumawe; the default is langsa):',
        `    family with every service   nik ${otherCity?.everyServiceHeadNik ?? '-'}`,
        `    unpaid PBB and water bills  nik ${otherCity?.arrearsNik ?? '-'}`,
        `    moved here from Langsa      nik ${otherCity?.movedInNik ?? '-'}`,
        ...(security.dev
          ? [
              '  Development client (all scopes; refused in production). Send these headers:',
              `    x-api-key: ${security.dev.apiKey}`,
              '    x-officer-id: dev-officer     x-purpose: DEV-CASE-1   (required for personal data)',
            ]
          : []),
        '',
      ].join('\n') + '\n',
    );
  }
}

main().catch((err: unknown) => {
  console.error('MPP Gateway failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
