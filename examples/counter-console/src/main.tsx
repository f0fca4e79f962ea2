import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';
import { createClient } from './apollo';
import { App, type Officer } from './App';
import './style.css';

const DEV_API_KEY = 'mpp-dev-key-langsa-0001';

function Root() {
  const [officer, setOfficer] = useState<Officer>({
    officerId: 'dev-officer',
    purpose: 'DEV-CASE-1',
  });
  // The client is created once; it reads the officer per request through this ref.
  const current = useRef(officer);
  current.current = officer;
  const [client] = useState(() =>
    createClient({
      uri: import.meta.env.VITE_GRAPHQL_URL ?? '/graphql',
      // `npm start`'s fixed development key when none is configured (never in a build).
      apiKey: import.meta.env.VITE_API_KEY ?? (import.meta.env.DEV ? DEV_API_KEY : ''),
      officer: () => current.current,
    }),
  );
  return (
    <ApolloProvider client={client}>
      <App officer={officer} onOfficer={setOfficer} />
    </ApolloProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
