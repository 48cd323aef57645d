export { createRecruitmentService, serviceModule, typeDefs } from './service';
export type { RecruitmentService } from './service';
export { readEnvironment } from './environment';
export type { Environment } from './environment';
