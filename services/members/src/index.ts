export { createMembersService, serviceModule, typeDefs } from './service';
export type { MembersService, ServiceOverrides } from './service';
export { readEnvironment } from './environment';
export type { Environment } from './environment';
export { IMPORT_COLUMNS } from './import/columns';
export { demoPeople } from './demo/people';
export type { DemoPerson } from './demo/people';
