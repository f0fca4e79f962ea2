import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, makeVar } from '@apollo/client';
import { RetryLink } from '@apollo/client/link/retry';
import { ServerError } from '@apollo/client/errors';
import { map } from 'rxjs';

/** An agency whose data was served from the gateway's cache because the agency was failing. */
export interface StaleData {
  connector: string;
  ageSeconds: number;
}

/**
 * Stale agencies of the latest answer, per operation name. The gateway says so in the
 * response's `extensions.stale`, which Apollo Client does not hand to components: this link
 * copies it into a reactive variable that the page reads with `useReactiveVar`.
 */
export const staleByOperation = makeVar<Readonly<Record<string, readonly StaleData[]>>>({});

const isStaleList = (value: unknown): value is StaleData[] =>
  Array.isArray(value) &&
  value.every(
    (v: unknown) =>
      typeof v === 'object' && v !== null && 'connector' in v && typeof v.connector === 'string',
  );

const staleLink = new ApolloLink((operation, forward) =>
  forward(operation).pipe(
    map((result) => {
      const stale = result.extensions?.['stale'];
      staleByOperation({
        ...staleByOperation(),
        [operation.operationName ?? '']: isStaleList(stale) ? stale : [],
      });
      return result;
    }),
  ),
);

// The gateway answers 503 with Retry-After while it starts or drains (and 429 when over
// budget): wait as told, a few times, then give up. Reads never change anything upstream, so
// repeating them is safe, and so is repeating a payment, which carries its idempotency key
// (src/payments.ts); other failures are not retried.
const retryLink = new RetryLink({
  attempts: { max: 3, retryIf: (error) => ServerError.is(error) && error.statusCode === 503 },
  delay: (count, _operation, error) => {
    const header = ServerError.is(error) ? error.response.headers.get('retry-after') : null;
    const seconds = Number(header);
    return Number.isFinite(seconds) && seconds > 0
      ? Math.min(seconds, 10) * 1000
      : 500 * 2 ** count;
  },
});

export interface GatewayOptions {
  /** The GraphQL endpoint: `/graphql` through Vite's proxy, or the gateway's own URL (CORS). */
  uri: string;
  /** The console's registered API key. */
  apiKey: string;
  /** The signed-in officer and the service case, required for personal data. */
  officer: () => { officerId: string; purpose: string };
}

export function createClient(options: GatewayOptions): ApolloClient {
  // Headers per request: the officer may change the case number between two searches.
  const headersLink = new ApolloLink((operation, forward) => {
    const { officerId, purpose } = options.officer();
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      headers: {
        ...headers,
        'x-api-key': options.apiKey,
        'x-officer-id': officerId,
        'x-purpose': purpose,
      },
    }));
    return forward(operation);
  });
  return new ApolloClient({
    link: ApolloLink.from([retryLink, staleLink, headersLink, new HttpLink({ uri: options.uri })]),
    cache: new InMemoryCache(),
    // Partial data is the point of the gateway: one failing agency must not blank the page.
    defaultOptions: {
      watchQuery: { errorPolicy: 'all' },
      query: { errorPolicy: 'all' },
    },
  });
}

// Apollo Client 4 types results by the default errorPolicy: declaring 'all' makes `data`
// and `error` typed as "both may be present" everywhere.
/* eslint-disable @typescript-eslint/no-namespace -- Apollo's declaration merging needs them */
declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
    }
  }
}
/* eslint-enable @typescript-eslint/no-namespace */
