import type { Dataset } from '../data/dataset';
import type { MockAgency } from './server';

/**
 * One mock agency as `startMocks` runs it: how to build it over the data set, and the
 * settings (environment names → values) that point its connector at it. Every mock folder's
 * `index.ts` exports one of these; registering it is one entry in `MOCKS` (mocks/index.ts).
 */
export interface MockModule<K extends string = string> {
  /** The agency key, the same as its connector's. */
  key: K;
  create(dataset: Dataset, options: { port?: number }): MockAgency;
  /** `<PREFIX>_BASE_URL` and the credentials the mock accepts, for the running `agency`. */
  devEnv(agency: MockAgency): Record<string, string>;
}

const toSnake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * The settings of a connector pointed at `url` with `credentials`, named the way the config
 * reads them (`<PREFIX>_BASE_URL`, `<PREFIX>_<SNAKE_CASE_KEY>` for each camelCase key), so a
 * mock's development environment is derived from its credentials, never retyped.
 */
export function connectorEnv(
  envPrefix: string,
  url: string,
  credentials: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = { [`${envPrefix}_BASE_URL`]: url };
  for (const [key, value] of Object.entries(credentials))
    env[`${envPrefix}_${toSnake(key)}`] = value;
  return env;
}
