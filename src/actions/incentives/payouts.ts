import { DataSource } from 'typeorm';
import { IsoDate, isIsoDate, Sql } from '../../canonical';
import { ActionEnv } from '../actuals';
import { recordAudit } from '../audit';
import { Bucket, bucketAt } from '../buckets';
import { badInput, notFound } from '../errors';
import { Actor, assertCenterWide, employeeInScopeSql } from '../permissions';
import { employeeCells } from '../scorecard';
import { weightedTotal } from '../scoring';
import { IncentivePlan } from './plans';

/** How one metric counted towards a payout. */
export interface TrailMetric {
  metric: string;
  version: string;
  weight: number;
  actual: number | null;
  target: number | null;
  floor: number | null;
  goalId: string | null;
  score: number | null;
}

/** The full calculation behind one employee's payout. */
export interface PayoutTrail {
  plan: string;
  planVersion: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  metrics: TrailMetric[];
  totalScore: number | null;
  tier: string | null;
  payPct: number;
  targetPay: number;
  uncapped: number;
  cap: number | null;
  amount: number;
  currency: string;
}

export interface PayoutLine {
  employeeId: string;
  score: number | null;
  tier: string | null;
  amount: number;
  trail: PayoutTrail;
}

const cents = (x: number) => Math.round(x * 100) / 100;

export function periodOf(plan: IncentivePlan, date: IsoDate): Bucket {
  if (!isIsoDate(date)) throw badInput(`period: a date inside the period, such as 2026-03-01 (got ${JSON.stringify(date)})`);
  return bucketAt(date, plan.period);
}

/** Employees eligible on the period's last day, within `scope`, decided in SQL. */
async function eligible(sql: Sql, plan: IncentivePlan, period: Bucket, scope: Actor['scope']): Promise<string[]> {
  const s = employeeInScopeSql(scope, 'a.employee_id', 4);
  const rows: { id: string }[] = await sql.query(
    `SELECT a.employee_id AS id FROM assignment a
      WHERE a.valid @> $1::date AND ($2::text IS NULL OR a.role = $2)
        AND ($3::text IS NULL OR $3 = ANY (org_unit_path(a.org_unit_id, $1::date))) AND ${s.sql}
      ORDER BY a.employee_id`,
    [period.last, plan.eligible.role ?? null, plan.eligible.under_team ?? null, ...s.params],
  );
  return rows.map((r) => r.id);
}

/**
 * Each eligible employee's payout for one period, with its trail: per metric the
 * actual over the whole period (the metrics layer, AS_WAS over their own facts),
 * the target of the goal in force on the period's last day, and the SPEC §6.1
 * score; the plan-weighted total; the highest tier it reaches; the amount, capped.
 */
export async function computePayouts(sql: Sql, env: ActionEnv, plan: IncentivePlan, period: Bucket, scope: Actor['scope'], now: Date): Promise<PayoutLine[]> {
  const employees = await eligible(sql, plan, period, scope);
  const metrics = plan.metrics.map((p) => env.manifest.metrics.get(p.metric)!);
  const cells = await employeeCells(sql, env, { metrics, grain: plan.period, buckets: [period], employeeIds: employees, now });
  return employees.map((e) => {
    const trailMetrics: TrailMetric[] = plan.metrics.map((p, i) => {
      const c = cells.get(e)!.get(p.metric)![0];
      return { metric: p.metric, version: metrics[i].version, weight: p.weight, actual: c.actual, target: c.target, floor: c.floor, goalId: c.goal?.id ?? null, score: c.score };
    });
    const total = weightedTotal(trailMetrics.map((t) => ({ score: t.score, weight: t.weight })));
    const tier = total === null ? undefined : plan.tiers.find((t) => total >= t.min_score - 1e-9);
    const payPct = tier?.pay_pct ?? 0;
    const uncapped = cents((plan.target_pay * payPct) / 100);
    const amount = plan.cap !== undefined ? Math.min(uncapped, plan.cap) : uncapped;
    const trail: PayoutTrail = {
      plan: plan.name,
      planVersion: plan.version,
      periodStart: period.start,
      periodEnd: period.last,
      metrics: trailMetrics,
      totalScore: total,
      tier: tier?.name ?? null,
      payPct,
      targetPay: plan.target_pay,
      uncapped,
      cap: plan.cap ?? null,
      amount,
      currency: plan.currency,
    };
    return { employeeId: e, score: total, tier: tier?.name ?? null, amount, trail };
  });
}

export interface PayoutRun {
  id: string;
  plan: string;
  planVersion: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  status: 'draft' | 'approved';
  adjustsRun: string | null;
  createdAt: Date;
  createdBy: string | null;
  approvedAt: Date | null;
  approvedBy: string | null;
}

const toRun = (r: Record<string, unknown>): PayoutRun => ({
  id: r.id as string,
  plan: r.plan as string,
  planVersion: r.plan_version as string,
  periodStart: r.period_start as string,
  periodEnd: r.period_end as string,
  status: r.status as 'draft' | 'approved',
  adjustsRun: (r.adjusts_run as string | null) ?? null,
  createdAt: r.created_at as Date,
  createdBy: (r.created_by as string | null) ?? null,
  approvedAt: (r.approved_at as Date | null) ?? null,
  approvedBy: (r.approved_by as string | null) ?? null,
});

export async function payoutRuns(sql: Sql, plan: string, period: Bucket): Promise<PayoutRun[]> {
  const rows = await sql.query(`SELECT * FROM payout_run WHERE plan = $1 AND period_start = $2::date ORDER BY created_at, id`, [plan, period.start]);
  return rows.map(toRun);
}

/** Approved amounts per employee (the first run plus every approved adjustment). */
export async function approvedAmounts(sql: Sql, plan: string, period: Bucket): Promise<Map<string, number>> {
  const rows: { employee_id: string; amount: string }[] = await sql.query(
    `SELECT l.employee_id, sum(l.amount)::text AS amount FROM payout_line l JOIN payout_run r ON r.id = l.run_id
      WHERE r.plan = $1 AND r.period_start = $2::date AND r.status = 'approved' GROUP BY l.employee_id`,
    [plan, period.start],
  );
  return new Map(rows.map((r) => [r.employee_id, Number(r.amount)]));
}

/**
 * Computes a payout run as a draft. Before any approval the draft holds every
 * line (and replaces an older draft). Once a run is approved it is frozen: a new
 * computation that differs (late data, a back-dated org change) becomes a draft
 * adjustment run with the differences only, to be approved in its turn; nothing
 * approved ever changes. Executives and admins only. Audited.
 */
export async function runPayouts(ds: DataSource, env: ActionEnv, actor: Actor, plan: IncentivePlan, date: IsoDate, now: Date): Promise<PayoutRun> {
  assertCenterWide(actor, 'runPayouts');
  const period = periodOf(plan, date);
  return ds.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('payout'), hashtext($1))`, [`${plan.name}|${period.start}`]);
    const lines = await computePayouts(tx, env, plan, period, { kind: 'all' }, now);
    const runs = await payoutRuns(tx, plan.name, period);
    const approved = runs.filter((r) => r.status === 'approved');
    const drafts = runs.filter((r) => r.status === 'draft');
    if (drafts.length) await tx.query(`DELETE FROM payout_run WHERE id = ANY ($1::uuid[])`, [drafts.map((d) => d.id)]);
    let toWrite = lines.map((l) => ({ ...l, amount: l.amount }));
    if (approved.length) {
      const paid = await approvedAmounts(tx, plan.name, period);
      const ids = new Set([...paid.keys(), ...lines.map((l) => l.employeeId)]);
      toWrite = [...ids]
        .map((e) => {
          const now2 = lines.find((l) => l.employeeId === e);
          const diff = cents((now2?.amount ?? 0) - (paid.get(e) ?? 0));
          return now2 ? { ...now2, amount: diff } : { employeeId: e, score: null, tier: null, amount: diff, trail: { note: 'no longer eligible' } as unknown as PayoutTrail };
        })
        .filter((l) => l.amount !== 0);
    }
    const [run] = await tx.query(
      `INSERT INTO payout_run (plan, plan_version, period_start, period_end, status, adjusts_run, created_by)
       VALUES ($1, $2, $3, $4, 'draft', $5, $6) RETURNING *`,
      [plan.name, plan.version, period.start, period.last, approved.length ? approved[approved.length - 1].id : null, actor.principal.employeeId ?? actor.principal.role],
    );
    for (const l of toWrite) {
      await tx.query(`INSERT INTO payout_line (run_id, employee_id, score, tier, amount, trail) VALUES ($1, $2, $3, $4, $5, $6)`, [
        run.id,
        l.employeeId,
        l.score,
        l.tier,
        l.amount,
        JSON.stringify(l.trail),
      ]);
    }
    const r = toRun(run);
    await recordAudit(tx, actor, { entity: 'payout_run', entityId: r.id, action: 'create', before: drafts.length ? drafts : null, after: { ...r, lines: toWrite.length } });
    return r;
  });
}

/** Approves a draft run: from then on the run and its lines are frozen (a database trigger enforces it). */
export async function approvePayoutRun(ds: DataSource, actor: Actor, runId: string): Promise<PayoutRun> {
  assertCenterWide(actor, 'approvePayoutRun');
  if (!/^[0-9a-f-]{36}$/i.test(runId)) throw badInput(`runId: not a run id (got ${JSON.stringify(runId)})`);
  return ds.transaction(async (tx) => {
    const rows = await tx.query(`SELECT * FROM payout_run WHERE id = $1 FOR UPDATE`, [runId]);
    if (!rows.length) throw notFound(`no payout run ${runId}`);
    const before = toRun(rows[0]);
    if (before.status === 'approved') throw badInput(`payout run ${runId} is already approved`);
    // (TypeORM answers an UPDATE … RETURNING with [rows, count].)
    const [[row]] = await tx.query(`UPDATE payout_run SET status = 'approved', approved_at = now(), approved_by = $2 WHERE id = $1 RETURNING *`, [
      runId,
      actor.principal.employeeId ?? actor.principal.role,
    ]);
    const after = toRun(row);
    await recordAudit(tx, actor, { entity: 'payout_run', entityId: runId, action: 'update', before, after });
    return after;
  });
}

export interface PayoutRunLine {
  runId: string;
  employeeId: string;
  score: number | null;
  tier: string | null;
  amount: number;
  trail: PayoutTrail;
}

/** Lines of runs, within the actor's scope (decided in SQL). */
export async function runLines(sql: Sql, runIds: string[], scope: Actor['scope']): Promise<PayoutRunLine[]> {
  if (!runIds.length) return [];
  const s = employeeInScopeSql(scope, 'l.employee_id', 2);
  const rows = await sql.query(`SELECT l.* FROM payout_line l WHERE l.run_id = ANY ($1::uuid[]) AND ${s.sql} ORDER BY l.employee_id`, [runIds, ...s.params]);
  return rows.map((r: Record<string, unknown>) => ({
    runId: r.run_id as string,
    employeeId: r.employee_id as string,
    score: (r.score as number | null) ?? null,
    tier: (r.tier as string | null) ?? null,
    amount: Number(r.amount),
    trail: r.trail as PayoutTrail,
  }));
}
