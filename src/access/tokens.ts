import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { createRemoteJWKSet, jwtVerify, SignJWT, JWTPayload } from 'jose';
import { Config } from '../config';
import { ROLES } from '../canonical';

/** Roles a token may carry (SPEC §7): the HR roles plus `admin`. */
export const TOKEN_ROLES = [...ROLES, 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Who is asking: from a verified token. */
export interface Principal {
  /** Employee id (`sub`); null for a service/admin token without one. */
  employeeId: string | null;
  role: TokenRole;
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

export async function mintToken(secret: string, p: { role: TokenRole; employeeId?: string | null; ttlSeconds: number }): Promise<string> {
  const jwt = new SignJWT({ role: p.role }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(`${p.ttlSeconds}s`);
  if (p.employeeId) jwt.setSubject(p.employeeId);
  return jwt.sign(new TextEncoder().encode(secret));
}

function toPrincipal(payload: JWTPayload): Principal {
  const role = payload.role;
  if (typeof role !== 'string' || !(TOKEN_ROLES as readonly string[]).includes(role)) {
    throw new AuthError(`token has no valid role claim (one of ${TOKEN_ROLES.join(', ')})`);
  }
  const employeeId = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
  if (employeeId === null && role !== 'admin' && role !== 'analyst' && role !== 'executive') {
    throw new AuthError(`a ${role} token needs a sub claim (employee id)`);
  }
  return { employeeId, role: role as TokenRole };
}

export type TokenVerifier = (token: string) => Promise<Principal>;

/** Verifies HS256 tokens with the secret, or RS/ES tokens against SWITCHBOARD_JWKS_URL. */
export function createVerifier(config: Config): TokenVerifier {
  const key = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : new TextEncoder().encode(resolveJwtSecret(config));
  return async (token) => {
    try {
      const { payload } = config.jwksUrl
        ? await jwtVerify(token, key as ReturnType<typeof createRemoteJWKSet>)
        : await jwtVerify(token, key as Uint8Array, { algorithms: ['HS256'] });
      return toPrincipal(payload);
    } catch (e) {
      if (e instanceof AuthError) throw e;
      throw new AuthError(`invalid token: ${(e as Error).message}`);
    }
  };
}
