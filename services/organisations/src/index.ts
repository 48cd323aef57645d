export { createOrganisationsService, serviceModule, typeDefs } from './service';
export type { OrganisationsService, ServiceOverrides } from './service';
export { readEnvironment } from './environment';
export type { Environment } from './environment';
