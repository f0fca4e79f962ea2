import { registry } from '../../src/connectors/registry';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { waitFor } from '../support/wait';

/**
 * Health probes of idle connectors: what the status page shows for an agency nobody has
 * asked anything lately. Probes go to the mock agencies for real (their counters see them).
 */
interface ConnectorRow {
  name: string;
  recentCalls: number;
  lastProbe: { ok: boolean; code: string | null; at: string } | null;
}

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ probes: { intervalMs: 200 } });
});
afterAll(async () => {
  await gw.stop();
});

async function rows(): Promise<Map<string, ConnectorRow>> {
  const body = (await (await fetch(`${gw.url}/status.json`)).json()) as {
    connectors: ConnectorRow[];
  };
  return new Map(body.connectors.map((c) => [c.name, c]));
}

describe('idle-connector health probes', () => {
  it('probes every idle connector through the agency, without counting the probes as calls', async () => {
    const probed = await waitFor('a successful probe of every connector', async () => {
      const all = [...(await rows()).values()];
      return all.every((c) => c.lastProbe?.ok) ? all : undefined;
    });
    expect(probed).toHaveLength(registry.length);
    for (const c of probed) {
      expect(c.lastProbe).toEqual({ ok: true, code: null, at: expect.any(String) });
      expect(c.recentCalls).toBe(0);
    }
    // The probe reached the agency: the PDAM mock counted its inquiry.
    expect(Object.values(gw.calls().pdam ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('shows a failed probe with its code when the agency is down', async () => {
    await gw.mocks.agencies.pdam.stop();
    try {
      const pdam = await waitFor('a failed PDAM probe', async () => {
        const row = (await rows()).get('pdam');
        return row?.lastProbe?.ok === false ? row : undefined;
      });
      expect(pdam.lastProbe?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(pdam.recentCalls).toBe(0);
      // Other agencies keep their own, successful, probes.
      expect((await rows()).get('dukcapil')?.lastProbe?.ok).toBe(true);
    } finally {
      await gw.mocks.agencies.pdam.start();
    }
  });
});
