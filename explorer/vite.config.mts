// Builds the offline GraphiQL bundle: `npm run build:explorer` → build/explorer (served by
// src/server/explorer.ts). The manifest tells the server which hashed files are the entry.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/explorer/',
  // React's automatic JSX runtime through Vite's own transform (oxc): no plugin needed for a build.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../build/explorer', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    // Monaco is large; the explorer is a development tool on loopback or a LAN.
    chunkSizeWarningLimit: 8_000,
  },
  worker: { format: 'es' },
});
