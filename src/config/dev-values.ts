/** The development client's API key that `npm start` prints (never accepted in production). */
export const DEV_API_KEY = 'mpp-dev-key-langsa-0001';

/**
 * Outside production a fixed, public audit HMAC key keeps subject trails findable across
 * restarts of a development gateway; production must configure its own secret.
 */
export const DEV_AUDIT_HMAC = 'mpp-gateway-development-audit-hmac-not-a-secret';

/** The same for the audit record MAC key (AUDIT_MAC_KEY). */
export const DEV_AUDIT_MAC = 'mpp-gateway-development-audit-mac-not-a-secret';

/**
 * The development ID_SECRET: fixed (not random per process) because ids must stay the same
 * across restarts; public, so production refuses it.
 */
export const DEV_ID_SECRET = 'mpp-gateway-development-id-secret-not-a-secret';

/**
 * The Imigrasi mock's key. Kept here rather than imported because its module is the mock
 * server itself, which production must not load; test/integration/config.test.ts checks
 * that every credential the running mocks hand out is refused.
 */
const IMIGRASI_MOCK_API_KEY = 'dev-imigrasi-api-key';

/**
 * The credentials the mock agencies accept (mocks/credentials.ts re-exports them), kept here so
 * that production knows them as published values without loading any mock code.
 */
export const MOCK_CREDENTIALS = {
  dukcapil: {
    consumer: 'MPPLANGSA',
    userId: 'mpp_langsa',
    password: 'dev-dukcapil-pass',
    ipUser: '127.0.0.1',
  },
  bpkd: { username: 'mpp_langsa', password: 'dev-bpkd-pass' },
  pdam: { apiKey: 'dev-pdam-api-key-0001' },
  'bpjs-kesehatan': { consId: '77987', secretKey: 'dev-bpjs-secret', userKey: 'dev-bpjs-user-key' },
  'bpjs-ketenagakerjaan': { clientId: 'mpp-langsa', clientSecret: 'dev-bpjstk-secret' },
  'bea-cukai': { username: 'mpp_langsa', password: 'dev-ceisa-pass' },
} as const;

/**
 * Values that are published in this repository and so are no secret anywhere: a production
 * start refuses any secret setting equal to one of them.
 */
export const KNOWN_DEV_SECRETS: ReadonlySet<string> = new Set([
  DEV_API_KEY,
  DEV_AUDIT_HMAC,
  DEV_AUDIT_MAC,
  DEV_ID_SECRET,
  IMIGRASI_MOCK_API_KEY,
  MOCK_CREDENTIALS.dukcapil.password,
  MOCK_CREDENTIALS.bpkd.password,
  MOCK_CREDENTIALS.pdam.apiKey,
  MOCK_CREDENTIALS['bpjs-kesehatan'].secretKey,
  MOCK_CREDENTIALS['bpjs-kesehatan'].userKey,
  MOCK_CREDENTIALS['bpjs-ketenagakerjaan'].clientSecret,
  MOCK_CREDENTIALS['bea-cukai'].password,
]);
