/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    // The OTLP exporter's dynamic import of http/https (see the transform for why).
    '/@opentelemetry/otlp-exporter-base/.+\\.js$':
      '<rootDir>/test/support/builtin-import-transform.cjs',
  },
  transformIgnorePatterns: ['^(?!.*/@opentelemetry/otlp-exporter-base/).*/node_modules/'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30_000,
  // Most suites wait on real servers (Redis, PostgreSQL, Chromium, mock agencies) more than
  // they compute: two workers on the two-core machines halve the run (545 s in band, 270 s),
  // and a suite that leaks a handle no longer holds up the whole run (its worker is ended).
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
};
