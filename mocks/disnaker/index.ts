import type { MockModule } from '../index';
import { devClientKeyPair } from './keys';
import { createDisnakerMock, DISNAKER_MOCK_CLIENT } from './server';

export { buildDisnakerData, type DisnakerData } from './data';
export { devClientKeyPair, generateClientKeyPair } from './keys';
export {
  createDisnakerMock,
  DISNAKER_ENDPOINTS,
  DISNAKER_MOCK_CLIENT,
  DisnakerMock,
  REJECTIONS,
} from './server';

/** Registration for `startMocks` (mocks/index.ts): the factory and the settings it implies. */
export const disnakerMock: MockModule<'disnaker'> = {
  key: 'disnaker',
  create: (dataset, options) => createDisnakerMock(dataset, options),
  devEnv: (agency) => ({
    DISNAKER_BASE_URL: agency.url,
    DISNAKER_CLIENT_ID: DISNAKER_MOCK_CLIENT.clientId,
    DISNAKER_KEY_ID: DISNAKER_MOCK_CLIENT.keyId,
    DISNAKER_PRIVATE_KEY: devClientKeyPair().privateKeyPem,
  }),
};
