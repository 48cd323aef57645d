export { createEmulationService, serviceModule, typeDefs } from './service';
export type { EmulationService } from './service';
export { readEnvironment } from './environment';
export type { Environment } from './environment';
