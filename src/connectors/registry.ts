import type { ConnectorDefinition } from './core/types';
import { dukcapil } from './dukcapil';
import { bpkd } from './bpkd';
import { pdam } from './pdam';
import { bpjsKesehatan } from './bpjs-kesehatan';
import { bpjsKetenagakerjaan } from './bpjs-ketenagakerjaan';
import { imigrasi } from './imigrasi';
import { beaCukai } from './bea-cukai';
import { disnaker } from './disnaker';

/**
 * Every connector the gateway knows, in one list. Adding an agency = one line here (and its
 * own folders). Which of these run in a deployment is configuration (`CONNECTORS`).
 */
export const registry = [
  dukcapil,
  bpkd,
  pdam,
  bpjsKesehatan,
  bpjsKetenagakerjaan,
  imigrasi,
  beaCukai,
  disnaker,
] as const;

type Registry = typeof registry;
type LoadersOf<D> = D extends ConnectorDefinition<string, object, infer L> ? L : never;

/**
 * Per-request loaders by agency key. Only Dukcapil (the identity root) is always present;
 * a disabled connector has no loaders and its schema module is not served.
 */
export type Loaders = { [D in Registry[number] as D['key']]: LoadersOf<D> };
export type ConnectorKey = Registry[number]['key'];
