// @dangvien/runtime: what every subgraph service runs on. A service's wiring is its name, its SDL,
// its resolvers and its parts (models, consumers, context); the rest is here, once.
export { createService } from './service';
export type {
  Component,
  Runtime,
  Service,
  ServiceDefinition,
  ServiceModule,
  ServiceOverrides,
  ServiceParts,
} from './service';
export {
  noteSensitiveRead,
  SENSITIVE_READS_COLLECTION,
  serviceIdentity,
  trustsUnsignedIdentity,
} from './access';
export type { RequestIdentity, ServiceAccess } from './access';
export { baseEnvironmentShape, serviceEnvironment, readServiceEnvironment } from './environment';
export type { BaseEnvironment } from './environment';
// Where the gateway takes them from too (it does not load the runtime: no database driver, no Kafka client).
export { runMain, EXIT } from '@dangvien/config';
export type { Runnable } from '@dangvien/config';
export { assessReadiness, LAG_WARNING } from './readiness';
export type { Readiness, ReadinessStatus } from './readiness';
export { loadTypeDefs } from './schema';
export { z } from '@dangvien/config';
