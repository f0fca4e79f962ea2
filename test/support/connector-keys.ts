import { registry } from '../../src/connectors/registry';

/** Every registered connector's key: what the entry point passes to the security config. */
export const CONNECTOR_KEYS: readonly string[] = registry.map((d) => d.key);
