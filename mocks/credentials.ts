/**
 * Credentials the mock agencies accept, and that `npm start` and the tests hand to the
 * connectors. Production credentials come only from configuration (never these).
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
} as const;
