export { createGateway } from './gateway';
export type { Gateway } from './gateway';
export { readEnvironment } from './environment';
export type { Environment } from './environment';
export { composeSupergraph, SUPERGRAPH_PATH } from './compose';
export { SUBGRAPHS, overrideVariable, timeoutVariable } from './subgraphs';
export type { Subgraph } from './subgraphs';
export { createAuthenticator } from './authentication';
export type { Authenticator, Caller } from './authentication';
