module.exports = async function globalTeardown() {
  const state = globalThis.__MPP_REDIS__;
  if (state) {
    const exited = new Promise((resolve) => {
      if (state.child.exitCode !== null || state.child.signalCode !== null) resolve();
      else state.child.once('exit', resolve);
    });
    state.child.kill('SIGTERM');
    await exited;
    require('node:fs').rmSync(state.dir, { recursive: true, force: true });
  }
  reportLeaksIfStillRunning();
};

/**
 * When jest runs suites in band (a single suite, `--runInBand`, or a few suites it knows are
 * fast) they share jest's own process, so a server, socket or timer a suite forgot to close
 * keeps the run alive after its summary (CI then waits for its time limit: it happened once).
 * If the process is still here a few seconds after the run, this names what was left open (so
 * it gets fixed) and ends the process with jest's own exit code (set on 'exit').
 */
function reportLeaksIfStillRunning() {
  const timer = setTimeout(() => {
    const lines = process._getActiveHandles().map(describe).filter(Boolean);
    const other = process.getActiveResourcesInfo().filter((t) => t !== 'TTYWrap');
    process.stderr.write(
      `\nLeft open after the test run (fix the suite that opened them):\n${lines.map((l) => `  - ${l}`).join('\n')}\n  resources: ${other.join(', ')}\n`,
    );
    process.exit();
  }, 3_000);
  timer.unref();
}

function describe(handle) {
  const name = handle?.constructor?.name ?? typeof handle;
  if (name === 'Socket' || name === 'TLSSocket') {
    if (handle === process.stdout || handle === process.stderr || handle === process.stdin) return '';
    return `${name} ${handle.localAddress ?? ''}:${handle.localPort ?? ''} -> ${handle.remoteAddress ?? ''}:${handle.remotePort ?? ''}${handle._type ? ` ${handle._type}` : ''}`;
  }
  if (name === 'Server') {
    const a = handle.address();
    return `Server ${a && typeof a === 'object' ? `${a.address}:${a.port}` : String(a)}`;
  }
  if (name === 'ChildProcess') return `ChildProcess pid ${handle.pid} ${handle.spawnfile}`;
  return name;
}
