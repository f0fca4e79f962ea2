import type { ConnectorDefinition } from '../connectors/core/types';
import { registry, type ConnectorKey } from '../connectors/registry';
import type { Resolvers } from '../generated/graphql';
import { loadTypeDefs } from '../schema';
import { beaCukaiResolvers } from './bea-cukai';
import { bpjsKesehatanResolvers } from './bpjs-kesehatan';
import { bpjsKetenagakerjaanResolvers } from './bpjs-ketenagakerjaan';
import { bpkdResolvers } from './bpkd';
import { disnakerResolvers } from './disnaker';
import { dukcapilResolvers } from './dukcapil';
import { imigrasiResolvers } from './imigrasi';
import { pdamResolvers } from './pdam';

/**
 * One agency as the gateway serves it: the connector (what the agency speaks), the SDL module
 * (`src/schema/<key>.graphql`) and its resolvers (what front ends see). This is the composition
 * root of the API: connectors know nothing of the API built over them.
 */
export interface AgencyModule {
  connector: ConnectorDefinition;
  typeDefs: string;
  resolvers: Resolvers;
}

/**
 * Resolvers by agency key. A `Record` over the registry's keys, so a connector registered
 * without its resolvers (or resolvers for an unknown key) fails the typecheck.
 */
const RESOLVERS: Record<ConnectorKey, Resolvers> = {
  dukcapil: dukcapilResolvers,
  bpkd: bpkdResolvers,
  pdam: pdamResolvers,
  'bpjs-kesehatan': bpjsKesehatanResolvers,
  'bpjs-ketenagakerjaan': bpjsKetenagakerjaanResolvers,
  imigrasi: imigrasiResolvers,
  'bea-cukai': beaCukaiResolvers,
  disnaker: disnakerResolvers,
};

/** Every agency module, in registry order. The SDL files are read once, here. */
export const agencyModules: readonly AgencyModule[] = registry.map((connector) => ({
  connector,
  typeDefs: loadTypeDefs(connector.key),
  resolvers: RESOLVERS[connector.key],
}));
