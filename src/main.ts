/**
 * Entry point. `npm start` (development): starts the five mock agencies in-process on
 * loopback and points the connectors at them, with the embedded in-memory cache unless
 * REDIS_URL is set. With NODE_ENV=production no mock starts: everything comes from the
 * environment, and a missing or malformed setting stops start-up with its name.
 */
import { ConfigError, loadConfig } from './config';
import { registry } from './connectors/registry';
import { createLogger } from './observability/logger';
import { startGateway } from './server/gateway';

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
  try {
    config = loadConfig(env, registry, devDefaults);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      await stopMocks?.();
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const gateway = await startGateway({ config, logger, definitions: registry });

  logger.info(
    {
      url: `${gateway.url}/graphql`,
      cache: config.redis ? 'redis' : 'memory',
      env: config.nodeEnv,
    },
    'MPP Gateway listening',
  );
  if (fixtures) {
    // Printed for humans trying the API; masked in the JSON log stream on purpose, so plain stdout here.
    process.stdout.write(
      [
        '',
        `  GraphQL:  ${gateway.url}/graphql`,
        `  Status:   ${gateway.url}/status     Metrics: ${gateway.url}/metrics`,
        '  Mock agencies (in-process, seeded data of Kota Langsa). Identities to try:',
        `    family with every service   nik ${fixtures.everyServiceHeadNik}  kk ${fixtures.everyServiceFamilyKk}`,
        `    BPJS premium arrears        nik ${fixtures.premiumArrearsNik}`,
        `    unpaid PBB and water bills  nik ${fixtures.arrearsNik}`,
        `    known to Dukcapil only      nik ${fixtures.dukcapilOnlyNik}`,
        `    unknown everywhere          nik ${fixtures.unknownNik}`,
        '',
      ].join('\n') + '\n',
    );
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    void gateway
      .stop()
      .then(() => stopMocks?.())
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('MPP Gateway failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
