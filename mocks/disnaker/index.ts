import { connectorEnv, type MockModule } from '../core/module';
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
  devEnv: (agency) =>
    connectorEnv('DISNAKER', agency.url, {
      ...DISNAKER_MOCK_CLIENT,
      privateKey: devClientKeyPair().privateKeyPem,
    }),
};
