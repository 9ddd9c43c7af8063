import { DataSource } from 'typeorm';
import { IsoDate, Sql } from '../../canonical';
import { Manifest } from '../../semantic';
import { getAlertEvent } from '../alerts/events';
import { Clock } from '../clock';
import { badInput, forbidden, notFound } from '../errors';
import { Actor, actsCenterWide, assertCanActOnEmployee, employeeInScope, employeeInScopeSql } from '../permissions';
import { changeAudited, createAudited, isUuid } from './audited';
import { assertExists, isoDate, knownMetric, text } from './checks';
import { actorName, assertMayChange } from './subjects';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task (SPEC §6.3): an assignee, a due date, a status, and what it is about. */
export interface Task {
  id: string;
  title: string;
  description: string;
  assigneeId: string;
  status: TaskStatus;
  dueDate: IsoDate | null;
  /** The employee it is about. */
  employeeId: string | null;
  metric: string | null;
  alertEventId: string | null;
  coachingSessionId: string | null;
  source: 'manual' | 'alert' | 'coaching';
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface TaskInput {
  title: string;
  description?: string | null;
  /** Default: the caller. */
  assigneeId?: string | null;
  dueDate?: IsoDate | null;
  employeeId?: string | null;
  metric?: string | null;
  alertEventId?: string | null;
}

export interface TaskPatch {
  title?: string | null;
  description?: string | null;
  assigneeId?: string | null;
  dueDate?: IsoDate | null;
  status?: TaskStatus | null;
}

const COLUMNS = `t.id, t.title, t.description, t.assignee_id, t.status, t.due_date::text AS due_date, t.employee_id, t.metric, t.alert_event_id,
  t.coaching_session_id, t.source, t.created_by, t.created_at, t.updated_at, t.completed_at`;

/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
const toTask = (r: any): Task => ({
  id: r.id,
  title: r.title,
  description: r.description,
  assigneeId: r.assignee_id,
  status: r.status,
  dueDate: r.due_date,
  employeeId: r.employee_id,
  metric: r.metric,
  alertEventId: r.alert_event_id,
  coachingSessionId: r.coaching_session_id,
  source: r.source,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  completedAt: r.completed_at,
});

export const taskSubject = (t: Task) => ({ subjectEmployeeId: t.employeeId ?? t.assigneeId });

/**
 * Who may give work to whom: anyone may keep their own to-dos (a task for
 * themselves about nobody else); otherwise a people manager assigns within their
 * subtree, about an employee in it (SPEC §7).
 */
async function assertCanAssign(sql: Sql, actor: Actor, assigneeId: string, employeeId: string | null, what: string): Promise<void> {
  assertMayChange(actor, what);
  const own = actor.principal.employeeId;
  if (own && assigneeId === own && (employeeId === null || employeeId === own)) return;
  await assertCanActOnEmployee(sql, actor, assigneeId, `${what} (assignee)`);
  if (employeeId) await assertCanActOnEmployee(sql, actor, employeeId, `${what} (about)`);
}

/** Checks a new task and writes it in `tx` (no audit: callers audit). Used by createTask and coaching follow-ups. */
export async function insertTask(
  tx: Sql,
  manifest: Manifest,
  actor: Actor,
  input: TaskInput & { coachingSessionId?: string | null; source?: Task['source'] },
  now: Date,
): Promise<Task> {
  const title = text('title', input.title, 300);
  const description = text('description', input.description, 10_000, true);
  const assigneeId = input.assigneeId ?? actor.principal.employeeId;
  if (!assigneeId) throw badInput('assigneeId: give one (your token has no employee)');
  await assertExists(tx, 'employee', assigneeId, 'assigneeId');
  if (input.employeeId) await assertExists(tx, 'employee', input.employeeId, 'employeeId');
  if (input.metric) knownMetric(manifest, 'metric', input.metric);
  if (input.dueDate) isoDate('dueDate', input.dueDate);
  if (input.alertEventId) await getAlertEvent(tx, actor, input.alertEventId);
  await assertCanAssign(tx, actor, assigneeId, input.employeeId ?? null, 'createTask');
  const rows = await tx.query(
    `INSERT INTO task (title, description, assignee_id, due_date, employee_id, metric, alert_event_id, coaching_session_id, source, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
    [title, description, assigneeId, input.dueDate ?? null, input.employeeId ?? null, input.metric ?? null, input.alertEventId ?? null, input.coachingSessionId ?? null, input.source ?? 'manual', actorName(actor), now],
  );
  return loadTask(tx, rows[0].id, false);
}

export function createTask(ds: DataSource, manifest: Manifest, actor: Actor, input: TaskInput, clock: Clock): Promise<Task> {
  return createAudited(ds, actor, 'task', taskSubject, (tx) => insertTask(tx, manifest, actor, input, clock()));
}

export async function loadTask(sql: Sql, id: string, lock: boolean): Promise<Task> {
  const rows = isUuid(id) ? await sql.query(`SELECT ${COLUMNS} FROM task t WHERE t.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]) : [];
  if (!rows.length) throw notFound(`no task ${JSON.stringify(id)}`);
  return toTask(rows[0]);
}

/** A people manager over the assignee or the employee the task is about, or an executive or admin. */
async function managesTask(sql: Sql, actor: Actor, t: Task): Promise<boolean> {
  if (actsCenterWide(actor)) return true;
  if (!['supervisor', 'manager', 'director'].includes(actor.principal.role)) return false;
  if (await employeeInScope(sql, actor.scope, t.assigneeId)) return true;
  return t.employeeId !== null && (await employeeInScope(sql, actor.scope, t.employeeId));
}

/**
 * Changes a task. The assignee may move its status; a people manager over the
 * assignee or the employee it is about may change anything (a new assignee must
 * be theirs too). Audited.
 */
export async function updateTask(ds: DataSource, actor: Actor, id: string, patch: TaskPatch, clock: Clock): Promise<Task> {
  assertMayChange(actor, 'updateTask');
  const after = await changeAudited(ds, actor, 'task', taskSubject, {
    load: (tx) => loadTask(tx, id, true),
    check: async (tx, before) => {
      const onlyStatus = Object.entries(patch).every(([k, v]) => k === 'status' || v === undefined || v === null);
      if (onlyStatus && before.assigneeId === actor.principal.employeeId) return;
      if (!(await managesTask(tx, actor, before))) throw forbidden(`updateTask: task ${id} is not yours to change (its assignee may change its status; their managers anything)`);
      if (patch.assigneeId && patch.assigneeId !== before.assigneeId) {
        await assertExists(tx, 'employee', patch.assigneeId, 'assigneeId');
        await assertCanActOnEmployee(tx, actor, patch.assigneeId, 'updateTask (new assignee)');
      }
    },
    apply: async (tx, before) => {
      const status = patch.status ?? before.status;
      if (!TASK_STATUSES.includes(status)) throw badInput(`status: one of ${TASK_STATUSES.join(', ')}`);
      if (patch.dueDate) isoDate('dueDate', patch.dueDate);
      const now = clock();
      await tx.query(
        `UPDATE task SET title = $2, description = $3, assignee_id = $4, due_date = $5, status = $6, updated_at = $7,
                completed_at = CASE WHEN $6 = 'done' THEN coalesce(completed_at, $7) END
          WHERE id = $1`,
        [
          id,
          patch.title === undefined || patch.title === null ? before.title : text('title', patch.title, 300),
          patch.description === undefined || patch.description === null ? before.description : text('description', patch.description, 10_000, true),
          patch.assigneeId ?? before.assigneeId,
          patch.dueDate === undefined ? before.dueDate : patch.dueDate,
          status,
          now,
        ],
      );
      return loadTask(tx, id, false);
    },
  });
  return after!;
}

/** Deletes a task: its creator, or a people manager over it. Audited. */
export async function deleteTask(ds: DataSource, actor: Actor, id: string): Promise<boolean> {
  assertMayChange(actor, 'deleteTask');
  await changeAudited(ds, actor, 'task', taskSubject, {
    load: (tx) => loadTask(tx, id, true),
    check: async (tx, before) => {
      if (before.createdBy === actorName(actor) && before.source === 'manual') return;
      if (!(await managesTask(tx, actor, before))) throw forbidden(`deleteTask: task ${id} is not yours to delete`);
    },
    apply: async (tx) => {
      await tx.query(`UPDATE alert_event SET task_id = NULL WHERE task_id = $1`, [id]);
      await tx.query(`DELETE FROM task WHERE id = $1`, [id]);
      return null;
    },
  });
  return true;
}

export interface TaskFilter {
  assigneeId?: string | null;
  employeeId?: string | null;
  statuses?: TaskStatus[] | null;
  alertEventId?: string | null;
  coachingSessionId?: string | null;
  limit?: number;
}

/**
 * Tasks the actor may see, as a predicate on `t` (parameters from `first`):
 * assigned to them or made by them; for people managers and center-wide roles
 * also those whose assignee or employee is in their scope. An agent does not
 * see the tasks others hold about them.
 */
function taskVisibleSql(actor: Actor, first: number): { sql: string; params: unknown[] } {
  const a = employeeInScopeSql(actor.scope, 't.assignee_id', first + 2);
  const e = employeeInScopeSql(actor.scope, 't.employee_id', first + 2 + a.params.length);
  const own = { sql: `(t.assignee_id = $${first} OR t.created_by = $${first + 1}`, params: [actor.principal.employeeId, actorName(actor)] };
  if (actor.scope.kind === 'employee') return { sql: `${own.sql})`, params: own.params };
  return { sql: `${own.sql} OR ${a.sql} OR (t.employee_id IS NOT NULL AND ${e.sql}))`, params: [...own.params, ...a.params, ...e.params] };
}

export async function listTasks(sql: Sql, actor: Actor, f: TaskFilter): Promise<Task[]> {
  for (const [k, v] of [['alertEventId', f.alertEventId], ['coachingSessionId', f.coachingSessionId]] as const) if (v && !isUuid(v)) throw badInput(`${k}: not an id: ${JSON.stringify(v)}`);
  const vis = taskVisibleSql(actor, 7);
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM task t
      WHERE ($1::text IS NULL OR t.assignee_id = $1) AND ($2::text IS NULL OR t.employee_id = $2) AND ($3::text[] IS NULL OR t.status = ANY ($3))
        AND ($4::uuid IS NULL OR t.alert_event_id = $4) AND ($5::uuid IS NULL OR t.coaching_session_id = $5) AND ${vis.sql}
      ORDER BY t.due_date NULLS LAST, t.created_at, t.id LIMIT $6`,
    [f.assigneeId ?? null, f.employeeId ?? null, f.statuses ?? null, f.alertEventId ?? null, f.coachingSessionId ?? null, f.limit ?? 200, ...vis.params],
  );
  return rows.map(toTask);
}

export async function getTask(sql: Sql, actor: Actor, id: string): Promise<Task> {
  const t = await loadTask(sql, id, false);
  const vis = taskVisibleSql(actor, 2);
  if (!(await sql.query(`SELECT 1 FROM task t WHERE t.id = $1 AND ${vis.sql}`, [id, ...vis.params])).length) throw forbidden(`task ${id} is not one you may see`);
  return t;
}
