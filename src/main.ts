/**
 * Entry point. `npm start` (development): starts the five mock agencies in-process on
 * loopback and points the connectors at them, with the embedded in-memory cache unless
 * REDIS_URL is set. With NODE_ENV=production no mock starts: everything comes from the
 * environment, and a missing or malformed setting stops start-up with its name.
 *
 * Lifecycle (docs/operations.md): the listener opens first, so probes see /readyz 503
 * "starting" until Apollo has started; SIGTERM/SIGINT turn /readyz 503, drain in-flight
 * requests (bounded), close Redis, breakers and agents, and exit 0. A second signal, or a
 * drain that overruns its bound by far, exits 1 at once.
 */
import { ConfigError, loadConfig } from './config';
import { registry } from './connectors/registry';
import { createLogger } from './observability/logger';
import { agencyModules } from './resolvers';
import { createGateway } from './server/gateway';
import { loadSecurityConfig } from './security';

/** The development client's API key (never accepted with NODE_ENV=production). */
const DEV_API_KEY = 'mpp-dev-key-langsa-0001';

async function main(): Promise<void> {
  const env = process.env;
  const production = env.NODE_ENV === 'production';
  let devDefaults: Record<string, string> = {};
  let stopMocks: (() => Promise<void>) | undefined;
  let fixtures: Record<string, string> | undefined;
  if (!production) {
    // Loaded lazily so that a production bundle never even imports the mocks.
    const { startMocks } = await import('../mocks');
    const mocks = await startMocks();
    devDefaults = mocks.env;
    stopMocks = mocks.stop;
    fixtures = { ...mocks.dataset.fixtures };
  }

  let config;
  let security;
  try {
    config = loadConfig(env, registry, devDefaults);
    // Development only: a well-known key so that the README's examples work as written.
    security = loadSecurityConfig(
      production ? env : { AUTH_DEV_API_KEY: DEV_API_KEY, ...env },
      registry.map((d) => d.key),
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      await stopMocks?.();
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
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
        '  Mock agencies (in-process, seeded data of Kota Langsa). Identities to try:',
        `    family with every service   nik ${fixtures.everyServiceHeadNik}  kk ${fixtures.everyServiceFamilyKk}`,
        `    BPJS premium arrears        nik ${fixtures.premiumArrearsNik}`,
        `    unpaid PBB and water bills  nik ${fixtures.arrearsNik}`,
        `    known to Dukcapil only      nik ${fixtures.dukcapilOnlyNik}`,
        `    unknown everywhere          nik ${fixtures.unknownNik}`,
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
