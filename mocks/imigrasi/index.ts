import { connectorEnv, type MockModule } from '../core/module';
import { createImigrasiMock, IMIGRASI_MOCK_CREDENTIALS } from './server';

export { buildImigrasiData, type ImigrasiData } from './data';
export { createImigrasiMock, IMIGRASI_ENDPOINTS, IMIGRASI_MOCK_CREDENTIALS } from './server';

/** Registration for `startMocks` (mocks/index.ts): the factory and the settings it implies. */
export const imigrasiMock: MockModule<'imigrasi'> = {
  key: 'imigrasi',
  create: (dataset, options) => createImigrasiMock(dataset, options),
  devEnv: (agency) => connectorEnv('IMIGRASI', agency.url, IMIGRASI_MOCK_CREDENTIALS),
};
