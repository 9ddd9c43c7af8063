import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { Clock } from '../clock';
import { badInput, forbidden, notFound } from '../errors';
import { Actor, actsCenterWide, assertCanActOnEmployee, assertCanSeeEmployee, employeeInScopeSql } from '../permissions';
import { changeAudited, createAudited, isUuid, updateReturning } from '../workflow/audited';
import { assertExists, text } from '../workflow/checks';
import { assertMayChange, ownEmployeeId } from '../workflow/subjects';

export const FEEDBACK_KINDS = ['peer', 'two_way', 'self', 'note'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/**
 * Feedback (SPEC §6.3): `peer` (a teammate), `two_way` (on one's own supervisor
 * or a manager above), `self` (a self-assessment), `note` (a manager's real-time
 * note, shared with the employee or kept among their managers).
 */
export interface Feedback {
  id: string;
  kind: FeedbackKind;
  /** Null where the caller may not know it (two-way feedback: only its author and center-wide readers do). */
  authorId: string | null;
  anonymous: boolean;
  subjectId: string;
  body: string;
  rating: number | null;
  shared: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface FeedbackInput {
  kind: FeedbackKind;
  /** Default: the caller (self-assessment). */
  subjectId?: string | null;
  body: string;
  rating?: number | null;
  /** For notes: shown to the employee (default false: among their managers only). */
  shared?: boolean | null;
}

/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
const toFeedback = (r: any): Feedback => ({
  id: r.id,
  kind: r.kind,
  authorId: r.author_id,
  anonymous: r.author_id === null,
  subjectId: r.subject_id,
  body: r.body,
  rating: r.rating,
  shared: r.shared,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Two-way feedback is audited without a subject: only its author and center-wide readers may read that trail (it names the author). */
const subjectOf = (f: Feedback) => (f.kind === 'two_way' ? { subjectEmployeeId: null, subjectTeamId: null } : { subjectEmployeeId: f.subjectId });

const MANAGING = ['supervisor', 'manager', 'director'];

/** Who may give which kind of feedback to whom. */
async function assertMayGive(sql: Sql, actor: Actor, me: string, kind: FeedbackKind, subjectId: string, today: string): Promise<void> {
  if (kind === 'self') {
    if (subjectId !== me) throw badInput('subjectId: a self-assessment is about yourself');
    return;
  }
  if (subjectId === me) throw badInput(`subjectId: ${kind} feedback is about someone else (use kind self)`);
  if (kind === 'note') return assertCanActOnEmployee(sql, actor, subjectId, 'giveFeedback (note)');
  const [r] = await sql.query(
    `SELECT ma.org_unit_id = sa.org_unit_id AS same_team, sa.role AS subject_role, sa.org_unit_id = ANY (org_unit_path(ma.org_unit_id, $3::date)) AS above_me
       FROM assignment ma, assignment sa
      WHERE ma.employee_id = $1 AND ma.valid @> $3::date AND sa.employee_id = $2 AND sa.valid @> $3::date`,
    [me, subjectId, today],
  );
  if (kind === 'peer' && !r?.same_team) throw forbidden(`giveFeedback (peer): ${subjectId} is not in your team today`);
  if (kind === 'two_way' && !(r && MANAGING.includes(r.subject_role) && r.above_me)) throw forbidden(`giveFeedback (two_way): ${subjectId} is not a supervisor or manager of yours today`);
}

export async function giveFeedback(ds: DataSource, actor: Actor, input: FeedbackInput, clock: Clock): Promise<Feedback> {
  assertMayChange(actor, 'giveFeedback');
  const me = ownEmployeeId(actor, 'giveFeedback');
  if (!FEEDBACK_KINDS.includes(input.kind)) throw badInput(`kind: one of ${FEEDBACK_KINDS.join(', ')}`);
  const subjectId = input.subjectId ?? me;
  const body = text('body', input.body, 10_000);
  if (input.rating !== undefined && input.rating !== null && !(Number.isInteger(input.rating) && input.rating >= 1 && input.rating <= 5)) throw badInput(`rating: 1 to 5 (got ${input.rating})`);
  if (input.shared !== undefined && input.shared !== null && input.kind !== 'note') throw badInput('shared: only for notes (other feedback is always shown to its subject)');
  return createAudited(ds, actor, 'feedback', subjectOf, async (tx) => {
    await assertExists(tx, 'employee', subjectId, 'subjectId');
    await assertMayGive(tx, actor, me, input.kind, subjectId, actor.today);
    const now = clock();
    const rows = await tx.query(
      `INSERT INTO feedback (kind, author_id, subject_id, body, rating, shared, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
      [input.kind, me, subjectId, body, input.rating ?? null, input.kind === 'note' ? (input.shared ?? false) : true, now],
    );
    return toFeedback(rows[0]);
  });
}

async function loadFeedback(sql: Sql, id: string): Promise<Feedback> {
  const rows = isUuid(id) ? await sql.query(`SELECT * FROM feedback WHERE id = $1 FOR UPDATE`, [id]) : [];
  if (!rows.length) throw notFound(`no feedback ${JSON.stringify(id)}`);
  return toFeedback(rows[0]);
}

/** Only the author changes or withdraws their feedback (an executive or admin may remove any). Audited. */
function changeFeedback(ds: DataSource, actor: Actor, id: string, what: string, apply: (tx: Sql, before: Feedback) => Promise<Feedback | null>): Promise<Feedback | null> {
  assertMayChange(actor, what);
  return changeAudited(ds, actor, 'feedback', subjectOf, {
    load: (tx) => loadFeedback(tx, id),
    check: async (_tx, before) => {
      if (before.authorId === actor.principal.employeeId) return;
      if (what === 'deleteFeedback' && actsCenterWide(actor)) return;
      throw forbidden(`${what}: only the author may change feedback ${id}`);
    },
    apply,
  });
}

export async function updateFeedback(ds: DataSource, actor: Actor, id: string, patch: { body?: string | null; rating?: number | null; shared?: boolean | null }, clock: Clock): Promise<Feedback> {
  return (await changeFeedback(ds, actor, id, 'updateFeedback', async (tx, before) => {
    if (patch.rating !== undefined && patch.rating !== null && !(Number.isInteger(patch.rating) && patch.rating >= 1 && patch.rating <= 5)) throw badInput(`rating: 1 to 5 (got ${patch.rating})`);
    if (patch.shared !== undefined && patch.shared !== null && before.kind !== 'note') throw badInput('shared: only for notes');
    const rows = await updateReturning(tx, `UPDATE feedback SET body = $2, rating = $3, shared = $4, updated_at = $5 WHERE id = $1 RETURNING *`, [
      id,
      patch.body === undefined || patch.body === null ? before.body : text('body', patch.body, 10_000),
      patch.rating === undefined ? before.rating : patch.rating,
      patch.shared ?? before.shared,
      clock(),
    ]);
    return toFeedback(rows[0]);
  }))!;
}

export async function deleteFeedback(ds: DataSource, actor: Actor, id: string): Promise<boolean> {
  await changeFeedback(ds, actor, id, 'deleteFeedback', async (tx) => {
    await tx.query(`DELETE FROM feedback WHERE id = $1`, [id]);
    return null;
  });
  return true;
}

/**
 * The visibility rules, in SQL so hidden rows never leave the database. The
 * caller sees what they wrote; about themselves, peer feedback, self-assessments
 * and shared notes, and two-way feedback only once at least `minimum` different
 * people have given it (never with its authors); about the others in their scope,
 * everything (two-way without its authors unless the caller reads center-wide).
 */
function visibleSql(actor: Actor, minimum: number, first: number): { sql: string; author: string; params: unknown[] } {
  const me = `$${first}`;
  const s = employeeInScopeSql(actor.scope, 'f.subject_id', first + 2);
  const others = actor.scope.kind === 'employee' ? 'FALSE' : `(f.subject_id IS DISTINCT FROM ${me} AND ${s.sql})`;
  const enough = `(SELECT count(DISTINCT x.author_id) FROM feedback x WHERE x.kind = 'two_way' AND x.subject_id = f.subject_id) >= $${first + 1}`;
  return {
    sql: `(f.author_id = ${me} OR (f.subject_id = ${me} AND (f.kind IN ('peer', 'self') OR (f.kind = 'note' AND f.shared) OR (f.kind = 'two_way' AND ${enough}))) OR ${others})`,
    author: actor.scope.kind === 'all' ? 'f.author_id' : `CASE WHEN f.kind = 'two_way' AND f.author_id IS DISTINCT FROM ${me} THEN NULL ELSE f.author_id END`,
    params: [actor.principal.employeeId, minimum, ...(actor.scope.kind === 'employee' ? [] : s.params)],
  };
}

export async function listFeedback(
  sql: Sql,
  actor: Actor,
  minimum: number,
  f: { subjectId?: string | null; kind?: FeedbackKind | null; authored?: boolean | null; limit?: number },
): Promise<Feedback[]> {
  if (f.kind && !FEEDBACK_KINDS.includes(f.kind)) throw badInput(`kind: one of ${FEEDBACK_KINDS.join(', ')}`);
  const v = visibleSql(actor, minimum, 5);
  const rows = await sql.query(
    `SELECT f.id, f.kind, ${v.author} AS author_id, f.subject_id, f.body, f.rating, f.shared, f.created_at, f.updated_at
       FROM feedback f
      WHERE ($1::text IS NULL OR f.subject_id = $1) AND ($2::text IS NULL OR f.kind = $2) AND (NOT $3::boolean OR f.author_id = $5) AND ${v.sql}
      ORDER BY f.created_at DESC, f.id LIMIT $4`,
    [f.subjectId ?? null, f.kind ?? null, f.authored ?? false, f.limit ?? 100, ...v.params],
  );
  return rows.map(toFeedback);
}

export interface FeedbackSummary {
  subjectId: string;
  /** Items the caller may see, by kind. */
  counts: { kind: FeedbackKind; count: number }[];
  twoWayMinimumAuthors: number;
  /** Different authors of two-way feedback; null for the subject until the minimum is reached. */
  twoWayAuthors: number | null;
  /** The subject can read their two-way feedback. */
  twoWayVisibleToSubject: boolean;
}

export async function feedbackSummary(sql: Sql, actor: Actor, minimum: number, subjectId: string): Promise<FeedbackSummary> {
  if (subjectId !== actor.principal.employeeId) await assertCanSeeEmployee(sql, actor, subjectId, 'feedbackSummary');
  const v = visibleSql(actor, minimum, 2);
  const counts: { kind: FeedbackKind; count: number }[] = await sql.query(
    `SELECT f.kind, count(*)::int AS count FROM feedback f WHERE f.subject_id = $1 AND ${v.sql} GROUP BY f.kind ORDER BY f.kind`,
    [subjectId, ...v.params],
  );
  const [{ n }] = await sql.query(`SELECT count(DISTINCT author_id)::int AS n FROM feedback WHERE kind = 'two_way' AND subject_id = $1`, [subjectId]);
  const reached = n >= minimum;
  return { subjectId, counts, twoWayMinimumAuthors: minimum, twoWayAuthors: subjectId === actor.principal.employeeId && !reached ? null : n, twoWayVisibleToSubject: reached };
}
