import { connectorEnv, type MockModule } from '../core/module';
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
  devEnv: (agency) => connectorEnv('BEA_CUKAI', agency.url, BEA_CUKAI_MOCK_CREDENTIALS),
};
