import { DataSource } from 'typeorm';
import { IsoDate, Sql } from '../../canonical';
import { Clock } from '../clock';
import { badInput, forbidden, notFound } from '../errors';
import { parseGoalId } from '../goals';
import { Actor, assertCanActOnEmployee, employeeInScopeSql } from '../permissions';
import { changeAudited, createAudited, isUuid } from '../workflow/audited';
import { assertExists, isoDate, text } from '../workflow/checks';
import { actorName, assertMayChange } from '../workflow/subjects';

export type PlanKind = 'development' | 'pip';
export type PlanStatus = 'draft' | 'active' | 'completed' | 'cancelled';
export const PLAN_OUTCOMES = ['met', 'partially_met', 'not_met'] as const;
export type PlanOutcome = (typeof PLAN_OUTCOMES)[number];
export const STEP_STATUSES = ['open', 'done', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface PlanStep {
  id: string;
  position: number;
  title: string;
  description: string;
  dueDate: IsoDate | null;
  ownerId: string | null;
  status: StepStatus;
  completedAt: Date | null;
}

export interface PlanGoal {
  goalId: string;
  metric: string;
  grain: string;
}

/** A development plan or a performance improvement plan (SPEC §6.3): steps, dates, linked goals, status and outcome. */
export interface DevelopmentPlan {
  id: string;
  kind: PlanKind;
  employeeId: string;
  ownerId: string;
  title: string;
  objective: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  status: PlanStatus;
  outcome: PlanOutcome | null;
  outcomeNotes: string;
  steps: PlanStep[];
  goals: PlanGoal[];
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface StepInput {
  title: string;
  description?: string | null;
  dueDate?: IsoDate | null;
  ownerId?: string | null;
}

export interface PlanInput {
  kind: PlanKind;
  employeeId: string;
  /** The manager accountable for it; default the caller. */
  ownerId?: string | null;
  title: string;
  objective?: string | null;
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** Default active. */
  status?: 'draft' | 'active' | null;
  goalIds?: string[] | null;
  steps?: StepInput[] | null;
}

export interface PlanPatch {
  title?: string | null;
  objective?: string | null;
  ownerId?: string | null;
  startsOn?: IsoDate | null;
  endsOn?: IsoDate | null;
  status?: 'draft' | 'active' | null;
  goalIds?: string[] | null;
}

export interface StepPatch {
  title?: string | null;
  description?: string | null;
  dueDate?: IsoDate | null;
  ownerId?: string | null;
  status?: StepStatus | null;
}

/** Plans with their steps and goals, as audited and returned, in the order of `ids` (one statement). */
async function loadPlans(sql: Sql, ids: string[], lock: boolean): Promise<DevelopmentPlan[]> {
  if (!ids.length) return [];
  const rows = await sql.query(
    `SELECT p.*, p.starts_on::text AS starts_on, p.ends_on::text AS ends_on,
            coalesce((SELECT json_agg(json_build_object('id', s.id, 'position', s.position, 'title', s.title, 'description', s.description, 'dueDate', s.due_date,
                                                        'ownerId', s.owner_id, 'status', s.status, 'completedAt', s.completed_at) ORDER BY s.position, s.id)
                        FROM dev_plan_step s WHERE s.plan_id = p.id), '[]') AS steps,
            coalesce((SELECT json_agg(json_build_object('goalId', g.goal_id, 'metric', g.metric, 'grain', g.grain) ORDER BY g.goal_id)
                        FROM dev_plan_goal g WHERE g.plan_id = p.id), '[]') AS goals
       FROM dev_plan p WHERE p.id = ANY ($1::uuid[]) ${lock ? 'FOR UPDATE' : ''}`,
    [ids],
  );
  /* eslint-disable-next-line @typescript-eslint/no-explicit-any */
  const byId = new Map<string, DevelopmentPlan>(rows.map((r: any) => [r.id, {
    id: r.id,
    kind: r.kind,
    employeeId: r.employee_id,
    ownerId: r.owner_id,
    title: r.title,
    objective: r.objective,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    outcome: r.outcome,
    outcomeNotes: r.outcome_notes,
    steps: r.steps.map((s: PlanStep & { completedAt: string | null }) => ({ ...s, completedAt: s.completedAt ? new Date(s.completedAt) : null })),
    goals: r.goals,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  }]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

export async function loadPlan(sql: Sql, id: string, lock: boolean): Promise<DevelopmentPlan> {
  const [plan] = isUuid(id) ? await loadPlans(sql, [id], lock) : [];
  if (!plan) throw notFound(`no development plan ${JSON.stringify(id)}`);
  return plan;
}

const subjectOf = (p: DevelopmentPlan) => ({ subjectEmployeeId: p.employeeId });

/**
 * Checks that each goal id names a stored goal version that concerns the
 * employee on the plan's first day: their own goal, a goal of a team above them,
 * or their role's.
 */
async function checkGoals(sql: Sql, employeeId: string, startsOn: IsoDate, goalIds: string[]): Promise<PlanGoal[]> {
  const out: PlanGoal[] = [];
  for (const [i, id] of goalIds.entries()) {
    const g = parseGoalId(id);
    const rows = await sql.query(
      `SELECT g.grain,
              CASE g.scope_kind WHEN 'employee' THEN g.scope_ref = $4
                                WHEN 'team' THEN g.scope_ref = ANY (coalesce((SELECT org_unit_path(a.org_unit_id, $5::date) FROM assignment a WHERE a.employee_id = $4 AND a.valid @> $5::date), '{}'))
                                ELSE g.scope_ref = (SELECT a.role FROM assignment a WHERE a.employee_id = $4 AND a.valid @> $5::date) END AS concerns
         FROM goal g WHERE g.metric = $1 AND g.scope_kind = $2 AND g.scope_ref = $3 AND lower(g.valid) = $6::date`,
      [g.metric, g.scope.kind, g.scope.ref, employeeId, startsOn, g.from],
    );
    if (!rows.length) throw badInput(`goalIds[${i}]: no goal ${id} (query goals for the ids of the versions in force)`);
    if (rows[0].concerns !== true) throw badInput(`goalIds[${i}]: goal ${id} does not apply to ${employeeId} on ${startsOn}`);
    if (!out.some((o) => o.goalId === id)) out.push({ goalId: id, metric: g.metric, grain: rows[0].grain });
  }
  return out;
}

async function writeGoals(tx: Sql, planId: string, goals: PlanGoal[]): Promise<void> {
  await tx.query(`DELETE FROM dev_plan_goal WHERE plan_id = $1`, [planId]);
  if (goals.length) {
    await tx.query(`INSERT INTO dev_plan_goal (plan_id, goal_id, metric, grain) SELECT $1, x.goal_id, x.metric, x.grain FROM jsonb_to_recordset($2::jsonb) AS x(goal_id text, metric text, grain text)`, [
      planId,
      JSON.stringify(goals.map((g) => ({ goal_id: g.goalId, metric: g.metric, grain: g.grain }))),
    ]);
  }
}

async function insertStep(tx: Sql, planId: string, s: StepInput, field: string): Promise<void> {
  if (s.ownerId) await assertExists(tx, 'employee', s.ownerId, `${field}.ownerId`);
  if (s.dueDate) isoDate(`${field}.dueDate`, s.dueDate);
  await tx.query(
    `INSERT INTO dev_plan_step (plan_id, position, title, description, due_date, owner_id)
     VALUES ($1, coalesce((SELECT max(position) FROM dev_plan_step WHERE plan_id = $1), 0) + 1, $2, $3, $4, $5)`,
    [planId, text(`${field}.title`, s.title, 300), text(`${field}.description`, s.description, 10_000, true), s.dueDate ?? null, s.ownerId ?? null],
  );
}

function checkDates(startsOn: IsoDate, endsOn: IsoDate): void {
  isoDate('startsOn', startsOn);
  isoDate('endsOn', endsOn);
  if (endsOn < startsOn) throw badInput(`endsOn: on or after startsOn ${startsOn} (got ${endsOn})`);
}

/** Opens a plan for an employee in the caller's subtree, with its steps and linked goals. Audited. */
export async function createPlan(ds: DataSource, actor: Actor, input: PlanInput, clock: Clock): Promise<DevelopmentPlan> {
  assertMayChange(actor, 'createDevelopmentPlan');
  if (input.kind !== 'development' && input.kind !== 'pip') throw badInput('kind: development or pip');
  checkDates(input.startsOn, input.endsOn);
  const ownerId = input.ownerId ?? actor.principal.employeeId;
  if (!ownerId) throw badInput('ownerId: give one (your token has no employee)');
  return createAudited(ds, actor, 'dev_plan', subjectOf, async (tx) => {
    await assertExists(tx, 'employee', input.employeeId, 'employeeId');
    await assertExists(tx, 'employee', ownerId, 'ownerId');
    await assertCanActOnEmployee(tx, actor, input.employeeId, 'createDevelopmentPlan');
    const goals = await checkGoals(tx, input.employeeId, input.startsOn, input.goalIds ?? []);
    const now = clock();
    const [{ id }] = await tx.query(
      `INSERT INTO dev_plan (kind, employee_id, owner_id, title, objective, starts_on, ends_on, status, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
      [input.kind, input.employeeId, ownerId, text('title', input.title, 300), text('objective', input.objective, 10_000, true), input.startsOn, input.endsOn, input.status ?? 'active', actorName(actor), now],
    );
    await writeGoals(tx, id, goals);
    for (const [i, s] of (input.steps ?? []).entries()) await insertStep(tx, id, s, `steps[${i}]`);
    return loadPlan(tx, id, false);
  });
}

/** A plan changes in one audited transaction: a people manager over the employee (or `stepOwner` for a step's status). */
function changePlan(
  ds: DataSource,
  actor: Actor,
  id: string,
  what: string,
  clock: Clock,
  apply: (tx: Sql, before: DevelopmentPlan) => Promise<void>,
  allow?: (before: DevelopmentPlan) => boolean,
): Promise<DevelopmentPlan> {
  assertMayChange(actor, what);
  return changeAudited(ds, actor, 'dev_plan', subjectOf, {
    load: (tx) => loadPlan(tx, id, true),
    check: async (tx, before) => {
      if (allow?.(before)) return;
      await assertCanActOnEmployee(tx, actor, before.employeeId, what);
    },
    apply: async (tx, before) => {
      await apply(tx, before);
      await tx.query(`UPDATE dev_plan SET updated_at = $2 WHERE id = $1`, [id, clock()]);
      return loadPlan(tx, id, false);
    },
  }) as Promise<DevelopmentPlan>;
}

const open = (p: DevelopmentPlan, id: string) => {
  if (p.status === 'completed' || p.status === 'cancelled') throw badInput(`plan ${id} is ${p.status}: it no longer changes`);
};

export function updatePlan(ds: DataSource, actor: Actor, id: string, patch: PlanPatch, clock: Clock): Promise<DevelopmentPlan> {
  return changePlan(ds, actor, id, 'updateDevelopmentPlan', clock, async (tx, before) => {
    open(before, id);
    const startsOn = patch.startsOn ?? before.startsOn;
    const endsOn = patch.endsOn ?? before.endsOn;
    checkDates(startsOn, endsOn);
    if (patch.ownerId) await assertExists(tx, 'employee', patch.ownerId, 'ownerId');
    if (patch.status && patch.status !== 'draft' && patch.status !== 'active') throw badInput('status: draft or active (close a plan with closeDevelopmentPlan)');
    await tx.query(`UPDATE dev_plan SET title = $2, objective = $3, owner_id = $4, starts_on = $5, ends_on = $6, status = $7, updated_at = $8 WHERE id = $1`, [
      id,
      patch.title ? text('title', patch.title, 300) : before.title,
      patch.objective === undefined || patch.objective === null ? before.objective : text('objective', patch.objective, 10_000, true),
      patch.ownerId ?? before.ownerId,
      startsOn,
      endsOn,
      patch.status ?? before.status,
      clock(),
    ]);
    if (patch.goalIds) await writeGoals(tx, id, await checkGoals(tx, before.employeeId, startsOn, patch.goalIds));
  });
}

/** Ends a plan: completed with an outcome, or cancelled. */
export function closePlan(ds: DataSource, actor: Actor, id: string, input: { status: 'completed' | 'cancelled'; outcome?: PlanOutcome | null; outcomeNotes?: string | null }, clock: Clock): Promise<DevelopmentPlan> {
  return changePlan(ds, actor, id, 'closeDevelopmentPlan', clock, async (tx, before) => {
    open(before, id);
    if (input.status === 'completed' && (!input.outcome || !PLAN_OUTCOMES.includes(input.outcome))) throw badInput(`outcome: a completed plan needs one of ${PLAN_OUTCOMES.join(', ')}`);
    if (input.status === 'cancelled' && input.outcome) throw badInput('outcome: a cancelled plan has none');
    if (input.status !== 'completed' && input.status !== 'cancelled') throw badInput('status: completed or cancelled');
    const now = clock();
    await tx.query(`UPDATE dev_plan SET status = $2, outcome = $3, outcome_notes = $4, closed_at = $5, updated_at = $5 WHERE id = $1`, [
      id,
      input.status,
      input.outcome ?? null,
      text('outcomeNotes', input.outcomeNotes, 10_000, true),
      now,
    ]);
  });
}

export function addPlanStep(ds: DataSource, actor: Actor, planId: string, step: StepInput, clock: Clock): Promise<DevelopmentPlan> {
  return changePlan(ds, actor, planId, 'addPlanStep', clock, async (tx, before) => {
    open(before, planId);
    await insertStep(tx, planId, step, 'step');
  });
}

async function planOfStep(sql: Sql, stepId: string): Promise<string> {
  const rows = isUuid(stepId) ? await sql.query(`SELECT plan_id FROM dev_plan_step WHERE id = $1`, [stepId]) : [];
  if (!rows.length) throw notFound(`no plan step ${JSON.stringify(stepId)}`);
  return rows[0].plan_id;
}

/** Changes a step; its owner may move its status (see below), a people manager over the employee anything. */
export async function updatePlanStep(ds: DataSource, actor: Actor, stepId: string, patch: StepPatch, clock: Clock): Promise<DevelopmentPlan> {
  const planId = await planOfStep(ds, stepId);
  const onlyStatus = Object.entries(patch).every(([k, v]) => k === 'status' || v === undefined || v === null);
  return changePlan(
    ds,
    actor,
    planId,
    'updatePlanStep',
    clock,
    async (tx, before) => {
      open(before, planId);
      const s = before.steps.find((x) => x.id === stepId)!;
      const status = patch.status ?? s.status;
      if (!STEP_STATUSES.includes(status)) throw badInput(`status: one of ${STEP_STATUSES.join(', ')}`);
      if (patch.ownerId) await assertExists(tx, 'employee', patch.ownerId, 'ownerId');
      if (patch.dueDate) isoDate('dueDate', patch.dueDate);
      await tx.query(
        `UPDATE dev_plan_step SET title = $2, description = $3, due_date = $4, owner_id = $5, status = $6,
                completed_at = CASE WHEN $6 = 'done' THEN coalesce(completed_at, $7) END
          WHERE id = $1`,
        [
          stepId,
          patch.title ? text('title', patch.title, 300) : s.title,
          patch.description === undefined || patch.description === null ? s.description : text('description', patch.description, 10_000, true),
          patch.dueDate === undefined ? s.dueDate : patch.dueDate,
          patch.ownerId ?? s.ownerId,
          status,
          clock(),
        ],
      );
    },
    // The step's owner moves its status, when they may see the plan (the employee, or the plan's owner).
    (before) =>
      onlyStatus &&
      [before.employeeId, before.ownerId].includes(actor.principal.employeeId ?? '') &&
      before.steps.some((x) => x.id === stepId && x.ownerId !== null && x.ownerId === actor.principal.employeeId),
  );
}

export async function deletePlanStep(ds: DataSource, actor: Actor, stepId: string, clock: Clock): Promise<DevelopmentPlan> {
  const planId = await planOfStep(ds, stepId);
  return changePlan(ds, actor, planId, 'deletePlanStep', clock, async (tx, before) => {
    open(before, planId);
    await tx.query(`DELETE FROM dev_plan_step WHERE id = $1`, [stepId]);
  });
}

/**
 * Plans whose employee is in the caller's scope (the employee's own included), and
 * those they are accountable for. A PIP is confidential: holding a step of someone
 * else's plan does not open it.
 */
function planVisibleSql(actor: Actor, first: number): { sql: string; params: unknown[] } {
  const s = employeeInScopeSql(actor.scope, 'p.employee_id', first + 1);
  return { sql: `(${s.sql} OR p.owner_id = $${first})`, params: [actor.principal.employeeId, ...s.params] };
}

export async function listPlans(sql: Sql, actor: Actor, f: { employeeId?: string | null; kind?: PlanKind | null; status?: PlanStatus | null; limit?: number }): Promise<DevelopmentPlan[]> {
  const v = planVisibleSql(actor, 5);
  const rows = await sql.query(
    `SELECT p.id FROM dev_plan p
      WHERE ($1::text IS NULL OR p.employee_id = $1) AND ($2::text IS NULL OR p.kind = $2) AND ($3::text IS NULL OR p.status = $3) AND ${v.sql}
      ORDER BY p.starts_on DESC, p.id LIMIT $4`,
    [f.employeeId ?? null, f.kind ?? null, f.status ?? null, f.limit ?? 100, ...v.params],
  );
  return loadPlans(sql, rows.map((r: { id: string }) => r.id), false);
}

export async function getPlan(sql: Sql, actor: Actor, id: string): Promise<DevelopmentPlan> {
  const plan = await loadPlan(sql, id, false);
  const v = planVisibleSql(actor, 2);
  if (!(await sql.query(`SELECT 1 FROM dev_plan p WHERE p.id = $1 AND ${v.sql}`, [id, ...v.params])).length) throw forbidden(`development plan ${id} is about an employee outside what you may see`);
  return plan;
}
