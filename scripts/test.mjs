#!/usr/bin/env node
// `npm test`: generated code must be fresh, types must check, the layering must hold, then every jest suite
// (unit, integration against the mock agencies and a real redis-server, browser e2e).
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// 1. Codegen freshness: regenerate into a temp dir and compare with the committed file.
const dir = mkdtempSync(path.join(tmpdir(), 'mpp-codegen-'));
const out = path.join(dir, 'graphql.ts');
const gen = spawnSync('npx', ['graphql-codegen', '--config', 'codegen.yml', '--silent'], {
  env: { ...process.env, CODEGEN_OUT: out },
  stdio: 'inherit',
});
if (gen.status !== 0) process.exit(gen.status ?? 1);
const fresh = readFileSync(out, 'utf8');
rmSync(dir, { recursive: true, force: true });
if (fresh !== readFileSync('src/generated/graphql.ts', 'utf8')) {
  console.error('src/generated/graphql.ts is stale: run `npm run codegen` and commit the result.');
  process.exit(1);
}

// 2. The client schema (schema.graphql) must match the composed schema.
run('npx', ['tsx', 'scripts/print-schema.ts', '--check']);

// 3. Front-end builds: the offline explorer bundle (its browser test loads it) and the
//    reference counter console (its own typecheck, then a production build).
run('npm', ['run', 'build:explorer']);
run('npm', ['run', 'console:check']);

// 4. Types.
run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);

// 5. Layering (.dependency-cruiser.cjs): no cycles, dependencies point one way.
run('npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']);

// 6. Tests.
run('npx', ['jest', '--ci', ...process.argv.slice(2)]);
