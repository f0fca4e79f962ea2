/**
 * `npm run mocks`: every mock agency as a standalone process (for benchmarks or a gateway
 * started elsewhere), on consecutive ports from MOCK_PORT_BASE (default 4101), in registry order.
 */
import { MOCK_KEYS, startMocks, type MockKey } from './index';

async function main() {
  const base = Number(process.env.MOCK_PORT_BASE ?? 4101);
  const ports = Object.fromEntries(MOCK_KEYS.map((k, i) => [k, base + i])) as Record<
    MockKey,
    number
  >;
  const mocks = await startMocks({ ports });
  for (const [key, agency] of Object.entries(mocks.agencies))
    console.log(`${key.padEnd(22)} ${agency.url}`);
  console.log('\nEnvironment for a gateway using these mocks:');
  for (const [k, v] of Object.entries(mocks.env)) console.log(`${k}=${v}`);
  const stop = () => void mocks.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
