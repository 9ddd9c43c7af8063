import { EntityManager } from 'typeorm';
import { fromDateRange } from './dates';
import { applyVersion, ASSIGNMENTS, ORG_UNIT_VERSIONS } from './effectiveDated';
import { AssignmentVersion, IsoDate, OrgUnitVersion, Sql, TeamNode, WriteOutcome } from './types';

/**
 * The versioned org chart (SPEC §2): effective-dated versions of teams and
 * assignments, and the questions asked of them as of a date.
 *
 * Writes apply the correction rule: a version written later wins, and every
 * stored version it overlaps is cut back so the two no longer overlap (an
 * earlier-starting one is closed the day before the new one starts; one the new
 * version covers entirely is removed; the part of one that reaches past the new
 * version's end is kept). The exclusion constraints make any other outcome
 * impossible.
 */

interface AssignmentRow {
  employee_id: string;
  org_unit_id: string;
  role: AssignmentVersion['role'];
  manager_id: string | null;
  site: string | null;
  valid: string;
}

function toAssignment(r: AssignmentRow): AssignmentVersion {
  const { from, to } = fromDateRange(r.valid);
  return {
    employeeId: r.employee_id,
    orgUnitId: r.org_unit_id,
    role: r.role,
    managerId: r.manager_id,
    site: r.site,
    effectiveFrom: from,
    effectiveTo: to,
  };
}

interface TeamRow {
  id: string;
  name: string;
  parent_id: string | null;
  depth: number;
  valid: string;
}

function toTeam(r: TeamRow): TeamNode {
  const { from, to } = fromDateRange(r.valid);
  return { id: r.id, name: r.name, parentId: r.parent_id, depth: Number(r.depth), effectiveFrom: from, effectiveTo: to };
}

/**
 * Teams in force on `$1`, each with its depth. A team whose parent has no version
 * in force that day is shown as a root rather than hidden.
 */
const TREE_AS_OF = `
  WITH RECURSIVE live AS (
    SELECT org_unit_id, name, parent_id, valid FROM org_unit_version WHERE valid @> $1::date
  ), tree AS (
    SELECT l.org_unit_id AS id, l.name, l.parent_id, 1 AS depth, ARRAY[l.org_unit_id] AS path, l.valid
      FROM live l
     WHERE l.parent_id IS NULL OR NOT EXISTS (SELECT 1 FROM live p WHERE p.org_unit_id = l.parent_id)
    UNION ALL
    SELECT c.org_unit_id, c.name, c.parent_id, t.depth + 1, t.path || c.org_unit_id, c.valid
      FROM tree t JOIN live c ON c.parent_id = t.id
     WHERE NOT c.org_unit_id = ANY (t.path)
  )`;

/** `root` (the team a query names, from `rootSql`) and `sub`: its subtree on `$2`, walking down once. */
const SUBTREE_OF = (rootSql: string) => `
  WITH RECURSIVE root AS (${rootSql}), sub AS (
    SELECT v.org_unit_id AS id, ARRAY[v.org_unit_id] AS path
      FROM org_unit_version v JOIN root r ON v.org_unit_id = r.org_unit_id WHERE v.valid @> $2::date
    UNION ALL
    SELECT c.org_unit_id, s.path || c.org_unit_id
      FROM sub s JOIN org_unit_version c ON c.parent_id = s.id AND c.valid @> $2::date
     WHERE NOT c.org_unit_id = ANY (s.path)
  )`;
/** The sorted ids of the employees assigned on `$2` to a team of `sub`. */
const SUBTREE_MEMBERS = `ARRAY(SELECT DISTINCT a.employee_id FROM assignment a JOIN sub ON a.org_unit_id = sub.id WHERE a.valid @> $2::date ORDER BY 1)`;

const ASSIGNMENT_COLS = `employee_id, org_unit_id, role, manager_id, site, valid::text AS valid`;

export class OrgChart {
  constructor(private readonly sql: Sql) {}

  // ---- writes ---------------------------------------------------------------

  /** Writes one team version with the correction rule. Runs in its own (sub)transaction. */
  async applyOrgUnitVersion(em: EntityManager, v: OrgUnitVersion, runId: string | null = null): Promise<WriteOutcome> {
    for (const id of [v.orgUnitId, v.parentId]) {
      if (id !== null) await em.query(`INSERT INTO org_unit (id) VALUES ($1) ON CONFLICT DO NOTHING`, [id]);
    }
    return applyVersion(em, ORG_UNIT_VERSIONS, [v.orgUnitId], [v.name, v.parentId], v.effectiveFrom, v.effectiveTo, runId);
  }

  /** Writes one assignment version with the correction rule. The employee must exist. */
  async applyAssignmentVersion(em: EntityManager, v: AssignmentVersion, runId: string | null = null): Promise<WriteOutcome> {
    await em.query(`INSERT INTO org_unit (id) VALUES ($1) ON CONFLICT DO NOTHING`, [v.orgUnitId]);
    return applyVersion(em, ASSIGNMENTS, [v.employeeId], [v.orgUnitId, v.role, v.managerId, v.site], v.effectiveFrom, v.effectiveTo, runId);
  }

  // ---- the tree as of a date ---------------------------------------------------

  /** Every team in force on `date`, parents before children, with depth (roots are 1). */
  async treeAsOf(date: IsoDate): Promise<TeamNode[]> {
    const rows: TeamRow[] = await this.sql.query(
      `${TREE_AS_OF} SELECT id, name, parent_id, depth, valid::text AS valid FROM tree ORDER BY path`,
      [date],
    );
    return rows.map(toTeam);
  }

  async rootsAsOf(date: IsoDate): Promise<TeamNode[]> {
    return (await this.treeAsOf(date)).filter((t) => t.depth === 1);
  }

  /** The given teams as they stand on `date` (missing ids: not in force that day). */
  async teamsAsOf(ids: readonly string[], date: IsoDate): Promise<TeamNode[]> {
    const rows: TeamRow[] = await this.sql.query(
      `SELECT v.org_unit_id AS id, v.name, v.parent_id, coalesce(array_length(org_unit_path(v.org_unit_id, $2::date), 1), 1) AS depth,
              v.valid::text AS valid
         FROM org_unit_version v WHERE v.org_unit_id = ANY ($1) AND v.valid @> $2::date`,
      [ids, date],
    );
    return rows.map(toTeam);
  }

  async teamAsOf(id: string, date: IsoDate): Promise<TeamNode | null> {
    return (await this.teamsAsOf([id], date))[0] ?? null;
  }

  /** Children, on `date`, of each of the given teams (one query for any number of parents). */
  async childrenOf(parentIds: readonly string[], date: IsoDate): Promise<Map<string, TeamNode[]>> {
    const rows: TeamRow[] = await this.sql.query(
      `SELECT v.org_unit_id AS id, v.name, v.parent_id, 0 AS depth, v.valid::text AS valid
         FROM org_unit_version v WHERE v.parent_id = ANY ($1) AND v.valid @> $2::date
        ORDER BY v.name, v.org_unit_id`,
      [parentIds, date],
    );
    const out = new Map<string, TeamNode[]>(parentIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.parent_id!)!.push(toTeam(r));
    return out;
  }

  /** Ancestors of a team on `date`, root first, the team itself excluded. */
  async ancestorsOf(teamId: string, date: IsoDate): Promise<TeamNode[]> {
    const [row] = await this.sql.query(`SELECT org_unit_path($1, $2::date) AS path`, [teamId, date]);
    const path: string[] = row?.path ?? [];
    const teams = await this.teamsAsOf(path.slice(0, -1), date);
    const byId = new Map(teams.map((t) => [t.id, t]));
    return path.slice(0, -1).map((id) => byId.get(id)!);
  }

  /** The subtree under a team on `date`, the team itself first. */
  async descendantsOf(teamId: string, date: IsoDate, includeSelf = true): Promise<TeamNode[]> {
    const rows: TeamRow[] = await this.sql.query(
      `WITH RECURSIVE sub AS (
         SELECT org_unit_id AS id, name, parent_id, 0 AS rel, ARRAY[org_unit_id] AS path, valid
           FROM org_unit_version WHERE org_unit_id = $1 AND valid @> $2::date
         UNION ALL
         SELECT c.org_unit_id, c.name, c.parent_id, s.rel + 1, s.path || c.org_unit_id, c.valid
           FROM sub s JOIN org_unit_version c ON c.parent_id = s.id AND c.valid @> $2::date
          WHERE NOT c.org_unit_id = ANY (s.path)
       )
       SELECT s.id, s.name, s.parent_id, coalesce(array_length(org_unit_path(s.id, $2::date), 1), 1) AS depth, s.valid::text AS valid
         FROM sub s ORDER BY s.path`,
      [teamId, date],
    );
    const teams = rows.map(toTeam);
    return includeSelf ? teams : teams.slice(1);
  }

  // ---- assignments ---------------------------------------------------------------

  /** The assignment of an employee in force on `date`, or null. */
  async assignmentOn(employeeId: string, date: IsoDate): Promise<AssignmentVersion | null> {
    const rows: AssignmentRow[] = await this.sql.query(
      `SELECT ${ASSIGNMENT_COLS} FROM assignment WHERE employee_id = $1 AND valid @> $2::date`,
      [employeeId, date],
    );
    return rows[0] ? toAssignment(rows[0]) : null;
  }

  /** An employee's latest assignment (for a leaver, the last one). */
  async latestAssignment(employeeId: string): Promise<AssignmentVersion | null> {
    const rows: AssignmentRow[] = await this.sql.query(
      `SELECT ${ASSIGNMENT_COLS} FROM assignment WHERE employee_id = $1 ORDER BY lower(valid) DESC LIMIT 1`,
      [employeeId],
    );
    return rows[0] ? toAssignment(rows[0]) : null;
  }

  /** Full assignment history of each employee, oldest first (one query for many). */
  async assignmentHistories(employeeIds: readonly string[]): Promise<Map<string, AssignmentVersion[]>> {
    const rows: AssignmentRow[] = await this.sql.query(
      `SELECT ${ASSIGNMENT_COLS} FROM assignment WHERE employee_id = ANY ($1) ORDER BY employee_id, lower(valid)`,
      [employeeIds],
    );
    const out = new Map<string, AssignmentVersion[]>(employeeIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.employee_id)!.push(toAssignment(r));
    return out;
  }

  /** Assignments in force on `date` directly in each of the given teams. */
  async membersOf(teamIds: readonly string[], date: IsoDate): Promise<Map<string, AssignmentVersion[]>> {
    const rows: AssignmentRow[] = await this.sql.query(
      `SELECT ${ASSIGNMENT_COLS} FROM assignment WHERE org_unit_id = ANY ($1) AND valid @> $2::date ORDER BY employee_id`,
      [teamIds, date],
    );
    const out = new Map<string, AssignmentVersion[]>(teamIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.org_unit_id)!.push(toAssignment(r));
    return out;
  }

  /** Employees assigned, on `date`, anywhere in the subtree under `teamId` (the team included). */
  async subtreeMembers(teamId: string, date: IsoDate): Promise<AssignmentVersion[]> {
    const rows: AssignmentRow[] = await this.sql.query(
      `SELECT ${ASSIGNMENT_COLS} FROM assignment a
        WHERE a.valid @> $2::date AND $1 = ANY (org_unit_path(a.org_unit_id, $2::date))
        ORDER BY a.employee_id`,
      [teamId, date],
    );
    return rows.map(toAssignment);
  }

  /**
   * Ids of the employees assigned, on `date`, anywhere in the subtree under
   * `teamId` (the team included), sorted. Walks down from the team once, so it
   * costs the subtree's size rather than one tree walk per assignment.
   */
  async subtreeEmployeeIds(teamId: string, date: IsoDate): Promise<string[]> {
    const [row] = await this.sql.query(`${SUBTREE_OF('SELECT $1::text AS org_unit_id')} SELECT ${SUBTREE_MEMBERS} AS employee_ids`, [teamId, date]);
    return row.employee_ids;
  }

  /**
   * An employee's team on `date` and the ids of everyone assigned that day in its
   * subtree (one statement: what an access scope needs per request); null when
   * the employee has no assignment that day.
   */
  async teamSubtreeOf(employeeId: string, date: IsoDate): Promise<{ teamId: string; employeeIds: string[] } | null> {
    const [row] = await this.sql.query(
      `${SUBTREE_OF('SELECT org_unit_id FROM assignment WHERE employee_id = $1 AND valid @> $2::date')}
       SELECT (SELECT org_unit_id FROM root) AS team_id, ${SUBTREE_MEMBERS} AS employee_ids`,
      [employeeId, date],
    );
    return row.team_id === null ? null : { teamId: row.team_id, employeeIds: row.employee_ids };
  }

  /** Whether team `teamId` lies, on `date`, in the subtree under `ancestorId` (itself included). */
  async isTeamInSubtree(teamId: string, ancestorId: string, date: IsoDate): Promise<boolean> {
    if (teamId === ancestorId) return (await this.teamAsOf(teamId, date)) !== null;
    const [row] = await this.sql.query(`SELECT $2 = ANY (org_unit_path($1, $3::date)) AS inside`, [teamId, ancestorId, date]);
    return row?.inside === true;
  }

  /** Whether an employee's assignment on `date` lies in the subtree under `teamId`. */
  async isInSubtree(employeeId: string, teamId: string, date: IsoDate): Promise<boolean> {
    const rows = await this.sql.query(
      `SELECT 1 FROM assignment a
        WHERE a.employee_id = $1 AND a.valid @> $3::date AND $2 = ANY (org_unit_path(a.org_unit_id, $3::date))`,
      [employeeId, teamId, date],
    );
    return rows.length > 0;
  }
}
