import { connectorEnv, type MockModule } from '../core/module';
import { MOCK_CREDENTIALS } from '../credentials';
import { createBpjsKetenagakerjaanMock } from './server';

export { createBpjsKetenagakerjaanMock } from './server';

/** Registration for `startMocks` (mocks/index.ts): the factory and the settings it implies. */
export const bpjsKetenagakerjaanMock: MockModule<'bpjs-ketenagakerjaan'> = {
  key: 'bpjs-ketenagakerjaan',
  create: (dataset, options) => createBpjsKetenagakerjaanMock(dataset, options),
  devEnv: (agency) =>
    connectorEnv('BPJS_KETENAGAKERJAAN', agency.url, MOCK_CREDENTIALS['bpjs-ketenagakerjaan']),
};
