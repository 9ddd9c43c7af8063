import { Principal } from '../access';
import { IsoDate, Sql } from '../canonical';
import { EmployeeScope } from '../query';
import { forbidden } from './errors';

/** Who acts: the verified caller, what they may see (SPEC §7), and today's org-chart date. */
export interface Actor {
  principal: Principal;
  scope: EmployeeScope;
  today: IsoDate;
}

/** Roles that manage people: they act within their subtree (SPEC §7). */
const MANAGING = new Set(['supervisor', 'manager', 'director']);
/** Roles that act on the whole center. Analysts read everything but change nothing. */
const CENTER_WIDE = new Set(['executive', 'admin']);

// An embed token (read-only, perhaps narrowed to a team: src/access/embed.ts) never acts or sees center-wide.
export const actsCenterWide = (a: Actor) => CENTER_WIDE.has(a.principal.role) && !a.principal.embed;
export const managesPeople = (a: Actor) => MANAGING.has(a.principal.role) || actsCenterWide(a);

/**
 * SQL predicate "the employee in `column` is inside `scope`", with its parameters
 * numbered from `first`. The scope is applied in SQL, never after the query.
 */
export function employeeInScopeSql(scope: EmployeeScope, column: string, first: number): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'TRUE', params: [] };
    case 'employee':
      return { sql: `${column} = $${first}`, params: [scope.employeeId] };
    case 'subtree':
      // The members are known (resolved once per request): one array parameter.
      if (scope.employeeIds) return { sql: `${column} = ANY ($${first}::text[])`, params: [scope.employeeIds] };
      return {
        sql: `${column} IN (SELECT s.employee_id FROM assignment s WHERE s.valid @> $${first}::date AND $${first + 1} = ANY (org_unit_path(s.org_unit_id, $${first}::date)))`,
        params: [scope.asOf, scope.teamId],
      };
  }
}

export async function employeeInScope(sql: Sql, scope: EmployeeScope, employeeId: string): Promise<boolean> {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'employee') return scope.employeeId === employeeId;
  if (scope.employeeIds) return scope.employeeIds.includes(employeeId);
  const p = employeeInScopeSql(scope, '$1', 2);
  const rows = await sql.query(`SELECT ${p.sql} AS ok`, [employeeId, ...p.params]);
  return rows[0].ok === true;
}

/** A team lies inside the scope's subtree on the scope's date (an employee scope holds no team). */
export async function teamInScope(sql: Sql, scope: EmployeeScope, teamId: string): Promise<boolean> {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'employee') return false;
  const rows = await sql.query(`SELECT $2 = ANY (org_unit_path($1, $3::date)) AS ok`, [teamId, scope.teamId, scope.asOf]);
  return rows[0].ok === true;
}

/** The caller's own team today (null without an employee or a current assignment). */
export async function currentTeamOf(sql: Sql, employeeId: string | null, today: IsoDate): Promise<{ teamId: string; path: string[] } | null> {
  if (!employeeId) return null;
  const rows = await sql.query(
    `SELECT org_unit_id AS team, org_unit_path(org_unit_id, $2::date) AS path FROM assignment WHERE employee_id = $1 AND valid @> $2::date`,
    [employeeId, today],
  );
  return rows.length ? { teamId: rows[0].team, path: rows[0].path ?? [rows[0].team] } : null;
}

/** May the actor set goals for, coach, recognize or assign work to this employee? */
export async function assertCanActOnEmployee(sql: Sql, a: Actor, employeeId: string, what: string): Promise<void> {
  if (actsCenterWide(a)) return;
  if (MANAGING.has(a.principal.role) && (await employeeInScope(sql, a.scope, employeeId))) return;
  throw forbidden(`${what}: employee ${employeeId} is outside your part of the org chart (a ${a.principal.role} acts within their own team's subtree)`);
}

export async function assertCanActOnTeam(sql: Sql, a: Actor, teamId: string, what: string): Promise<void> {
  if (actsCenterWide(a)) return;
  if (MANAGING.has(a.principal.role) && (await teamInScope(sql, a.scope, teamId))) return;
  throw forbidden(`${what}: team ${teamId} is outside your part of the org chart (a ${a.principal.role} acts within their own team's subtree)`);
}

export function assertCenterWide(a: Actor, what: string): void {
  if (!actsCenterWide(a)) throw forbidden(`${what}: only an executive or an admin may do this (you are ${a.principal.role})`);
}

/** May the actor read this employee's data (their scorecard, badges, points)? */
export async function assertCanSeeEmployee(sql: Sql, a: Actor, employeeId: string, what: string): Promise<void> {
  if (await employeeInScope(sql, a.scope, employeeId)) return;
  throw forbidden(`${what}: employee ${employeeId} is outside what you may see`);
}

export async function assertCanSeeTeam(sql: Sql, a: Actor, teamId: string, what: string): Promise<void> {
  if (await teamInScope(sql, a.scope, teamId)) return;
  throw forbidden(`${what}: team ${teamId} is outside what you may see`);
}
