/**
 * The benchmark's ceiling: a bare Apollo Server 5 on the gateway's HTTP stack (node:http +
 * executeHTTPGraphQLRequest, as src/server/gateway.ts does) with one static resolver and no
 * I/O. It answers the same `waterAccount` query with the same record the PDAM mock holds, so
 * the response bytes match the gateway's; whatever the gateway costs above this is its own
 * work (context, loaders, cache, connector pipeline, plugins).
 *
 * Run as its own process: `PORT=4300 node --import tsx bench/ceiling/server.ts`.
 */
import http from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { getDataset } from '../../mocks/data/dataset';

const typeDefs = /* GraphQL */ `
  type WaterBill {
    period: String!
    previousReading: Int!
    currentReading: Int!
    usageM3: Int!
    waterCharge: Int!
    adminFee: Int!
    penalty: Int!
    total: Int!
  }
  type WaterAccount {
    customerNumber: String!
    name: String!
    address: String!
    tariffGroup: String!
    tariffName: String!
    unpaidPeriods: [WaterBill!]!
    periodsInArrears: Int!
    totalOutstanding: Int!
  }
  type Query {
    waterAccount(customerNumber: String!): WaterAccount
  }
`;

/** One record, built once at start: the resolver does no I/O and no per-request work. */
function staticAccount() {
  const account = getDataset().waterAccounts.get(process.env.CEILING_CUSTOMER ?? '0101000021');
  if (!account) throw new Error('ceiling: fixture water account not found');
  const unpaidPeriods = account.unpaid.map((p) => ({
    period: `${p.period.slice(0, 4)}-${p.period.slice(4)}`,
    previousReading: p.previousReading,
    currentReading: p.currentReading,
    usageM3: p.usage,
    waterCharge: p.waterCharge,
    adminFee: p.adminFee,
    penalty: p.penalty,
    total: p.total,
  }));
  return {
    customerNumber: account.customerNumber,
    name: account.name,
    address: account.address,
    tariffGroup: account.tariffGroup,
    tariffName: account.tariffName,
    unpaidPeriods,
    periodsInArrears: unpaidPeriods.length,
    totalOutstanding: unpaidPeriods.reduce((sum, p) => sum + p.total, 0),
  };
}

async function main(): Promise<void> {
  const record = staticAccount();
  const apollo = new ApolloServer({
    typeDefs,
    resolvers: { Query: { waterAccount: () => record } },
    introspection: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
  });
  await apollo.start();

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://ceiling');
      if (url.pathname !== '/graphql') {
        res.statusCode = url.pathname === '/healthz' ? 200 : 404;
        return res.end();
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text.length > 0 ? JSON.parse(text) : undefined;
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => ({}),
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') return res.end(result.body.string);
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    })().catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  const port = Number(process.env.PORT ?? 4300);
  server.listen(port, '127.0.0.1', () => console.log(`ceiling listening on ${port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
