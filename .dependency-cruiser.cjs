/**
 * The gateway's layering, checked in `npm test` (scripts/test.mjs):
 *   main, cli → server → resolvers → connectors → core (errors, identifiers, config types)
 * with security, cache and observability as services the server wires in. A rule broken
 * fails the test run and names the offending import.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules must not depend on each other in a cycle (type-only imports included).',
      from: { path: '^src' },
      to: { circular: true },
    },
    {
      name: 'connectors-stay-below-the-api',
      severity: 'error',
      comment:
        "A connector speaks its agency's protocol; the API over it (resolvers, schema), the " +
        'server, the security layer and the cache are wired around it, never imported by it.',
      from: { path: '^src/connectors' },
      to: { path: '^src/(resolvers|server|security|schema|cache|observability)/' },
    },
    {
      name: 'pipeline-knows-no-agency',
      severity: 'error',
      comment: 'The shared upstream pipeline (src/connectors/core) must not depend on one agency.',
      from: { path: '^src/connectors/core' },
      to: { path: '^src/connectors/(?!core/)' },
    },
    {
      name: 'resolvers-below-server',
      severity: 'error',
      comment: 'Resolvers read the per-request context; they never reach into the server.',
      from: { path: '^src/resolvers' },
      to: { path: '^src/server/' },
    },
    {
      name: 'security-gets-connectors-injected',
      severity: 'error',
      comment:
        'The security layer receives the connector keys and scopes it needs; loading it must ' +
        'not load the connectors, resolvers or server.',
      from: { path: '^src/security' },
      to: { path: '^src/(connectors|resolvers|server)/' },
    },
    {
      name: 'services-below-server',
      severity: 'error',
      comment: 'Cache, observability and configuration never import the server or resolvers.',
      from: { path: '^src/(cache|observability|config|errors|identifiers)' },
      to: { path: '^src/(server|resolvers)/' },
    },
    {
      name: 'no-test-or-mock-code-in-src',
      severity: 'error',
      comment:
        'Production code never imports tests or mocks (only the entry point starts the mocks, ' +
        'lazily, in development).',
      from: { path: '^src', pathNot: '^src/(main\\.ts$|cli/)' },
      to: { path: '^(test|mocks)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/' },
  },
};
