import { IsoDate, OrgChart, Sql } from '../canonical';
import type { EmployeeScope } from '../query/types';
import { AccessError } from './errors';
import { ACTING_ROLES, aRole, reachOf } from './roles';
import { Principal } from './tokens';

export type { EmployeeScope };

/**
 * The rows a caller may see (SPEC §7), decided once per request from the org
 * chart in force `today` (SWITCHBOARD_ORG_TIMEZONE):
 * - agent: their own rows;
 * - supervisor, manager, director: the rows of the employees whose current
 *   assignment lies in the subtree of the caller's current team, themselves
 *   included. A caller with no assignment in force today sees only their own
 *   rows (they lead no team today);
 * - executive, analyst, admin: everything, unattributed facts included;
 * - service: nothing (AccessError).
 *
 * A subtree scope carries its members' ids, so the SQL tests one array
 * parameter instead of walking the tree per row.
 */
export async function resolveScope(sql: Sql, principal: Principal, today: IsoDate): Promise<EmployeeScope> {
  const reach = reachOf(principal.role);
  const team = reach === 'subtree' && principal.employeeId ? await new OrgChart(sql).teamSubtreeOf(principal.employeeId, today) : null;
  return scopeFor(principal, today, team);
}

/**
 * The scope of a caller whose current team subtree is known (`team`: their
 * team today and everyone assigned in its subtree today, or null). Pure: the
 * API resolves the subtree once per request and shares it with the TEAM benchmark.
 */
export function scopeFor(principal: Principal, today: IsoDate, team: { teamId: string; employeeIds: readonly string[] } | null): EmployeeScope {
  const reach = reachOf(principal.role);
  if (reach === 'none') throw new AccessError(`${aRole(principal.role)} token may only push data for ingest; it cannot read anything`);
  if (reach === 'all') return { kind: 'all' };
  const self = principal.employeeId;
  if (!self) throw new AccessError(`${aRole(principal.role)} token needs a sub claim (employee id)`);
  if (reach === 'self' || team === null) return { kind: 'employee', employeeId: self };
  const employeeIds = team.employeeIds.includes(self) ? team.employeeIds : [...team.employeeIds, self].sort();
  return { kind: 'subtree', teamId: team.teamId, asOf: today, employeeIds };
}

/** The team of an employee's assignment in force on `date`, or null. */
export async function currentTeamOf(sql: Sql, employeeId: string, date: IsoDate): Promise<string | null> {
  return (await new OrgChart(sql).assignmentOn(employeeId, date))?.orgUnitId ?? null;
}

/**
 * Whether a scope admits an employee, when that can be told without the
 * database (null: ask canSeeEmployee).
 */
export function scopeAdmits(scope: EmployeeScope, employeeId: string): boolean | null {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'employee') return scope.employeeId === employeeId;
  return scope.employeeIds ? scope.employeeIds.includes(employeeId) : null;
}

/** Whether the scope lets its caller see this employee's rows, email and history. */
export async function canSeeEmployee(sql: Sql, scope: EmployeeScope, employeeId: string): Promise<boolean> {
  const known = scopeAdmits(scope, employeeId);
  if (known !== null) return known;
  const s = scope as Extract<EmployeeScope, { kind: 'subtree' }>;
  return new OrgChart(sql).isInSubtree(employeeId, s.teamId, s.asOf);
}

/**
 * Whether a team is the caller's to manage: inside the scope's subtree on the
 * scope's date (today's tree). Everything for an `all` scope; no team for an
 * employee scope (an agent's own team is theirs to belong to, not to manage).
 */
export async function canSeeTeam(sql: Sql, scope: EmployeeScope, teamId: string): Promise<boolean> {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'employee') return false;
  return new OrgChart(sql).isTeamInSubtree(teamId, scope.teamId, scope.asOf);
}

export async function assertCanSeeEmployee(sql: Sql, scope: EmployeeScope, employeeId: string): Promise<void> {
  if (!(await canSeeEmployee(sql, scope, employeeId))) throw new AccessError(`employee ${employeeId} is outside your scope`);
}

/**
 * For actions (SPEC §6, §7): a supervisor, manager or director acts within their
 * subtree; an executive or admin on anyone. Agents, analysts and service tokens act on nobody.
 */
export async function assertCanActOnEmployee(sql: Sql, principal: Principal, scope: EmployeeScope, employeeId: string): Promise<void> {
  if (!ACTING_ROLES.includes(principal.role)) throw new AccessError(`${aRole(principal.role)} cannot act on employees`);
  if (!(await canSeeEmployee(sql, scope, employeeId))) throw new AccessError(`employee ${employeeId} is outside your scope`);
}

export async function assertCanActOnTeam(sql: Sql, principal: Principal, scope: EmployeeScope, teamId: string): Promise<void> {
  if (!ACTING_ROLES.includes(principal.role)) throw new AccessError(`${aRole(principal.role)} cannot act on teams`);
  if (!(await canSeeTeam(sql, scope, teamId))) throw new AccessError(`team ${teamId} is outside your scope`);
}
