import { PAYMENT_SCOPE_SOURCE } from '../../src/config';
import { registry } from '../../src/connectors/registry';

/**
 * Every registered connector's key and write flag, and the payments' scope source: what the
 * entry point passes to the security config.
 */
export const CONNECTOR_KEYS: ReadonlyArray<{ key: string; writes?: boolean }> = [
  ...registry,
  PAYMENT_SCOPE_SOURCE,
];
