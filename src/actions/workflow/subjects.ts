import { Sql } from '../../canonical';
import { EmployeeScope } from '../../query';
import { badInput, forbidden } from '../errors';
import { Actor, assertCanActOnEmployee, assertCanActOnTeam, assertCanSeeEmployee, assertCanSeeTeam, assertCenterWide, employeeInScopeSql } from '../permissions';

/**
 * Whose data a row is about: one employee, a team's subtree, or (both null) the
 * whole center. Alert rules and events, and the audit lines they write, carry it.
 */
export interface Subject {
  employeeId: string | null;
  teamId: string | null;
}

/**
 * SQL predicate "the row's subject lies inside `scope`", parameters numbered from
 * `first`: an employee subject by employeeInScopeSql, a team subject when the team
 * lies in the scope's subtree, a center-wide subject only for center-wide scopes.
 * Agents see their own employee rows and no team ones (SPEC §7).
 */
export function subjectInScopeSql(scope: EmployeeScope, employeeCol: string, teamCol: string, first: number): { sql: string; params: unknown[] } {
  if (scope.kind === 'all') return { sql: 'TRUE', params: [] };
  const emp = employeeInScopeSql(scope, employeeCol, first);
  if (scope.kind === 'employee') return { sql: `(${employeeCol} IS NOT NULL AND ${emp.sql})`, params: emp.params };
  const n = first + emp.params.length;
  return {
    sql: `((${employeeCol} IS NOT NULL AND ${emp.sql}) OR (${employeeCol} IS NULL AND ${teamCol} IS NOT NULL AND $${n} = ANY (org_unit_path(${teamCol}, $${n + 1}::date))))`,
    params: [...emp.params, scope.teamId, scope.asOf],
  };
}

/** May the actor act on this subject (a people manager within their subtree; the center needs an executive or admin)? */
export async function assertCanActOnSubject(sql: Sql, actor: Actor, s: Subject, what: string): Promise<void> {
  if (s.employeeId) return assertCanActOnEmployee(sql, actor, s.employeeId, what);
  if (s.teamId) return assertCanActOnTeam(sql, actor, s.teamId, what);
  assertCenterWide(actor, `${what} (it covers the whole center)`);
}

export async function assertCanSeeSubject(sql: Sql, actor: Actor, s: Subject, what: string): Promise<void> {
  if (s.employeeId) return assertCanSeeEmployee(sql, actor, s.employeeId, what);
  if (s.teamId) return assertCanSeeTeam(sql, actor, s.teamId, what);
  if (actor.scope.kind !== 'all') assertCenterWide(actor, `${what} (it covers the whole center)`);
}

/** The actor's name in `created_by` columns: their employee id, else their role. */
export const actorName = (a: Actor): string => a.principal.employeeId ?? a.principal.role;

/** Analysts read everything and change nothing; a token without an employee can do only what needs none. */
export function assertMayChange(actor: Actor, what: string): void {
  if (actor.principal.role === 'analyst') throw forbidden(`${what}: analysts read but change nothing`);
}

/** The actor's own employee id, for actions that are about oneself (own tasks, feedback, acknowledgements). */
export function ownEmployeeId(actor: Actor, what: string): string {
  if (!actor.principal.employeeId) throw badInput(`${what}: your token has no employee (sub)`);
  return actor.principal.employeeId;
}

