import { DataSource } from 'typeorm';
import { applyVersion, fromDateRange, GOALS, isIsoDate, IsoDate, Role, ROLES, Sql } from '../canonical';
import { didYouMean, Manifest } from '../semantic';
import { recordAudit } from './audit';
import { GOAL_GRAINS, GoalGrain } from './buckets';
import { badInput, notFound } from './errors';
import { Actor, assertCanActOnEmployee, assertCanActOnTeam, assertCenterWide, employeeInScopeSql } from './permissions';

/** Whom a goal is for (SPEC §6.1): one employee, every employee in a team's subtree, or a role. */
export type GoalScope = { kind: 'employee'; ref: string } | { kind: 'team'; ref: string } | { kind: 'role'; ref: Role };

export interface GoalInput {
  metric: string;
  scope: GoalScope;
  grain: GoalGrain;
  target: number;
  effectiveFrom: IsoDate;
  effectiveTo?: IsoDate | null;
  weight?: number | null;
  floor?: number | null;
}

/** One stored version of a goal. */
export interface Goal {
  /** Stable while the version exists: metric, scope and first day. */
  id: string;
  metric: string;
  scope: GoalScope;
  grain: GoalGrain;
  target: number;
  weight: number;
  /** As set; null = the SPEC default (0, or 2 × target for lower-is-better metrics). */
  floor: number | null;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  setBy: string | null;
  recordedAt: Date;
}

interface GoalRow {
  metric: string;
  scope_kind: GoalScope['kind'];
  scope_ref: string;
  grain: GoalGrain;
  target: number;
  weight: number;
  floor: number | null;
  valid: string;
  set_by: string | null;
  recorded_at: Date;
}

export const GOAL_COLUMNS = `g.metric, g.scope_kind, g.scope_ref, g.grain, g.target, g.weight, g.floor, g.valid::text AS valid, g.set_by, g.recorded_at`;

export function goalId(metric: string, scope: GoalScope, from: IsoDate): string {
  return [metric, scope.kind, scope.ref, from].map(encodeURIComponent).join(':');
}

export function parseGoalId(id: string): { metric: string; scope: GoalScope; from: IsoDate } {
  const parts = id.split(':').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  if (parts.length !== 4 || !['employee', 'team', 'role'].includes(parts[1]) || !isIsoDate(parts[3])) {
    throw badInput(`goal id ${JSON.stringify(id)} is not a goal id (metric:scope:ref:first-day, as returned by goals)`);
  }
  return { metric: parts[0], scope: { kind: parts[1], ref: parts[2] } as GoalScope, from: parts[3] };
}

export function toGoal(r: GoalRow): Goal {
  const { from, to } = fromDateRange(r.valid);
  const scope = { kind: r.scope_kind, ref: r.scope_ref } as GoalScope;
  return {
    id: goalId(r.metric, scope, from),
    metric: r.metric,
    scope,
    grain: r.grain,
    target: Number(r.target),
    weight: Number(r.weight),
    floor: r.floor === null ? null : Number(r.floor),
    effectiveFrom: from,
    effectiveTo: to,
    setBy: r.set_by,
    recordedAt: r.recorded_at,
  };
}

/**
 * Checks a goal against the catalog before anything is written: the metric
 * exists; the grain is one of SPEC's; the target can be scored (SPEC §6.1 score:
 * (actual − floor) / (target − floor), floor defaulting to 0, or to 2 × target for
 * lower-is-better metrics), so it lies on the right side of its floor; a ratio's
 * target is written as a ratio (0.8, not 80).
 */
export function validateGoalInput(input: GoalInput, manifest: Manifest): void {
  const m = manifest.metrics.get(input.metric);
  if (!m) {
    const s = didYouMean(input.metric, manifest.metrics.keys());
    throw badInput(`metric: unknown metric ${JSON.stringify(input.metric)}${s ? `; did you mean "${s}"?` : ''}`);
  }
  if (!GOAL_GRAINS.includes(input.grain)) throw badInput(`grain: must be one of ${GOAL_GRAINS.join(', ')} (got ${JSON.stringify(input.grain)})`);
  const { target } = input;
  if (!Number.isFinite(target)) throw badInput(`target: must be a number (got ${target})`);
  const lower = m.def.direction === 'lower_is_better';
  const floor = input.floor ?? null;
  if (floor !== null && !Number.isFinite(floor)) throw badInput(`floor: must be a number (got ${floor})`);
  if (lower) {
    if (target <= 0) throw badInput(`target: ${input.metric} is lower-is-better, so its target must be greater than 0 (got ${target})`);
    if (floor !== null && floor <= target) throw badInput(`floor: for lower-is-better ${input.metric} the floor (the worst value that still scores 0) must be above the target ${target} (got ${floor})`);
  } else if (floor !== null) {
    if (floor >= target) throw badInput(`floor: for higher-is-better ${input.metric} the floor must be below the target ${target} (got ${floor})`);
  } else if (target <= 0) {
    throw badInput(`target: ${input.metric} is higher-is-better and scores from a floor of 0, so its target must be greater than 0 (got ${target}); give a floor below the target to allow it`);
  }
  if (m.def.unit === 'ratio' && target > 1) {
    throw badInput(`target: ${input.metric} is a ratio between 0 and 1: write ${target / 100} for ${target}% (got ${target})`);
  }
  if (input.weight !== undefined && input.weight !== null && !(Number.isFinite(input.weight) && input.weight > 0)) {
    throw badInput(`weight: must be greater than 0 (got ${input.weight})`);
  }
  if (!isIsoDate(input.effectiveFrom)) throw badInput(`effectiveFrom: not a date such as 2026-03-01 (got ${JSON.stringify(input.effectiveFrom)})`);
  const to = input.effectiveTo ?? null;
  if (to !== null && (!isIsoDate(to) || to < input.effectiveFrom)) {
    throw badInput(`effectiveTo: must be a date on or after effectiveFrom ${input.effectiveFrom} (got ${JSON.stringify(to)})`);
  }
  if (input.scope.kind === 'role' && !ROLES.includes(input.scope.ref)) throw badInput(`scope.role: must be one of ${ROLES.join(', ')} (got ${JSON.stringify(input.scope.ref)})`);
}

/** Refuses a goal outside the actor's part of the org chart (SPEC §7: a supervisor sets goals within their subtree). */
async function assertCanSetGoalFor(sql: Sql, actor: Actor, scope: GoalScope): Promise<void> {
  if (scope.kind === 'employee') {
    const found = await sql.query(`SELECT 1 FROM employee WHERE id = $1`, [scope.ref]);
    if (!found.length) throw badInput(`scope.employeeId: no employee ${JSON.stringify(scope.ref)}`);
    await assertCanActOnEmployee(sql, actor, scope.ref, 'setGoal');
  } else if (scope.kind === 'team') {
    const found = await sql.query(`SELECT 1 FROM org_unit WHERE id = $1`, [scope.ref]);
    if (!found.length) throw badInput(`scope.teamId: no team ${JSON.stringify(scope.ref)}`);
    await assertCanActOnTeam(sql, actor, scope.ref, 'setGoal');
  } else {
    assertCenterWide(actor, 'setGoal for a whole role');
  }
}

async function versionsOf(sql: Sql, metric: string, scope: GoalScope): Promise<Goal[]> {
  const rows: GoalRow[] = await sql.query(
    `SELECT ${GOAL_COLUMNS} FROM goal g WHERE g.metric = $1 AND g.scope_kind = $2 AND g.scope_ref = $3 ORDER BY lower(g.valid)`,
    [metric, scope.kind, scope.ref],
  );
  return rows.map(toGoal);
}

const subjectOf = (scope: GoalScope) => ({
  subjectEmployeeId: scope.kind === 'employee' ? scope.ref : null,
  subjectTeamId: scope.kind === 'team' ? scope.ref : null,
});

/**
 * Sets a goal from `effectiveFrom` on (SPEC §6.1). A change writes a new version
 * with the correction rule of §2, so earlier targets stay in the history: the
 * version before is closed the day before, one it covers is replaced. Audited.
 */
export async function setGoal(ds: DataSource, manifest: Manifest, actor: Actor, input: GoalInput): Promise<Goal> {
  validateGoalInput(input, manifest);
  await assertCanSetGoalFor(ds, actor, input.scope);
  return ds.transaction(async (em) => {
    // One writer per goal key at a time: the audit's before/after stay exact.
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('goal'), hashtext($1))`, [`${input.metric}|${input.scope.kind}|${input.scope.ref}`]);
    const before = await versionsOf(em, input.metric, input.scope);
    const outcome = await applyVersion(
      em,
      GOALS,
      [input.metric, input.scope.kind, input.scope.ref],
      [input.grain, input.target, input.weight ?? 1, input.floor ?? null],
      input.effectiveFrom,
      input.effectiveTo ?? null,
      null,
      { set_by: actor.principal.employeeId ?? actor.principal.role },
    );
    const after = await versionsOf(em, input.metric, input.scope);
    const written = after.find((g) => g.effectiveFrom === input.effectiveFrom)!;
    if (outcome === 'unchanged' || outcome === 'duplicate') return written; // nothing changed: nothing to record
    await recordAudit(em, actor, {
      entity: 'goal',
      entityId: goalKey(input.metric, input.scope),
      action: before.length ? 'update' : 'create',
      before: before.length ? before : null,
      after,
      ...subjectOf(input.scope),
    });
    return written;
  });
}

/** The audit trail's id for all versions of one goal: metric and scope. */
export const goalKey = (metric: string, scope: GoalScope) => [metric, scope.kind, scope.ref].map(encodeURIComponent).join(':');

/**
 * Ends a goal version: its last day becomes `effectiveTo` (default: today). Ending
 * it before its first day removes the version. Audited, with the history before and after.
 */
export async function endGoal(ds: DataSource, actor: Actor, id: string, effectiveTo?: IsoDate | null): Promise<Goal | null> {
  const { metric, scope, from } = parseGoalId(id);
  await assertCanSetGoalFor(ds, actor, scope);
  const last = effectiveTo ?? actor.today;
  if (!isIsoDate(last)) throw badInput(`effectiveTo: not a date such as 2026-03-01 (got ${JSON.stringify(last)})`);
  return ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('goal'), hashtext($1))`, [`${metric}|${scope.kind}|${scope.ref}`]);
    const before = await versionsOf(em, metric, scope);
    const v = before.find((g) => g.effectiveFrom === from);
    if (!v) throw notFound(`no goal ${id} (it may have been replaced: query goals for its current versions)`);
    const where = `metric = $1 AND scope_kind = $2 AND scope_ref = $3 AND lower(valid) = $4::date`;
    const params = [metric, scope.kind, scope.ref, from];
    if (last < from) await em.query(`DELETE FROM goal WHERE ${where}`, params);
    else if (v.effectiveTo === null || last < v.effectiveTo) await em.query(`UPDATE goal SET valid = daterange(lower(valid), $5::date + 1) WHERE ${where}`, [...params, last]);
    const after = await versionsOf(em, metric, scope);
    await recordAudit(em, actor, {
      entity: 'goal',
      entityId: goalKey(metric, scope),
      action: last < from ? 'delete' : 'update',
      before,
      after: after.length ? after : null,
      ...subjectOf(scope),
    });
    return after.find((g) => g.effectiveFrom === from) ?? null;
  });
}

export interface GoalFilter {
  metric?: string | null;
  employeeId?: string | null;
  teamId?: string | null;
  role?: string | null;
  /** Only versions in force that day. */
  activeOn?: IsoDate | null;
  limit?: number;
}

/**
 * Stored goal versions (their effective-dated history), within what the actor
 * may see: role goals are policies everyone may read; team goals for teams in the
 * actor's subtree or above their own team; employee goals for employees in scope.
 */
export async function listGoals(sql: Sql, actor: Actor, f: GoalFilter): Promise<Goal[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (f.metric) where.push(`g.metric = ${p(f.metric)}`);
  if (f.employeeId) where.push(`g.scope_kind = 'employee' AND g.scope_ref = ${p(f.employeeId)}`);
  if (f.teamId) where.push(`g.scope_kind = 'team' AND g.scope_ref = ${p(f.teamId)}`);
  if (f.role) where.push(`g.scope_kind = 'role' AND g.scope_ref = ${p(f.role)}`);
  if (f.activeOn) where.push(`g.valid @> ${p(f.activeOn)}::date`);
  if (actor.scope.kind !== 'all') {
    const emp = employeeInScopeSql(actor.scope, 'g.scope_ref', params.length + 1);
    params.push(...emp.params);
    const today = p(actor.today);
    const own = p(actor.principal.employeeId);
    const inSubtree = actor.scope.kind === 'subtree' ? `${p(actor.scope.teamId)} = ANY (org_unit_path(g.scope_ref, ${today}::date))` : 'FALSE';
    const aboveOwn = `g.scope_ref = ANY (SELECT unnest(org_unit_path(a.org_unit_id, ${today}::date)) FROM assignment a WHERE a.employee_id = ${own} AND a.valid @> ${today}::date)`;
    where.push(`(g.scope_kind = 'role' OR (g.scope_kind = 'employee' AND ${emp.sql}) OR (g.scope_kind = 'team' AND (${inSubtree} OR ${aboveOwn})))`);
  }
  const rows: GoalRow[] = await sql.query(
    `SELECT ${GOAL_COLUMNS} FROM goal g ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY g.metric, g.scope_kind, g.scope_ref, lower(g.valid) LIMIT ${p(f.limit ?? 500)}`,
    params,
  );
  return rows.map(toGoal);
}

/** The goal that applies to one employee (or team) for one metric on one day. */
export interface AppliedGoal extends Goal {
  /** 0 = the employee's own goal, 1 = their team's, 2 = the parent team's, …; role goals last. */
  precedence: number;
}

const ROLE_PRECEDENCE = 100000;

/**
 * Which goal applies (SPEC §6.1), for many employees and days in one statement:
 * an employee goal, else the goal of the nearest team above them in the tree in
 * force that day, else a goal for their role that day. Keyed `employee|day|metric`.
 */
export async function applicableGoals(sql: Sql, employeeIds: string[], days: IsoDate[], metrics: string[] | null = null): Promise<Map<string, AppliedGoal>> {
  if (!employeeIds.length || !days.length) return new Map();
  const rows: (GoalRow & { subject: string; day: string; precedence: number })[] = await sql.query(
    `WITH ed AS (SELECT e, d FROM unnest($1::text[]) e CROSS JOIN unnest($2::date[]) d),
     asg AS (
       SELECT ed.e, ed.d, a.role, org_unit_path(a.org_unit_id, ed.d) AS path
         FROM ed JOIN assignment a ON a.employee_id = ed.e AND a.valid @> ed.d
     ), cand AS (
       SELECT ed.e, ed.d, g.id, 0 AS precedence
         FROM ed JOIN goal g ON g.scope_kind = 'employee' AND g.scope_ref = ed.e AND g.valid @> ed.d
       UNION ALL
       SELECT s.e, s.d, g.id, 1 + cardinality(s.path) - array_position(s.path, g.scope_ref)
         FROM asg s JOIN goal g ON g.scope_kind = 'team' AND g.scope_ref = ANY (s.path) AND g.valid @> s.d
       UNION ALL
       SELECT s.e, s.d, g.id, ${ROLE_PRECEDENCE}
         FROM asg s JOIN goal g ON g.scope_kind = 'role' AND g.scope_ref = s.role AND g.valid @> s.d
     )
     SELECT DISTINCT ON (c.e, c.d, g.metric) c.e AS subject, c.d::text AS day, c.precedence, ${GOAL_COLUMNS}
       FROM cand c JOIN goal g ON g.id = c.id
      WHERE $3::text[] IS NULL OR g.metric = ANY ($3::text[])
      ORDER BY c.e, c.d, g.metric, c.precedence`,
    [employeeIds, days, metrics],
  );
  return new Map(rows.map((r) => [`${r.subject}|${r.day}|${r.metric}`, { ...toGoal(r), precedence: Number(r.precedence) }]));
}

/** A team's goal on a day: its own team goal, else the nearest ancestor's. Keyed `team|day|metric`. */
export async function applicableTeamGoals(sql: Sql, teamIds: string[], days: IsoDate[], metrics: string[] | null = null): Promise<Map<string, AppliedGoal>> {
  if (!teamIds.length || !days.length) return new Map();
  const rows: (GoalRow & { subject: string; day: string; precedence: number })[] = await sql.query(
    `WITH td AS (SELECT t, d, org_unit_path(t, d) AS path FROM unnest($1::text[]) t CROSS JOIN unnest($2::date[]) d)
     SELECT DISTINCT ON (td.t, td.d, g.metric) td.t AS subject, td.d::text AS day,
            1 + cardinality(td.path) - array_position(td.path, g.scope_ref) AS precedence, ${GOAL_COLUMNS}
       FROM td JOIN goal g ON g.scope_kind = 'team' AND g.scope_ref = ANY (td.path) AND g.valid @> td.d
      WHERE $3::text[] IS NULL OR g.metric = ANY ($3::text[])
      ORDER BY td.t, td.d, g.metric, 1 + cardinality(td.path) - array_position(td.path, g.scope_ref)`,
    [teamIds, days, metrics],
  );
  return new Map(rows.map((r) => [`${r.subject}|${r.day}|${r.metric}`, { ...toGoal(r), precedence: Number(r.precedence) }]));
}

