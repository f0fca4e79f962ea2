/**
 * Credentials the mock agencies accept, and that `npm start` and the tests hand to the
 * connectors. Production credentials come only from configuration (never these).
 */
export { MOCK_CREDENTIALS } from '../src/config/dev-values';
