/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The gateway's GraphQL endpoint; default `/graphql` (Vite's proxy in development). */
  readonly VITE_GRAPHQL_URL?: string;
  /** The console's API key (development: the key `npm start` prints). */
  readonly VITE_API_KEY?: string;
}
