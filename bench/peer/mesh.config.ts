/**
 * The peer of the benchmark: GraphQL Mesh composes the PDAM mock from its own OpenAPI
 * description (served at GET /openapi.json), and Hive Gateway serves the result. Read by
 * `mesh-compose` (bench/lib/peer.ts runs it with these variables set).
 */
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required to compose the peer`);
  return value;
};

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('PDAM', {
        source: need('PEER_PDAM_OPENAPI_URL'),
        endpoint: need('PEER_PDAM_BASE_URL'),
        // Same credential the gateway sends; Mesh writes it into the supergraph's transport.
        operationHeaders: { 'X-Api-Key': need('PEER_PDAM_API_KEY') },
      }),
    },
  ],
});
