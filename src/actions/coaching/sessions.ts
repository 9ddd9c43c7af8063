import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { Manifest } from '../../semantic';
import { getAlertEvent } from '../alerts/events';
import { Clock } from '../clock';
import { badInput, forbidden, notFound } from '../errors';
import { Actor, assertCanActOnEmployee, employeeInScopeSql } from '../permissions';
import { changeAudited, createAudited, isUuid } from '../workflow/audited';
import { assertExists, instant, knownMetric, text } from '../workflow/checks';
import { actorName, assertMayChange } from '../workflow/subjects';
import { getTask, insertTask, Task, TaskInput } from '../workflow/tasks';
import { recordAuditBatch } from '../audit';

export type CoachingStatus = 'scheduled' | 'completed' | 'cancelled';

/** A coaching session (SPEC §6.3): employee, coach, focus metrics, when, notes, and follow-up tasks. */
export interface CoachingSession {
  id: string;
  employeeId: string;
  coachId: string;
  focusMetrics: string[];
  scheduledAt: Date;
  completedAt: Date | null;
  status: CoachingStatus;
  notes: string;
  alertEventId: string | null;
  taskId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CoachingInput {
  employeeId: string;
  /** Default: the caller. */
  coachId?: string | null;
  focusMetrics: string[];
  scheduledAt: Date;
  notes?: string | null;
  /** What led to it: an alert event and/or the task it answers. */
  alertEventId?: string | null;
  taskId?: string | null;
}

export interface CoachingPatch {
  coachId?: string | null;
  focusMetrics?: string[] | null;
  scheduledAt?: Date | null;
  notes?: string | null;
}

/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
const toSession = (r: any): CoachingSession => ({
  id: r.id,
  employeeId: r.employee_id,
  coachId: r.coach_id,
  focusMetrics: r.focus_metrics,
  scheduledAt: r.scheduled_at,
  completedAt: r.completed_at,
  status: r.status,
  notes: r.notes,
  alertEventId: r.alert_event_id,
  taskId: r.task_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const subjectOf = (s: CoachingSession) => ({ subjectEmployeeId: s.employeeId });

function focus(manifest: Manifest, metrics: string[]): string[] {
  if (!metrics.length) throw badInput('focusMetrics: name at least one metric');
  metrics.forEach((m, i) => knownMetric(manifest, `focusMetrics[${i}]`, m));
  return [...new Set(metrics)];
}

export async function loadSession(sql: Sql, id: string, lock: boolean): Promise<CoachingSession> {
  const rows = isUuid(id) ? await sql.query(`SELECT * FROM coaching_session WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]) : [];
  if (!rows.length) throw notFound(`no coaching session ${JSON.stringify(id)}`);
  return toSession(rows[0]);
}

/** Schedules a session for an employee in the caller's subtree (SPEC §7: a supervisor coaches within it). Audited. */
export async function scheduleCoaching(ds: DataSource, manifest: Manifest, actor: Actor, input: CoachingInput, clock: Clock): Promise<CoachingSession> {
  assertMayChange(actor, 'scheduleCoaching');
  const metrics = focus(manifest, input.focusMetrics);
  const notes = text('notes', input.notes, 20_000, true);
  instant('scheduledAt', input.scheduledAt);
  const coachId = input.coachId ?? actor.principal.employeeId;
  if (!coachId) throw badInput('coachId: give one (your token has no employee)');
  return createAudited(ds, actor, 'coaching_session', subjectOf, async (tx) => {
    await assertExists(tx, 'employee', input.employeeId, 'employeeId');
    await assertExists(tx, 'employee', coachId, 'coachId');
    await assertCanActOnEmployee(tx, actor, input.employeeId, 'scheduleCoaching');
    if (input.alertEventId) await getAlertEvent(tx, actor, input.alertEventId);
    if (input.taskId) await getTask(tx, actor, input.taskId);
    const now = clock();
    const rows = await tx.query(
      `INSERT INTO coaching_session (employee_id, coach_id, focus_metrics, scheduled_at, notes, alert_event_id, task_id, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
      [input.employeeId, coachId, metrics, input.scheduledAt, notes, input.alertEventId ?? null, input.taskId ?? null, actorName(actor), now],
    );
    return toSession(rows[0]);
  });
}

/** The coach, or a people manager over the employee, may change a session. */
async function assertCanChange(sql: Sql, actor: Actor, s: CoachingSession, what: string): Promise<void> {
  assertMayChange(actor, what);
  if (actor.principal.employeeId === s.coachId && actor.principal.role !== 'agent') return;
  await assertCanActOnEmployee(sql, actor, s.employeeId, what);
}

function changeSession(ds: DataSource, actor: Actor, id: string, what: string, apply: (tx: Sql, before: CoachingSession) => Promise<void>): Promise<CoachingSession> {
  return changeAudited(ds, actor, 'coaching_session', subjectOf, {
    load: (tx) => loadSession(tx, id, true),
    check: (tx, before) => assertCanChange(tx, actor, before, what),
    apply: async (tx, before) => {
      await apply(tx, before);
      return loadSession(tx, id, false);
    },
  }) as Promise<CoachingSession>;
}

export function updateCoaching(ds: DataSource, manifest: Manifest, actor: Actor, id: string, patch: CoachingPatch, clock: Clock): Promise<CoachingSession> {
  return changeSession(ds, actor, id, 'updateCoaching', async (tx, before) => {
    if (before.status !== 'scheduled' && (patch.scheduledAt || patch.focusMetrics || patch.coachId)) throw badInput(`coaching session ${id} is ${before.status}: only its notes can change`);
    if (patch.coachId) await assertExists(tx, 'employee', patch.coachId, 'coachId');
    if (patch.scheduledAt) instant('scheduledAt', patch.scheduledAt);
    await tx.query(`UPDATE coaching_session SET coach_id = $2, focus_metrics = $3, scheduled_at = $4, notes = $5, updated_at = $6 WHERE id = $1`, [
      id,
      patch.coachId ?? before.coachId,
      patch.focusMetrics ? focus(manifest, patch.focusMetrics) : before.focusMetrics,
      patch.scheduledAt ?? before.scheduledAt,
      patch.notes === undefined || patch.notes === null ? before.notes : text('notes', patch.notes, 20_000, true),
      clock(),
    ]);
  });
}

/**
 * Marks a session held (at `completedAt`, default now), with its notes and
 * follow-up tasks (for the employee unless another assignee is named). Audited:
 * the session and each follow-up.
 */
export async function completeCoaching(
  ds: DataSource,
  manifest: Manifest,
  actor: Actor,
  id: string,
  input: { completedAt?: Date | null; notes?: string | null; followUps?: Omit<TaskInput, 'alertEventId'>[] | null },
  clock: Clock,
): Promise<{ session: CoachingSession; followUps: Task[] }> {
  const followUps: Task[] = [];
  const session = await changeSession(ds, actor, id, 'completeCoaching', async (tx, before) => {
    if (before.status !== 'scheduled') throw badInput(`coaching session ${id} is ${before.status} already`);
    const now = clock();
    const at = input.completedAt ? instant('completedAt', input.completedAt) : now;
    if (at.getTime() > now.getTime()) throw badInput('completedAt: a session cannot be completed in the future');
    await tx.query(`UPDATE coaching_session SET status = 'completed', completed_at = $2, notes = $3, updated_at = $4 WHERE id = $1`, [
      id,
      at,
      input.notes === undefined || input.notes === null ? before.notes : text('notes', input.notes, 20_000, true),
      now,
    ]);
    for (const f of input.followUps ?? []) {
      followUps.push(await insertTask(tx, manifest, actor, { ...f, assigneeId: f.assigneeId ?? before.employeeId, employeeId: f.employeeId ?? before.employeeId, coachingSessionId: id, source: 'coaching' }, now));
    }
    await recordAuditBatch(
      tx,
      { employeeId: actor.principal.employeeId, role: actor.principal.role },
      followUps.map((t) => ({ entity: 'task', entityId: t.id, action: 'create', before: null, after: t, subjectEmployeeId: t.employeeId ?? t.assigneeId })),
    );
  });
  return { session, followUps };
}

export function cancelCoaching(ds: DataSource, actor: Actor, id: string, clock: Clock): Promise<CoachingSession> {
  return changeSession(ds, actor, id, 'cancelCoaching', async (tx, before) => {
    if (before.status !== 'scheduled') throw badInput(`coaching session ${id} is ${before.status}: only a scheduled one can be cancelled`);
    await tx.query(`UPDATE coaching_session SET status = 'cancelled', updated_at = $2 WHERE id = $1`, [id, clock()]);
  });
}

/** Sessions whose employee is in the caller's scope, and those they coach; by scheduled time. */
export async function listCoaching(sql: Sql, actor: Actor, f: { employeeId?: string | null; coachId?: string | null; status?: CoachingStatus | null; limit?: number }): Promise<CoachingSession[]> {
  const s = employeeInScopeSql(actor.scope, 'c.employee_id', 6);
  const rows = await sql.query(
    `SELECT c.* FROM coaching_session c
      WHERE ($1::text IS NULL OR c.employee_id = $1) AND ($2::text IS NULL OR c.coach_id = $2) AND ($3::text IS NULL OR c.status = $3)
        AND (${s.sql} OR c.coach_id = $5)
      ORDER BY c.scheduled_at DESC, c.id LIMIT $4`,
    [f.employeeId ?? null, f.coachId ?? null, f.status ?? null, f.limit ?? 100, actor.principal.employeeId, ...s.params],
  );
  return rows.map(toSession);
}

export async function getCoaching(sql: Sql, actor: Actor, id: string): Promise<CoachingSession> {
  const s = await loadSession(sql, id, false);
  if (s.coachId === actor.principal.employeeId) return s;
  const p = employeeInScopeSql(actor.scope, '$1::text', 2);
  const [{ ok }] = await sql.query(`SELECT ${p.sql} AS ok`, [s.employeeId, ...p.params]);
  if (!ok) throw forbidden(`coaching session ${id} is about an employee outside what you may see`);
  return s;
}
