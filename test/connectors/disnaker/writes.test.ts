import { randomUUID, createPrivateKey } from 'node:crypto';
import pino from 'pino';
import { getDataset } from '../../../mocks/data/dataset';
import {
  buildDisnakerData,
  createDisnakerMock,
  devClientKeyPair,
  DISNAKER_ENDPOINTS,
  DISNAKER_MOCK_CLIENT,
  type DisnakerMock,
} from '../../../mocks/disnaker';
import {
  AssertionTokenSource,
  DisnakerClient,
  type WriteIntent,
  type WriteJournal,
  type WriteOutcome,
} from '../../../src/connectors/disnaker';
import type { JobSeekerApplicationInput } from '../../../src/connectors/disnaker/domain';
import { createDisnakerWrites } from '../../../src/connectors/disnaker/writes';
import { createTestUpstream, testScope } from '../../support/upstream';
import { waitFor } from '../../support/wait';

/**
 * The write path against the mock, with a recording journal. The journal here is a test
 * double of the gateway's ledger (an in-memory list, for tests only): the connector holds
 * no implementation of its own.
 */
const dataset = getDataset();
const { fixtures, cardsByNik } = buildDisnakerData(dataset);
const actor = { clientId: 'counter', officerId: 'officer-1', purpose: 'MPP-2026-000001' };

class RecordingJournal implements WriteJournal {
  readonly events: Array<
    | { kind: 'record'; intent: WriteIntent }
    | { kind: 'settle'; intent: WriteIntent; outcome: WriteOutcome }
  > = [];
  failRecord = false;
  onRecord: () => void = () => undefined;
  async record(intent: WriteIntent): Promise<void> {
    this.onRecord();
    if (this.failRecord) throw new Error('ledger down');
    this.events.push({ kind: 'record', intent });
  }
  async settle(intent: WriteIntent, outcome: WriteOutcome): Promise<void> {
    this.events.push({ kind: 'settle', intent, outcome });
  }
}

describe('disnaker writes', () => {
  let mock: DisnakerMock;
  let close: () => void;
  let journal: RecordingJournal;
  let writes: (timeoutMs?: number) => ReturnType<typeof createDisnakerWrites>;

  const application = (nik: string): JobSeekerApplicationInput => {
    const r = dataset.byNik.get(nik)!;
    return {
      nik,
      fullName: r.name,
      birthPlace: r.birthPlace,
      birthDate: r.birthDate,
      sex: r.sex === 'P' ? 'FEMALE' : 'MALE',
      address: 'JL. A. YANI, LANGSA',
      education: [{ level: 'SENIOR_SECONDARY', major: null, graduationYear: 2015 }],
      skills: ['TATA BOGA'],
    };
  };

  beforeEach(async () => {
    mock = await createDisnakerMock(dataset).start();
    const t = createTestUpstream('disnaker', mock.url);
    close = t.close;
    const tokens = new AssertionTokenSource({
      upstream: t.upstream,
      clientId: DISNAKER_MOCK_CLIENT.clientId,
      privateKey: createPrivateKey(devClientKeyPair().privateKeyPem),
      tokenUrl: `${mock.url}/oauth2/token`,
      timeoutMs: 2_000,
    });
    const client = new DisnakerClient(t.upstream, tokens);
    journal = new RecordingJournal();
    writes = (timeoutMs = 2_000) =>
      createDisnakerWrites(
        { client, journal, timeoutMs, logger: pino({ level: 'silent' }) },
        testScope(),
      );
  });
  afterEach(async () => {
    close();
    await mock.stop();
  });

  it('records the intent before the office is called, then settles it accepted', async () => {
    let callsAtRecord = -1;
    journal.onRecord = () => (callsAtRecord = mock.calls.get(DISNAKER_ENDPOINTS.apply));
    const key = randomUUID();
    const result = await writes().applyJobSeekerCard(
      application(fixtures.applicantNik),
      key,
      actor,
    );
    expect(callsAtRecord).toBe(0);
    expect(journal.events.map((e) => e.kind)).toEqual(['record', 'settle']);
    expect(journal.events[1]).toMatchObject({
      intent: { operation: 'applyJobSeekerCard', idempotencyKey: key, actor },
      outcome: { kind: 'accepted', reference: result.applicationNumber },
    });
    // The journal names an operation, a key and an outcome: never the applicant.
    expect(JSON.stringify(journal.events)).not.toContain(fixtures.applicantNik);
  });

  it('sends nothing when the journal cannot record', async () => {
    journal.failRecord = true;
    await expect(
      writes().applyJobSeekerCard(application(fixtures.applicantNik), randomUUID(), actor),
    ).rejects.toThrow('ledger down');
    expect(mock.calls.get(DISNAKER_ENDPOINTS.apply)).toBe(0);
  });

  it('an answer that comes too late is an unknown outcome; repeating with the same key makes one application', async () => {
    const key = randomUUID();
    mock.faults.set(DISNAKER_ENDPOINTS.apply, { latencyMs: 600 });
    await expect(
      writes(200).applyJobSeekerCard(application(fixtures.applicantNik), key, actor),
    ).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', extensions: { outcome: 'UNKNOWN' } });
    expect(journal.events[1]).toMatchObject({ outcome: { kind: 'unknown' } });
    expect(mock.calls.get(DISNAKER_ENDPOINTS.apply)).toBe(1);
    // The office did write it, after we stopped waiting.
    await waitFor(
      'the late application at the office',
      () => mock.applicationsOf(fixtures.applicantNik).length === 1,
      3_000,
    );

    mock.faults.clear();
    const again = await writes().applyJobSeekerCard(application(fixtures.applicantNik), key, actor);
    expect(mock.applicationsOf(fixtures.applicantNik)).toHaveLength(1);
    expect(again.applicationNumber).toBe(
      mock.applicationsOf(fixtures.applicantNik)[0]!.nomorPermohonan,
    );
    expect(mock.calls.get(DISNAKER_ENDPOINTS.apply)).toBe(2);
  });

  it("settles a refusal with the office's code and gives the officer a typed error", async () => {
    const expired = cardsByNik.get(fixtures.expiredNik)!.nomorAk1;
    await expect(
      writes().reportJobSeekerStatus(expired, 'EMPLOYED', randomUUID(), actor),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { argument: 'cardNumber' } });
    expect(journal.events[1]).toMatchObject({
      outcome: { kind: 'refused', code: 'KARTU_KEDALUWARSA' },
    });
  });
});
