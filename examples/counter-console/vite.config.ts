import { defineConfig } from 'vite';

// `npm run dev` serves the console on http://localhost:5173. By default it calls the gateway
// through Vite's proxy (same origin, no CORS); set VITE_GRAPHQL_URL=http://localhost:4000/graphql
// to call it cross-origin, as a console hosted on its own origin does (CORS_DEV_ORIGINS allows it).
export default defineConfig({
  // React's automatic JSX runtime through Vite's own transform (oxc). Add @vitejs/plugin-react
  // for Fast Refresh while editing; the build needs nothing more.
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/graphql': 'http://localhost:4000' },
  },
});
