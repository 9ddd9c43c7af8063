export { TOKEN_ROLES, resolveJwtSecret, parseTtl, mintToken, createVerifier, AuthError } from './tokens';
export type { TokenRole, Principal, TokenVerifier } from './tokens';
