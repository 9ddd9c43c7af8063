export { TOKEN_ROLES, CLOCK_SKEW_SECONDS, resolveJwtSecret, parseTtl, mintToken, createVerifier, AuthError } from './tokens';
export type { TokenRole, Principal, TokenVerifier } from './tokens';
export { AccessError } from './errors';
export { reachOf, aRole, ACTING_ROLES } from './roles';
export type { Reach } from './roles';
export {
  resolveScope,
  scopeFor,
  currentTeamOf,
  scopeAdmits,
  canSeeEmployee,
  canSeeTeam,
  assertCanSeeEmployee,
  assertCanActOnEmployee,
  assertCanActOnTeam,
} from './scope';
export type { EmployeeScope } from './scope';
export { EMBED_TTL, embedGrantOf, embedTtl, mintEmbedToken, assertCanNarrowTo, embedScope } from './embed';
export type { EmbedGrant } from './embed';
