import { connectorEnv, type MockModule } from '../core/module';
import { MOCK_CREDENTIALS } from '../credentials';
import { createPdamMock } from './server';

export { createPdamMock } from './server';

/** Registration for `startMocks` (mocks/index.ts): the factory and the settings it implies. */
export const pdamMock: MockModule<'pdam'> = {
  key: 'pdam',
  create: (dataset, options) => createPdamMock(dataset, options),
  devEnv: (agency) => connectorEnv('PDAM', agency.url, MOCK_CREDENTIALS['pdam']),
};
