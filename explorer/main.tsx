// The development explorer: GraphiQL bundled from npm (nothing from a CDN, so it works on an
// MPP's closed network). The gateway serves this bundle at GET /graphql and passes the
// development headers in a JSON block (not a script, so the page's CSP needs no inline code).
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import type { Fetcher } from '@graphiql/toolkit';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

interface ExplorerConfig {
  endpoint: string;
  headers: Record<string, string>;
  defaultQuery: string;
}

const config: ExplorerConfig = JSON.parse(
  document.getElementById('explorer-config')?.textContent ??
    '{"endpoint":"/graphql","headers":{},"defaultQuery":""}',
);

const fetcher: Fetcher = async (params, options) => {
  const res = await fetch(config.endpoint, {
    method: 'POST',
    // GraphiQL's own introspection request comes without the editor's headers: it gets the
    // preset ones, or the gateway would refuse it (401) and the docs would stay empty.
    headers: { 'content-type': 'application/json', ...(options?.headers ?? config.headers) },
    body: JSON.stringify(params),
  });
  return res.json();
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={config.defaultQuery}
      initialQuery={config.defaultQuery}
      initialHeaders={JSON.stringify(config.headers, null, 2)}
      defaultHeaders={JSON.stringify(config.headers, null, 2)}
      shouldPersistHeaders={false}
      defaultEditorToolsVisibility="headers"
    />
  </StrictMode>,
);
