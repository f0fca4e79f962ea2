import { connectorEnv, type MockModule } from '../core/module';
import { MOCK_CREDENTIALS } from '../credentials';
import { createBpkdMock } from './server';

export { createBpkdMock } from './server';

/** Registration for `startMocks` (mocks/index.ts): the factory and the settings it implies. */
export const bpkdMock: MockModule<'bpkd'> = {
  key: 'bpkd',
  create: (dataset, options) => createBpkdMock(dataset, options),
  devEnv: (agency) => connectorEnv('BPKD', agency.url, MOCK_CREDENTIALS['bpkd']),
};
