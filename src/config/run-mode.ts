/** How the gateway runs: production unless started for development (`npm start`, `npm run dev`). */
export type RunMode = 'development' | 'production' | 'test';

/**
 * The entry point's run mode, from an explicit flag only (`--dev`, which the `start` and `dev`
 * npm scripts pass): a missing NODE_ENV is production, and NODE_ENV=production wins over the flag.
 */
export function runMode(argv: readonly string[], nodeEnv: string | undefined): RunMode {
  return argv.includes('--dev') && nodeEnv !== 'production' ? 'development' : 'production';
}
