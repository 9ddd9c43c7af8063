import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { createRemoteJWKSet, jwtVerify, SignJWT, JWTPayload } from 'jose';
import { Config } from '../config';
import { ROLES } from '../canonical';
import { aRole } from './roles';
import { EmbedGrant, embedGrantOf } from './embed';

/**
 * Roles a token may carry (SPEC §7): the HR roles, `admin`, and `service` (a
 * machine that may only push data to ingest: it can read nothing through GraphQL).
 */
export const TOKEN_ROLES = [...ROLES, 'service', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Roles whose token may omit `sub`: they do not see data through an employee's place in the org chart. */
const ROLES_WITHOUT_EMPLOYEE: readonly TokenRole[] = ['admin', 'analyst', 'executive', 'service'];

/** Allowance for clocks that disagree about `exp` and `nbf`. */
export const CLOCK_SKEW_SECONDS = 30;

/** Algorithms accepted from an identity provider's JWKS (asymmetric only: no HS*, no `none`). */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Who is asking: from a verified token. */
export interface Principal {
  /** Employee id (`sub`); null for an admin, analyst, executive or service token without one. */
  employeeId: string | null;
  role: TokenRole;
  /** Set for an embed token: read-only, its scope narrowed (src/access/embed.ts). */
  embed?: EmbedGrant;
}

export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

const SECRET_FILE = 'jwt-secret';

/** The HS256 secret: SWITCHBOARD_JWT_SECRET, else one generated once and kept in the data folder. */
export function resolveJwtSecret(config: Config): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, SECRET_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** Parses `1h`, `30m`, `7d`, `3600s` (or a bare number of seconds). */
export function parseTtl(ttl: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(ttl.trim());
  if (!m) throw new AuthError(`invalid --ttl ${JSON.stringify(ttl)}: use e.g. 30m, 1h, 7d`);
  const n = Number(m[1]);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (n <= 0) throw new AuthError(`invalid --ttl ${JSON.stringify(ttl)}: must be positive`);
  return n * unit;
}

/** An HS256 token; with `issuer`/`audience` (SWITCHBOARD_JWT_ISSUER/AUDIENCE) it carries them. */
export async function mintToken(
  secret: string,
  p: { role: TokenRole; employeeId?: string | null; ttlSeconds: number; issuer?: string; audience?: string },
): Promise<string> {
  const jwt = new SignJWT({ role: p.role }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(`${p.ttlSeconds}s`);
  if (p.employeeId) jwt.setSubject(p.employeeId);
  if (p.issuer) jwt.setIssuer(p.issuer);
  if (p.audience) jwt.setAudience(p.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

function toPrincipal(payload: JWTPayload): Principal {
  const role = payload.role;
  if (typeof role !== 'string' || !(TOKEN_ROLES as readonly string[]).includes(role)) {
    throw new AuthError(`token has no valid role claim (one of ${TOKEN_ROLES.join(', ')})`);
  }
  const employeeId = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
  if (employeeId === null && !ROLES_WITHOUT_EMPLOYEE.includes(role as TokenRole)) {
    throw new AuthError(`${aRole(role as TokenRole)} token needs a sub claim (employee id)`);
  }
  const embed = embedGrantOf(payload, CLOCK_SKEW_SECONDS);
  return { employeeId, role: role as TokenRole, ...(embed ? { embed } : {}) };
}

export type TokenVerifier = (token: string) => Promise<Principal>;

/** How many verified tokens a verifier remembers, and for how long at most. */
const VERIFIED_MAX = 10_000;
const VERIFIED_TTL_MS = 5 * 60_000;

/**
 * Verifies HS256 tokens with the secret, or asymmetric tokens against
 * SWITCHBOARD_JWKS_URL with the required issuer and audience. Every token needs
 * `exp`; `exp` and `nbf` are judged with CLOCK_SKEW_SECONDS of allowance.
 */
export function createVerifier(config: Config): TokenVerifier {
  const checks = {
    requiredClaims: ['exp'],
    clockTolerance: CLOCK_SKEW_SECONDS,
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  };
  if (config.jwksUrl && (!config.jwtIssuer || !config.jwtAudience)) {
    throw new AuthError('a JWKS needs SWITCHBOARD_JWT_ISSUER and SWITCHBOARD_JWT_AUDIENCE: without them any token the provider signs would do');
  }
  const jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : null;
  const secret = jwks ? null : new TextEncoder().encode(resolveJwtSecret(config));
  // Tokens verified lately: a wallboard or dashboard sends the same token with every
  // request, and a signature check costs more than the rest of the request's set-up.
  // An entry lasts until the token's `exp` (with the skew allowance) and at most
  // VERIFIED_TTL_MS; the principal (and an embed grant's own expiry) is derived anew
  // on every use.
  const verified = new Map<string, { payload: JWTPayload; until: number }>();
  return async (token) => {
    try {
      const now = Date.now();
      const hit = verified.get(token);
      if (hit && hit.until > now) return toPrincipal(hit.payload);
      if (hit) verified.delete(token);
      const { payload } = jwks
        ? await jwtVerify(token, jwks, { ...checks, algorithms: JWKS_ALGORITHMS })
        : await jwtVerify(token, secret!, { ...checks, algorithms: ['HS256'] });
      const principal = toPrincipal(payload);
      if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
      verified.set(token, { payload, until: Math.min((payload.exp! + CLOCK_SKEW_SECONDS) * 1000, now + VERIFIED_TTL_MS) });
      return principal;
    } catch (e) {
      if (e instanceof AuthError) throw e;
      throw new AuthError(`invalid token: ${(e as Error).message}`);
    }
  };
}
