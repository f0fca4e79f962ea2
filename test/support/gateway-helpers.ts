import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type Redis from 'ioredis';
import type { TestGateway } from './gateway';

/**
 * Helpers for the gateway-level cache and resilience tests (test/integration/cache-*,
 * test/resilience/*): call counters, polling, the Redis keyspace and open sockets.
 */

/** A citizen's own record only: one Dukcapil CALL_NIK, nothing else. */
export const CITIZEN_NAME = /* GraphQL */ `
  query CitizenName($nik: String!) {
    citizen(nik: $nik) {
      nik
      fullName
    }
  }
`;

/** A citizen's whole family view: every agency. */
export const FAMILY_VIEW = /* GraphQL */ `
  query FamilyView($nik: String!) {
    citizen(nik: $nik) {
      fullName
      family {
        kkNumber
        members {
          nik
          fullName
          healthInsurance {
            cardNumber
            status
          }
          employmentInsurance {
            kpj
          }
        }
      }
      taxObjects {
        nop
      }
      waterAccounts {
        customerNumber
      }
    }
  }
`;

/** Upstream calls of one mock endpoint since the last `resetCalls()`. */
export function callsOf(gw: TestGateway, agency: string, endpoint: string): number {
  return gw.calls()[agency]?.[endpoint] ?? 0;
}

/** Every upstream call of one agency since the last `resetCalls()`. */
export function totalCallsOf(gw: TestGateway, agency: string): number {
  return Object.values(gw.calls()[agency] ?? {}).reduce((a, b) => a + b, 0);
}

/** Keys of the connected Redis database matching `pattern`, via SCAN (never KEYS). */
export async function scanKeys(client: Redis, pattern = '*'): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** A fresh AES key spec for CACHE_ENCRYPTION_KEYS. */
export const encryptionKeySpec = (id = 'k1') => `${id}:${randomBytes(32).toString('base64')}`;

/** A fresh CACHE_HMAC_SECRET. */
export const hmacSecret = () => randomBytes(32).toString('base64');

/** Seconds → env string. */
export const s = (n: number) => String(n);

/**
 * Open TCP sockets of this process from or to one of `ports` (both ends of loopback
 * connections live in the test process: the gateway's agent sockets and the mocks' server
 * sockets). A leak of hung or aborted calls shows here.
 */
export function socketsTo(ports: number[]): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter(
    (h): h is net.Socket =>
      h instanceof net.Socket &&
      !h.destroyed &&
      (ports.includes(h.remotePort ?? -1) || ports.includes(h.localPort ?? -1)),
  ).length;
}

/** The ports the mocks listen on. */
export function mockPorts(gw: TestGateway): number[] {
  return Object.values(gw.mocks.agencies).map((a) => Number(new URL(a.url).port));
}

/** The gateway's `connectors` field, by name. */
export async function connectorStates(
  gw: TestGateway,
): Promise<Record<string, { breakerState: string; inFlight: number }>> {
  const { body } = await gw.gql<{
    connectors: Array<{ name: string; breakerState: string; inFlight: number }>;
  }>('{ connectors { name breakerState inFlight } }');
  const list = body.data?.connectors ?? [];
  return Object.fromEntries(list.map((c) => [c.name, c]));
}

/** Log lines (parsed) of breaker transitions of one connector, in order. */
export function breakerTransitions(gw: TestGateway, connector: string): string[] {
  return gw.logs
    .map((line) => JSON.parse(line) as { msg?: string; connector?: string; to?: string })
    .filter((l) => l.msg === 'circuit breaker state changed' && l.connector === connector)
    .map((l) => l.to ?? '?');
}

export { sleep, waitFor } from './wait';
