import { ErrorCode, GatewayError } from '../../src/errors';
import type { ConnectorDefinition } from '../../src/connectors/core/types';
import type { ContractFixture, Loader } from './fixture';
import { startHarness, waitFor, type Harness, type HarnessOptions } from './harness';

/** Slack over a deadline for a timed-out call to come back on a loaded 2-core machine. */
const DEADLINE_MARGIN_MS = 1_500;
/** A request budget far below the connector timeout (2 s): the deadline must be what stops it. */
const SHORT_DEADLINE_MS = 300;

const codeOf = (value: unknown): string | undefined =>
  value instanceof GatewayError ? value.code : undefined;

/**
 * The contract every connector keeps, run against its mock over loopback HTTP through the
 * real upstream pipeline. Each behaviour is one test; `fixture` names the ids and endpoints.
 */
export function describeConnectorContract(
  definition: ConnectorDefinition,
  fixture: ContractFixture<unknown>,
): void {
  describe(`connector contract: ${definition.key}`, () => {
    const harnesses: Harness[] = [];
    const start = async (options?: HarnessOptions) => {
      const h = await startHarness(definition, options);
      harnesses.push(h);
      return h;
    };
    afterEach(async () => {
      await Promise.all(harnesses.splice(0).map((h) => h.close()));
    });
    const lookup = (h: Harness, budgetMs?: number): Loader =>
      fixture.lookup.loader(h.runtime.createLoaders(h.scope(budgetMs)));
    const { endpoint, known, unknown } = fixture.lookup;

    it('fixture and definition agree on the key', () => {
      expect(fixture.key).toBe(definition.key);
    });

    it('loads a known record and maps an unknown one to null without an error', async () => {
      const h = await start();
      const loader = lookup(h);
      const [found, missing] = await Promise.all([loader.load(known[0]), loader.load(unknown)]);
      expect(found).not.toBeNull();
      expect(found).not.toBeInstanceOf(Error);
      expect(missing).toBeNull();
      expect(h.agency.calls.get(endpoint)).toBeGreaterThan(0);
    });

    it('rejects a malformed payload with UPSTREAM_BAD_RESPONSE', async () => {
      const h = await start();
      h.agency.setFault(endpoint, { malformed: true });
      const error = await lookup(h)
        .load(known[0])
        .catch((e: unknown) => e);
      expect(codeOf(error)).toBe(ErrorCode.UpstreamBadResponse);
    });

    it('maps refused credentials to UPSTREAM_UNAVAILABLE', async () => {
      const h = await start({ env: fixture.wrongCredentials });
      const error = await lookup(h)
        .load(known[0])
        .catch((e: unknown) => e);
      expect(codeOf(error)).toBe(ErrorCode.UpstreamUnavailable);
    });

    const logsCause = fixture.authCauseGap ? it.failing : it;
    logsCause(
      `logs the cause of refused credentials${fixture.authCauseGap ? ` (known gap: ${fixture.authCauseGap})` : ''}`,
      async () => {
        const h = await start({ env: fixture.wrongCredentials });
        await lookup(h)
          .load(known[0])
          .catch(() => undefined);
        const lines = h.logs.map((l) => JSON.stringify(l));
        expect(lines.some((l) => fixture.authCause.test(l))).toBe(true);
      },
    );

    it('writes no identifier it was asked about into its log lines', async () => {
      const h = await start({ env: fixture.wrongCredentials });
      await lookup(h)
        .load(known[0])
        .catch(() => undefined);
      expect(h.logs.length).toBeGreaterThan(0);
      for (const line of h.logs) expect(JSON.stringify(line)).not.toContain(known[0]);
    });

    it('honours the request deadline when the agency hangs (UPSTREAM_TIMEOUT)', async () => {
      const h = await start({ policy: { retry: { retries: 2 } } });
      h.agency.setFault(endpoint, { hang: true });
      const started = Date.now();
      const error = await lookup(h, SHORT_DEADLINE_MS)
        .load(known[0])
        .catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(codeOf(error)).toBe(ErrorCode.UpstreamTimeout);
      expect(elapsed).toBeLessThan(SHORT_DEADLINE_MS + DEADLINE_MARGIN_MS);
    });

    it('opens its breaker on failures, refuses without calling, and closes after recovery', async () => {
      const h = await start({
        policy: {
          breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 250 },
        },
      });
      h.agency.setFault(endpoint, { status: 503 });
      for (let i = 0; i < 3 && !h.upstream.breaker.rejecting; i++) {
        const error = await lookup(h)
          .load(known[0])
          .catch((e: unknown) => e);
        expect(codeOf(error)).toBe(ErrorCode.UpstreamUnavailable);
      }
      expect(h.upstream.breaker.state).toBe('open');

      const callsWhenOpen = h.agency.calls.get(endpoint);
      const refused = await lookup(h)
        .load(known[0])
        .catch((e: unknown) => e);
      expect(codeOf(refused)).toBe(ErrorCode.CircuitOpen);
      expect(h.agency.calls.get(endpoint)).toBe(callsWhenOpen);

      h.agency.faults.clear();
      // After resetTimeoutMs the breaker lets one probe through (half-open); its success closes it.
      await waitFor('the breaker to half-open', () => !h.upstream.breaker.rejecting, 5_000);
      const recovered = await lookup(h).load(known[0]);
      expect(recovered).not.toBeNull();
      expect(h.upstream.breaker.state).toBe('closed');
    });

    it('de-duplicates ids within a request', async () => {
      const h = await start();
      const loader = lookup(h);
      const results = await Promise.all([
        loader.load(known[0]),
        loader.load(known[0]),
        loader.load(known[1]),
      ]);
      expect(results.every((r) => r !== null && !(r instanceof Error))).toBe(true);
      expect(h.agency.calls.get(endpoint)).toBe(fixture.lookup.idsPerCall === 'many' ? 1 : 2);
    });

    it('coalesces the same id across concurrent requests into one upstream call', async () => {
      const h = await start();
      await Promise.all([lookup(h).load(known[0]), lookup(h).load(known[0])]);
      expect(h.agency.calls.get(endpoint)).toBe(1);
    });

    if (fixture.batch) {
      const batch = fixture.batch;
      it(`loads ${batch.ids.length} ids of a batch endpoint in one call`, async () => {
        const h = await start();
        const loader = batch.loader(h.runtime.createLoaders(h.scope()));
        const results = await Promise.all(batch.ids.map((id) => loader.load(id)));
        expect(results.some((r) => r instanceof Error)).toBe(false);
        expect(h.agency.calls.get(batch.endpoint)).toBe(1);
      });
    }

    it('keeps clear identifiers out of cache keys and values, and serves the next load from cache', async () => {
      const h = await start({ cache: true });
      const ids = [known[0], known[1], ...(fixture.batch?.ids ?? [])];
      await Promise.all([known[0], known[1]].map((id) => lookup(h).load(id)));
      if (fixture.batch) {
        const loader = fixture.batch.loader(h.runtime.createLoaders(h.scope()));
        await Promise.all(fixture.batch.ids.map((id) => loader.load(id)));
      }
      // Cache writes are not awaited by the pipeline: wait for them.
      await waitFor('cache writes', () => (h.store?.writes.length ?? 0) >= 2, 5_000);
      for (const write of h.store!.writes) {
        for (const id of ids) {
          expect(write.key).not.toContain(id);
          expect(write.value).not.toContain(id);
        }
      }
      const before = h.agency.calls.get(endpoint);
      await lookup(h).load(known[0]);
      expect(h.agency.calls.get(endpoint)).toBe(before);
    });

    it('has a health probe that succeeds against the agency', async () => {
      const h = await start();
      await expect(h.runtime.probe(h.call())).resolves.toBeUndefined();
    });

    it('has a health probe that fails when our credentials are refused', async () => {
      const h = await start({ env: fixture.wrongCredentials });
      const error = await h.runtime.probe(h.call()).catch((e: unknown) => e);
      expect(codeOf(error)).toBe(ErrorCode.UpstreamUnavailable);
    });
  });
}
