import { DataSource } from 'typeorm';
import { addDays, IsoDate, Sql } from '../../canonical';
import { ActionEnv } from '../actuals';
import { Clock } from '../clock';
import { badInput, forbidden, notFound } from '../errors';
import { Actor, assertCanActOnEmployee, employeeInScopeSql } from '../permissions';
import { computeScorecard, Scorecard } from '../scorecard';
import { changeAudited, createAudited, isUuid } from '../workflow/audited';
import { assertExists, isoDate, text } from '../workflow/checks';
import { actorName, assertMayChange, ownEmployeeId } from '../workflow/subjects';
import { AppraisalConfig, AppraisalTemplate } from './templates';

/** One bucket of the frozen scorecard: plain data, as it was when the snapshot was taken. */
export interface SnapshotBucket {
  periodStart: IsoDate;
  periodEnd: IsoDate;
  complete: boolean;
  actual: number | null;
  target: number | null;
  floor: number | null;
  weight: number;
  attainment: number | null;
  status: string;
  score: number | null;
  previousActual: number | null;
  trend: string;
  goalId: string | null;
}

export interface ScorecardSnapshot {
  employeeId: string;
  from: IsoDate;
  to: IsoDate;
  takenAt: string;
  metrics: { metric: string; label: string; unit: string; direction: string; version: string; grain: string; buckets: SnapshotBucket[] }[];
  totals: { grain: string; periodStart: IsoDate; periodEnd: IsoDate; score: number | null; metricsScored: number }[];
}

export interface AppraisalRating {
  competency: string;
  rating: number;
  comment: string;
}

/** An appraisal (SPEC §6.3): a period, ratings per competency, comments, the employee's acknowledgement, and the period's scorecard frozen in. */
export interface Appraisal {
  id: string;
  employeeId: string;
  reviewerId: string | null;
  template: string;
  templateVersion: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  status: 'draft' | 'submitted' | 'acknowledged';
  ratings: AppraisalRating[];
  /** Σ weight × rating / Σ weight over the rated competencies. */
  overallRating: number | null;
  comments: string;
  snapshot: ScorecardSnapshot;
  snapshotTakenAt: Date;
  submittedAt: Date | null;
  acknowledgedAt: Date | null;
  employeeComment: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AppraisalInput {
  employeeId: string;
  template: string;
  periodStart: IsoDate;
  /** Inclusive. */
  periodEnd: IsoDate;
  ratings?: { competency: string; rating: number; comment?: string | null }[] | null;
  comments?: string | null;
}

/** The scorecard as plain data, so that it stays exactly as it was whatever happens to the facts or goals later. */
export function snapshotOf(s: Scorecard, employeeId: string, takenAt: Date): ScorecardSnapshot {
  return {
    employeeId,
    from: s.from,
    to: s.to,
    takenAt: takenAt.toISOString(),
    metrics: s.metrics.map((m) => ({
      metric: m.metric.def.name,
      label: m.metric.def.label,
      unit: m.metric.def.unit,
      direction: m.metric.def.direction,
      version: m.metric.version,
      grain: m.grain,
      buckets: m.cells.map((c) => ({
        periodStart: c.bucket.start,
        periodEnd: c.bucket.last,
        complete: c.complete,
        actual: c.actual,
        target: c.target,
        floor: c.floor,
        weight: c.weight,
        attainment: c.attainment,
        status: c.status,
        score: c.score,
        previousActual: c.previousActual,
        trend: c.trend,
        goalId: c.goal?.id ?? null,
      })),
    })),
    totals: s.totals.map((t) => ({ grain: t.grain, periodStart: t.bucket.start, periodEnd: t.bucket.last, score: t.score, metricsScored: t.metricsScored })),
  };
}

/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
const toAppraisal = (r: any): Appraisal => ({
  id: r.id,
  employeeId: r.employee_id,
  reviewerId: r.reviewer_id,
  template: r.template,
  templateVersion: r.template_version,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  status: r.status,
  ratings: r.ratings,
  overallRating: r.overall_rating === null ? null : Number(r.overall_rating),
  comments: r.comments,
  snapshot: r.snapshot,
  snapshotTakenAt: r.snapshot_taken_at,
  submittedAt: r.submitted_at,
  acknowledgedAt: r.acknowledged_at,
  employeeComment: r.employee_comment,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const COLUMNS = `a.*, a.period_start::text AS period_start, a.period_end::text AS period_end`;
const subjectOf = (a: Appraisal) => ({ subjectEmployeeId: a.employeeId });

function template(cfg: AppraisalConfig, key: string): AppraisalTemplate {
  const t = cfg.templates.get(key);
  if (!t) throw badInput(`template: unknown appraisal template ${JSON.stringify(key)} (known: ${[...cfg.templates.keys()].join(', ') || 'none'}; see metrics/appraisals/competencies.yaml)`);
  return t;
}

/** Checks ratings against the template's competencies and the scale; returns them with the weighted overall rating. */
export function checkRatings(cfg: AppraisalConfig, t: AppraisalTemplate, ratings: AppraisalInput['ratings']): { ratings: AppraisalRating[]; overall: number | null } {
  const out: AppraisalRating[] = [];
  for (const [i, r] of (ratings ?? []).entries()) {
    if (!t.competencies.some((c) => c.key === r.competency)) throw badInput(`ratings[${i}].competency: ${JSON.stringify(r.competency)} is not a competency of template ${t.key} (${t.competencies.map((c) => c.key).join(', ')})`);
    if (!Number.isInteger(r.rating) || r.rating < cfg.scale.min || r.rating > cfg.scale.max) throw badInput(`ratings[${i}].rating: a whole number from ${cfg.scale.min} to ${cfg.scale.max} (got ${r.rating})`);
    if (out.some((o) => o.competency === r.competency)) throw badInput(`ratings[${i}].competency: ${r.competency} is rated twice`);
    out.push({ competency: r.competency, rating: r.rating, comment: text(`ratings[${i}].comment`, r.comment, 5_000, true) });
  }
  const rated = t.competencies.filter((c) => out.some((o) => o.competency === c.key));
  const w = rated.reduce((s, c) => s + c.weight, 0);
  const overall = w ? rated.reduce((s, c) => s + c.weight * out.find((o) => o.competency === c.key)!.rating, 0) / w : null;
  return { ratings: out, overall };
}

async function takeSnapshot(sql: Sql, env: ActionEnv, employeeId: string, from: IsoDate, to: IsoDate, now: Date): Promise<ScorecardSnapshot> {
  return snapshotOf(await computeScorecard(sql, env, { kind: 'employee', id: employeeId }, from, addDays(to, 1), now), employeeId, now);
}

/** Opens a draft appraisal for an employee in the caller's subtree, with the period's scorecard frozen in. Audited. */
export async function createAppraisal(ds: DataSource, env: ActionEnv, cfg: AppraisalConfig, actor: Actor, input: AppraisalInput, clock: Clock): Promise<Appraisal> {
  assertMayChange(actor, 'createAppraisal');
  const t = template(cfg, input.template);
  isoDate('periodStart', input.periodStart);
  isoDate('periodEnd', input.periodEnd);
  if (input.periodEnd < input.periodStart) throw badInput(`periodEnd: on or after periodStart ${input.periodStart}`);
  if ((Date.parse(input.periodEnd) - Date.parse(input.periodStart)) / 86_400_000 > 800) throw badInput('an appraisal period covers at most 800 days');
  const { ratings, overall } = checkRatings(cfg, t, input.ratings);
  return createAudited(ds, actor, 'appraisal', subjectOf, async (tx) => {
    await assertExists(tx, 'employee', input.employeeId, 'employeeId');
    await assertCanActOnEmployee(tx, actor, input.employeeId, 'createAppraisal');
    const now = clock();
    const snapshot = await takeSnapshot(tx, env, input.employeeId, input.periodStart, input.periodEnd, now);
    const rows = await tx.query(
      `INSERT INTO appraisal (employee_id, reviewer_id, template, template_version, period_start, period_end, status, ratings, overall_rating, comments, snapshot, snapshot_taken_at, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9, $10, $11, $12, $11, $11) RETURNING id`,
      [input.employeeId, actor.principal.employeeId, t.key, t.version, input.periodStart, input.periodEnd, JSON.stringify(ratings), overall, text('comments', input.comments, 20_000, true), JSON.stringify(snapshot), now, actorName(actor)],
    );
    return loadAppraisal(tx, rows[0].id, false);
  });
}

export async function loadAppraisal(sql: Sql, id: string, lock: boolean): Promise<Appraisal> {
  const rows = isUuid(id) ? await sql.query(`SELECT ${COLUMNS} FROM appraisal a WHERE a.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]) : [];
  if (!rows.length) throw notFound(`no appraisal ${JSON.stringify(id)}`);
  return toAppraisal(rows[0]);
}

/** A draft changes in one audited transaction, by a people manager over the employee. */
function changeDraft(ds: DataSource, actor: Actor, id: string, what: string, apply: (tx: Sql, before: Appraisal) => Promise<void>): Promise<Appraisal | null> {
  assertMayChange(actor, what);
  return changeAudited(ds, actor, 'appraisal', subjectOf, {
    load: (tx) => loadAppraisal(tx, id, true),
    check: async (tx, before) => {
      await assertCanActOnEmployee(tx, actor, before.employeeId, what);
      if (before.status !== 'draft') throw badInput(`appraisal ${id} is ${before.status} and frozen: it no longer changes`);
    },
    apply: async (tx, before) => {
      await apply(tx, before);
      return (await tx.query(`SELECT 1 FROM appraisal WHERE id = $1`, [id])).length ? loadAppraisal(tx, id, false) : null;
    },
  });
}

export async function updateAppraisal(ds: DataSource, cfg: AppraisalConfig, actor: Actor, id: string, patch: { ratings?: AppraisalInput['ratings']; comments?: string | null }, clock: Clock): Promise<Appraisal> {
  return (await changeDraft(ds, actor, id, 'updateAppraisal', async (tx, before) => {
    const { ratings, overall } = patch.ratings ? checkRatings(cfg, template(cfg, before.template), patch.ratings) : { ratings: before.ratings, overall: before.overallRating };
    await tx.query(`UPDATE appraisal SET ratings = $2, overall_rating = $3, comments = $4, updated_at = $5 WHERE id = $1`, [
      id,
      JSON.stringify(ratings),
      overall,
      patch.comments === undefined || patch.comments === null ? before.comments : text('comments', patch.comments, 20_000, true),
      clock(),
    ]);
  }))!;
}

/** Retakes a draft's snapshot from the data as it is now (a submitted appraisal's snapshot never changes). */
export async function refreshAppraisalSnapshot(ds: DataSource, env: ActionEnv, actor: Actor, id: string, clock: Clock): Promise<Appraisal> {
  return (await changeDraft(ds, actor, id, 'refreshAppraisalSnapshot', async (tx, before) => {
    const now = clock();
    const snapshot = await takeSnapshot(tx, env, before.employeeId, before.periodStart, before.periodEnd, now);
    await tx.query(`UPDATE appraisal SET snapshot = $2, snapshot_taken_at = $3, updated_at = $3 WHERE id = $1`, [id, JSON.stringify(snapshot), now]);
  }))!;
}

/** Submits a draft with every competency rated; from then on it is frozen (a trigger refuses any change but the acknowledgement). */
export async function submitAppraisal(ds: DataSource, cfg: AppraisalConfig, actor: Actor, id: string, clock: Clock): Promise<Appraisal> {
  return (await changeDraft(ds, actor, id, 'submitAppraisal', async (tx, before) => {
    const t = cfg.templates.get(before.template);
    const missing = (t?.competencies ?? []).filter((c) => !before.ratings.some((r) => r.competency === c.key)).map((c) => c.key);
    if (missing.length) throw badInput(`submitAppraisal: rate every competency first (missing: ${missing.join(', ')})`);
    const now = clock();
    await tx.query(`UPDATE appraisal SET status = 'submitted', submitted_at = $2, updated_at = $2 WHERE id = $1`, [id, now]);
  }))!;
}

export async function deleteAppraisal(ds: DataSource, actor: Actor, id: string): Promise<boolean> {
  await changeDraft(ds, actor, id, 'deleteAppraisal', async (tx) => {
    await tx.query(`DELETE FROM appraisal WHERE id = $1`, [id]);
  });
  return true;
}

/** The employee acknowledges a submitted appraisal (which is not agreeing with it), with an optional comment. Audited. */
export async function acknowledgeAppraisal(ds: DataSource, actor: Actor, id: string, comment: string | null, clock: Clock): Promise<Appraisal> {
  const me = ownEmployeeId(actor, 'acknowledgeAppraisal');
  return (await changeAudited(ds, actor, 'appraisal', subjectOf, {
    load: (tx) => loadAppraisal(tx, id, true),
    check: async (_tx, before) => {
      if (before.employeeId !== me) throw forbidden(`acknowledgeAppraisal: only ${before.employeeId} may acknowledge their own appraisal`);
      if (before.status !== 'submitted') throw badInput(`appraisal ${id} is ${before.status}: only a submitted one can be acknowledged`);
    },
    apply: async (tx) => {
      const now = clock();
      await tx.query(`UPDATE appraisal SET status = 'acknowledged', acknowledged_at = $2, employee_comment = $3, updated_at = $2 WHERE id = $1`, [id, now, text('comment', comment, 10_000, true) || null]);
      return loadAppraisal(tx, id, false);
    },
  }))!;
}

/** Appraisals the caller may see: their own once submitted, those they reviewed, and all of the employees in their scope. */
function visibleSql(actor: Actor, first: number): { sql: string; params: unknown[] } {
  const s = employeeInScopeSql(actor.scope, 'a.employee_id', first + 1);
  // A manager sees their reports' drafts, never their own before it is submitted.
  const others = actor.scope.kind === 'employee' ? 'FALSE' : `(${s.sql} AND a.employee_id IS DISTINCT FROM $${first})`;
  return {
    sql: `((a.employee_id = $${first} AND a.status <> 'draft') OR a.reviewer_id = $${first} OR ${others})`,
    params: [actor.principal.employeeId, ...(actor.scope.kind === 'employee' ? [] : s.params)],
  };
}

export async function listAppraisals(sql: Sql, actor: Actor, f: { employeeId?: string | null; status?: string | null; limit?: number }): Promise<Appraisal[]> {
  const v = visibleSql(actor, 4);
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM appraisal a WHERE ($1::text IS NULL OR a.employee_id = $1) AND ($2::text IS NULL OR a.status = $2) AND ${v.sql}
      ORDER BY a.period_start DESC, a.created_at DESC LIMIT $3`,
    [f.employeeId ?? null, f.status ?? null, f.limit ?? 100, ...v.params],
  );
  return rows.map(toAppraisal);
}

export async function getAppraisal(sql: Sql, actor: Actor, id: string): Promise<Appraisal> {
  const a = await loadAppraisal(sql, id, false);
  const v = visibleSql(actor, 2);
  if (!(await sql.query(`SELECT 1 FROM appraisal a WHERE a.id = $1 AND ${v.sql}`, [id, ...v.params])).length) throw forbidden(`appraisal ${id} is not one you may see`);
  return a;
}
