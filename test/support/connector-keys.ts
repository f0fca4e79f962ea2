import { registry } from '../../src/connectors/registry';

/** Every registered connector's key and write flag: what the entry point passes to the security config. */
export const CONNECTOR_KEYS: ReadonlyArray<{ key: string; writes?: boolean }> = registry;
