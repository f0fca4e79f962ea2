import type { MockModule } from '../index';
import { BEA_CUKAI_MOCK_CREDENTIALS, createBeaCukaiMock } from './server';

export { buildBeaCukaiData, dutiesOf, STATUS, type BeaCukaiData } from './data';
export {
  ACCESS_TOKEN_SECONDS,
  BEA_CUKAI_ENDPOINTS,
  BEA_CUKAI_MOCK_CREDENTIALS,
  BeaCukaiMock,
  createBeaCukaiMock,
} from './server';

/** Registration for `startMocks` (mocks/index.ts): the factory and the settings it implies. */
export const beaCukaiMock: MockModule<'bea-cukai'> = {
  key: 'bea-cukai',
  create: (dataset, options) => createBeaCukaiMock(dataset, options),
  devEnv: (agency) => ({
    BEA_CUKAI_BASE_URL: agency.url,
    BEA_CUKAI_USERNAME: BEA_CUKAI_MOCK_CREDENTIALS.username,
    BEA_CUKAI_PASSWORD: BEA_CUKAI_MOCK_CREDENTIALS.password,
  }),
};
