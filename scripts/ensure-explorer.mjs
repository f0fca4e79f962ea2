#!/usr/bin/env node
// `npm start` serves the offline GraphiQL explorer from build/explorer: build it once when it
// is missing (a fresh clone), so `npm ci && npm start` gives a working explorer with no extra step.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync('build/explorer/.vite/manifest.json')) {
  console.log('Building the offline explorer (first start only)...');
  const r = spawnSync('npm', ['run', '-s', 'build:explorer'], { stdio: 'inherit' });
  // A failed build costs the explorer, not the gateway: it starts and says so in its log.
  if (r.status !== 0) console.warn('explorer build failed: GET /graphql will have no explorer');
}
