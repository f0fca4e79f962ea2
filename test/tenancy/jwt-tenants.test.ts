import { CONNECTOR_KEYS } from '../support/connector-keys';
import { authenticate, loadSecurityConfig } from '../../src/security';
import { jwt, SECURITY_ENV } from '../security/support/clients';

/** A token names the MPPs its client works for in `mpp_tenants` (docs/tenancy.md). */
const config = loadSecurityConfig({ ...SECURITY_ENV, NODE_ENV: 'test' }, CONNECTOR_KEYS);

it('reads mpp_tenants as an array or a space-separated string; absent means the default', async () => {
  const asArray = await jwt({ client_id: 'province', mpp_tenants: ['langsa', 'lhokseumawe'] });
  const asString = await jwt({ client_id: 'counter', mpp_tenants: 'lhokseumawe' });
  const none = await jwt({ client_id: 'kiosk' });

  expect((await authenticate({ authorization: `Bearer ${asArray}` }, config)).tenants).toEqual([
    'langsa',
    'lhokseumawe',
  ]);
  expect((await authenticate({ authorization: `Bearer ${asString}` }, config)).tenants).toEqual([
    'lhokseumawe',
  ]);
  expect((await authenticate({ authorization: `Bearer ${none}` }, config)).tenants).toBeUndefined();
});
