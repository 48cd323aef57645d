export { ROLES, SCOPES, ANONYMOUS, IDENTITY_HEADER, identityFromHeaders, hasScope } from './identity';
export type { Role, Identity } from './identity';
