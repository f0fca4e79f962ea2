import { ConfigError, loadConfig } from '../../src/config';
import { registry } from '../../src/connectors/registry';
import { startTestGateway, type TestGateway } from '../support/gateway';

/**
 * Connectors are switched per deployment with CONNECTORS. A disabled connector's SDL module
 * is not served at all: its types, its root fields and its `extend type Citizen` fields are
 * absent from the schema (not present-but-null), and its agency is never called.
 */
describe('config-driven registration (CONNECTORS)', () => {
  const withoutPdam = registry.map((d) => d.key).filter((k) => k !== 'pdam');
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { CONNECTORS: withoutPdam.join(',') } });
  });
  afterAll(async () => {
    await t.stop();
  });

  const fieldsOf = async (type: string): Promise<string[] | null> => {
    const { body } = await t.gql<{ __type: { fields: Array<{ name: string }> } | null }>(
      'query ($name: String!) { __type(name: $name) { fields { name } } }',
      { name: type },
    );
    return body.data?.__type?.fields.map((f) => f.name) ?? null;
  };

  it('serves no PDAM field or type when pdam is disabled', async () => {
    expect(await fieldsOf('Query')).not.toContain('waterAccount');
    expect(await fieldsOf('Citizen')).not.toContain('waterAccounts');
    expect(await fieldsOf('WaterAccount')).toBeNull();
    // The other agencies' fields are all there.
    expect(await fieldsOf('Query')).toEqual(
      expect.arrayContaining(['citizen', 'taxObject', 'healthInsurance', 'passportApplication']),
    );
    expect(await fieldsOf('Citizen')).toEqual(
      expect.arrayContaining([
        'taxObjects',
        'healthInsurance',
        'employmentInsurance',
        'passportApplications',
      ]),
    );
  });

  it('refuses a query for a disabled agency as invalid, before any agency is called', async () => {
    t.resetCalls();
    const { status, body } = await t.gql(
      'query ($nik: String!) { citizen(nik: $nik) { fullName waterAccounts { customerNumber } } }',
      { nik: t.mocks.dataset.fixtures.arrearsNik },
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(Object.values(t.calls()).every((c) => Object.keys(c).length === 0)).toBe(true);
  });

  it('answers for every enabled agency and never calls the disabled one', async () => {
    t.resetCalls();
    const f = t.mocks.dataset.fixtures;
    const { body } = await t.gql<{ citizen: Record<string, unknown> }>(
      `query ($nik: String!) { citizen(nik: $nik) {
        fullName
        taxObjects { nop }
        healthInsurance { status }
        employmentInsurance { status }
        passportApplications { stage }
      } }`,
      { nik: f.everyServiceHeadNik },
    );
    expect(body.errors).toBeUndefined();
    const citizen = body.data!.citizen;
    expect(citizen['fullName']).toBeTruthy();
    expect(citizen['taxObjects']).toHaveLength(2);
    expect(citizen['healthInsurance']).toEqual({ status: 'ACTIVE' });
    expect(citizen['employmentInsurance']).not.toBeNull();
    expect(citizen['passportApplications']).toEqual([{ stage: 'READY_FOR_PICKUP' }]);
    expect(t.calls().pdam).toEqual({});
  });

  it('lists only enabled connectors on the ops view', async () => {
    const { body } = await t.gql<{ connectors: Array<{ name: string }> }>(
      '{ connectors { name } }',
    );
    expect(body.data?.connectors.map((c) => c.name).sort()).toEqual([...withoutPdam].sort());
  });

  it('refuses to start without dukcapil, the identity root, and names an unknown key', () => {
    const attempt = (connectors: string) => () =>
      loadConfig({ NODE_ENV: 'test', CONNECTORS: connectors }, registry, t.mocks.env);
    expect(attempt('bpkd,pdam')).toThrow(ConfigError);
    expect(attempt('bpkd,pdam')).toThrow(/dukcapil \(the identity root\) cannot be disabled/);
    expect(attempt('dukcapil,pdma')).toThrow(/unknown connector "pdma"/);
  });
});
