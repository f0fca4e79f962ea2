import { connectorEnv, type MockModule } from '../core/module';
import { MOCK_CREDENTIALS } from '../credentials';
import { createDukcapilMock } from './server';

export { createDukcapilMock } from './server';

/** Registration for `startMocks` (mocks/index.ts): the factory and the settings it implies. */
export const dukcapilMock: MockModule<'dukcapil'> = {
  key: 'dukcapil',
  create: (dataset, options) => createDukcapilMock(dataset, options),
  devEnv: (agency) => connectorEnv('DUKCAPIL', agency.url, MOCK_CREDENTIALS['dukcapil']),
};
