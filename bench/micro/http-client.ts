/**
 * `npx tsx bench/micro/http-client.ts [rounds]`: the per-call CPU cost of the agency HTTP client
 * (src/connectors/core/http.ts) against the axios setup it replaced, in ONE process, rounds
 * interleaved (A, B, A, B...) so machine load hits both alike. A loopback server answers a
 * small JSON body; figures are the client process's CPU microseconds per call (user + system,
 * server included, the same for both) and the wall time per call at 16 in flight.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosInstance } from 'axios';
import { createHttpAgents, createHttpClient, sendRequest } from '../../src/connectors/core/http';
import type { CallContext } from '../../src/connectors/core/types';

const BODY = JSON.stringify({ rc: '00', data: { nosamb: '0101000001', nama: 'x'.repeat(40) } });

/** The axios instance as created before issue 19 (the reference). */
function legacyClient(baseURL: string, agents: ReturnType<typeof createHttpAgents>): AxiosInstance {
  return axios.create({
    baseURL,
    httpAgent: agents.http,
    httpsAgent: agents.https,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: 10 * 1024 * 1024,
    proxy: false,
  });
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 6);
  const perRound = 3_000;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agents = createHttpAgents();
  const clients = { before: legacyClient(url, agents), after: createHttpClient(url, agents) };
  const call: CallContext = {
    connector: 'pdam',
    requestId: 'micro-bench',
    signal: new AbortController().signal,
    timeoutMs: 5_000,
  };
  const one = (client: AxiosInstance) =>
    sendRequest(client, call, {
      method: 'GET',
      url: '/api/v1/inquiry/0101000001',
      headers: { 'x-api-key': 'k' },
    });
  const totals = { before: { cpu: 0, wall: 0, n: 0 }, after: { cpu: 0, wall: 0, n: 0 } };
  for (let round = 0; round < rounds + 1; round++) {
    for (const name of round % 2
      ? (['after', 'before'] as const)
      : (['before', 'after'] as const)) {
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next++ < perRound) await one(clients[name]);
        }),
      );
      if (round === 0) continue; // warm-up round
      const cpu = process.cpuUsage(cpu0);
      totals[name].cpu += cpu.user + cpu.system;
      totals[name].wall += Number(process.hrtime.bigint() - t0) / 1_000;
      totals[name].n += perRound;
    }
  }
  for (const [name, t] of Object.entries(totals))
    console.log(
      `${name.padEnd(6)} ${(t.cpu / t.n).toFixed(1)} µs CPU/call, ${(t.wall / t.n).toFixed(1)} µs wall/call (${t.n} calls)`,
    );
  console.log(`after/before CPU: ${(totals.after.cpu / totals.before.cpu).toFixed(3)}`);
  agents.destroy();
  server.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
