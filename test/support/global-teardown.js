module.exports = async function globalTeardown() {
  const state = globalThis.__MPP_REDIS__;
  if (!state) return;
  state.child.kill('SIGTERM');
  require('node:fs').rmSync(state.dir, { recursive: true, force: true });
};
