export { ROLES, SCOPES, ANONYMOUS, hasScope, isRole } from './identity';
export type { Role, Identity } from './identity';
export {
  IDENTITY_HEADER,
  configureIdentityKeys,
  createIdentitySigner,
  createIdentityVerifier,
  identityFromHeaders,
} from './internal-token';
export type { IdentityOptions, IdentitySigner, IdentityVerifier } from './internal-token';
export { AuthenticationError, createClientTokenVerifier, identityOfClaims } from './client-token';
export type { ClientKeys, ClientTokenOptions, ClientTokenVerifier, TokenProblem } from './client-token';
export { createAccess } from './access';
export type { Access, AccessDenial, ObjectScope } from './access';
export { ACCESS_DIRECTIVES_SDL, ACCESS_SPEC_URL, fieldRule } from './directives';
export type { FieldRule } from './directives';
export { ACCESS, accessOf, accessError, applyAccessPolicy } from './policy';
export type { PolicyOptions, PolicySummary, ScopeOf, SensitiveRead } from './policy';
export { guardWrites } from './write-scope';
export type { UnitsActedIn } from './write-scope';
export {
  DEVELOPMENT_IDENTITY_JWKS,
  DEVELOPMENT_IDENTITY_KEY,
  DEVELOPMENT_TOKEN_SECRET,
  isDevelopmentKey,
} from './development-keys';
export { fromGlobalId } from './global-id';
export { issueDevelopmentToken } from './development-token';
export type { DevelopmentTokenRequest } from './development-token';
