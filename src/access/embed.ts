import { JWTPayload, SignJWT } from 'jose';
import { IsoDate, OrgChart, Sql } from '../canonical';
import type { EmployeeScope } from '../query/types';
import { AccessError } from './errors';
import { aRole, reachOf } from './roles';
import type { Principal } from './tokens';

/**
 * Embed tokens (issue 13): a short-lived, read-only token for a chart embedded in
 * another app (an iframe, a script tag, a spreadsheet's URL). It carries the
 * identity of the person who minted it (same `sub`, same `role`), marked
 * `embed: true`, and optionally `embed_team`: a team whose subtree (who is in it
 * today) narrows what the token sees. It never sees more than its minter: the
 * scope is the minter's, intersected with that team (src/api/context.ts), and
 * every mutation is refused (src/api/embedReadOnly.ts).
 */
export const EMBED_TTL = { defaultSeconds: 3600, minSeconds: 60, maxSeconds: 24 * 3600 } as const;

/** What an embed token grants beyond its identity: the team it is narrowed to, if any. */
export interface EmbedGrant {
  teamId: string | null;
}

/** A verified token's embed claims that do not hold together. */
export class EmbedClaimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbedClaimError';
  }
}

/**
 * The embed grant of a verified token's claims: undefined for an ordinary token.
 * An embed token must say when it was issued and live at most EMBED_TTL.maxSeconds
 * (plus clock skew), however it was signed.
 */
export function embedGrantOf(payload: JWTPayload, skewSeconds: number): EmbedGrant | undefined {
  if (payload.embed === undefined) return undefined;
  if (payload.embed !== true) throw new EmbedClaimError('the embed claim must be true when present');
  if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number') throw new EmbedClaimError('an embed token needs iat and exp');
  if (payload.exp - payload.iat > EMBED_TTL.maxSeconds + skewSeconds) throw new EmbedClaimError(`an embed token lives at most ${EMBED_TTL.maxSeconds / 3600} h`);
  const team = payload.embed_team;
  if (team !== undefined && (typeof team !== 'string' || team === '')) throw new EmbedClaimError('embed_team must be a team id');
  return { teamId: typeof team === 'string' ? team : null };
}

/** The lifetime asked for, checked against EMBED_TTL (the message names the field and the value). */
export function embedTtl(ttlSeconds: number | null | undefined): number {
  const ttl = ttlSeconds ?? EMBED_TTL.defaultSeconds;
  if (!Number.isInteger(ttl) || ttl < EMBED_TTL.minSeconds || ttl > EMBED_TTL.maxSeconds) {
    throw new RangeError(`ttlSeconds: between ${EMBED_TTL.minSeconds} and ${EMBED_TTL.maxSeconds} (24 h), got ${ttl}`);
  }
  return ttl;
}

/**
 * Signs an embed token for `principal` (the caller: never anyone else) with the
 * server's HS256 secret. The caller's scope must already have been checked to
 * hold `teamId` (assertCanNarrowTo).
 */
export async function mintEmbedToken(
  secret: string,
  principal: Principal,
  o: { ttlSeconds: number; teamId: string | null; issuer?: string; audience?: string },
): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = { role: principal.role, embed: true, ...(o.teamId ? { embed_team: o.teamId } : {}) };
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now).setExpirationTime(now + o.ttlSeconds);
  if (principal.employeeId) jwt.setSubject(principal.employeeId);
  if (o.issuer) jwt.setIssuer(o.issuer);
  if (o.audience) jwt.setAudience(o.audience);
  return { token: await jwt.sign(new TextEncoder().encode(secret)), expiresAt: new Date((now + o.ttlSeconds) * 1000) };
}

/**
 * Whether the caller may narrow an embed token to `teamId`: everyone with a
 * wider view than their own rows may, to a team inside what they see (any team
 * for executives, analysts and admins; a team in their subtree for people
 * managers). An agent's token already sees only their own rows.
 */
export async function assertCanNarrowTo(sql: Sql, principal: Principal, scope: EmployeeScope, teamId: string, today: IsoDate): Promise<void> {
  const org = new OrgChart(sql);
  if (!(await org.teamAsOf(teamId, today))) throw new AccessError(`teamId: no team ${JSON.stringify(teamId)} in today's org chart`);
  if (scope.kind === 'all') return;
  if (scope.kind === 'employee') {
    const who = reachOf(principal.role) === 'self' ? aRole(principal.role) : `${aRole(principal.role)} with no team today`;
    throw new AccessError(`teamId: ${who} sees only their own rows, so their embed token cannot name a team (leave teamId out)`);
  }
  if (!(await org.isTeamInSubtree(teamId, scope.teamId, scope.asOf))) throw new AccessError(`teamId: team ${teamId} is outside your part of the org chart`);
}

/**
 * The scope of a request: the caller's (SPEC §7), narrowed for an embed token to
 * the people in its team's subtree today. The result is never wider than `base`:
 * for a subtree scope it is the intersection of both member lists (empty when the
 * team has since moved out of the caller's subtree); an own-rows scope stays as it is.
 */
export async function embedScope(sql: Sql, principal: Principal, today: IsoDate, base: EmployeeScope): Promise<EmployeeScope> {
  const teamId = principal.embed?.teamId;
  if (!teamId || base.kind === 'employee') return base;
  const org = new OrgChart(sql);
  const members = await org.subtreeEmployeeIds(teamId, today);
  if (base.kind === 'all') return { kind: 'subtree', teamId, asOf: today, employeeIds: members };
  const inside = await org.isTeamInSubtree(teamId, base.teamId, base.asOf);
  const allowed = base.employeeIds ? new Set(base.employeeIds) : null;
  return { kind: 'subtree', teamId, asOf: today, employeeIds: inside ? members.filter((m) => !allowed || allowed.has(m)) : [] };
}
