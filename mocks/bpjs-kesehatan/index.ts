import { connectorEnv, type MockModule } from '../core/module';
import { MOCK_CREDENTIALS } from '../credentials';
import { createBpjsKesehatanMock } from './server';

export { createBpjsKesehatanMock } from './server';

/** Registration for `startMocks` (mocks/index.ts): the factory and the settings it implies. */
export const bpjsKesehatanMock: MockModule<'bpjs-kesehatan'> = {
  key: 'bpjs-kesehatan',
  create: (dataset, options) => createBpjsKesehatanMock(dataset, options),
  devEnv: (agency) =>
    connectorEnv('BPJS_KESEHATAN', agency.url, MOCK_CREDENTIALS['bpjs-kesehatan']),
};
