export { agencyModules, type AgencyModule } from './agencies';
export { coreResolvers } from './core';
export type { GatewayContext } from './context';
export { nodeResolvers } from './node';
export { paymentsApi } from './payments';
export type { PaymentsAccess } from './context';
