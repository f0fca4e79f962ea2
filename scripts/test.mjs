#!/usr/bin/env node
// `npm test`: generated code must be fresh, types must check, the layering must hold, then every jest suite
// (unit, integration against the mock agencies and a real redis-server, browser e2e).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Runs a command with its output kept; resolves with the exit code and what it printed. */
function quiet(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** A check: its name, and a function that resolves with an error message or nothing. */
const step = (name, cmd, args, opts) => ({
  name,
  run: async () => {
    const { code, out } = await quiet(cmd, args, opts);
    return code === 0 ? undefined : out.trim() || `${name} failed (exit ${code})`;
  },
});

// 1. Codegen freshness: regenerate into a temp dir and compare with the committed file.
const codegen = {
  name: 'codegen is fresh',
  run: async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mpp-codegen-'));
    const out = path.join(dir, 'graphql.ts');
    try {
      const gen = await quiet('npx', ['graphql-codegen', '--config', 'codegen.yml', '--silent'], {
        env: { ...process.env, CODEGEN_OUT: out },
      });
      if (gen.code !== 0) return gen.out;
      if (readFileSync(out, 'utf8') !== readFileSync('src/generated/graphql.ts', 'utf8'))
        return 'src/generated/graphql.ts is stale: run `npm run codegen` and commit the result.';
      return undefined;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

// The checks before jest are independent; on two cores they run in two lanes (the type check,
// the longest, alone in one), which saves about 20 s of every run.
const lanes = [
  // 4. Types.
  [step('tsc', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])],
  [
    codegen,
    // 2. The client schema (schema.graphql) must match the composed schema.
    step('schema.graphql is fresh', 'npx', ['tsx', 'scripts/print-schema.ts', '--check']),
    // 3. Front-end builds: the offline explorer bundle (its browser test loads it) and the
    //    reference counter console (its own typecheck, then a production build).
    step('explorer build', 'npm', ['run', '-s', 'build:explorer']),
    step('counter console typecheck and build', 'npm', ['run', '-s', 'console:check']),
    // 5. Layering (.dependency-cruiser.cjs): no cycles, dependencies point one way.
    step('layering (dependency-cruiser)', 'npx', [
      'depcruise',
      'src',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
    ]),
  ],
];
const failures = [];
await Promise.all(
  lanes.map(async (lane) => {
    for (const s of lane) {
      const problem = await s.run();
      if (problem) {
        failures.push(`✖ ${s.name}\n${problem}`);
        return;
      }
      console.log(`✔ ${s.name}`);
    }
  }),
);
if (failures.length > 0) {
  console.error(failures.join('\n\n'));
  process.exit(1);
}

// 6. Tests.
const jest = spawnSync('npx', ['jest', '--ci', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(jest.status ?? 1);
