import { IsoDate, Sql } from '../canonical';
import { CompiledMetric } from '../semantic';
import { actualKey, ActionEnv, metricActuals } from './actuals';
import { Bucket, bucketsCovering, daysBetween, GoalGrain, previousBucket, startOfDayIn } from './buckets';
import { AppliedGoal, applicableGoals, applicableTeamGoals } from './goals';
import { attainment, effectiveFloor, goalScore, GoalStatus, goalStatus, trend, Trend, weightedTotal } from './scoring';

/** One metric in one bucket of a scorecard (SPEC §6.1). */
export interface ScoreCell {
  bucket: Bucket;
  /** The bucket has ended (its values may still be restated by late data). */
  complete: boolean;
  actual: number | null;
  /** The goal in force on the bucket's last day; null = none applies. */
  goal: AppliedGoal | null;
  target: number | null;
  floor: number | null;
  weight: number;
  attainment: number | null;
  status: GoalStatus;
  score: number | null;
  previousActual: number | null;
  trend: Trend;
}

export type ScoreSubject = { kind: 'employee'; id: string } | { kind: 'team'; id: string };

/** Judges one bucket's actual against the goal in force on its last day. */
export function judge(m: CompiledMetric, bucket: Bucket, goal: AppliedGoal | null, actual: number | null, previous: number | null, now: Date, zone: string): ScoreCell {
  const dir = m.def.direction;
  const target = goal?.target ?? null;
  const att = attainment(actual, target, dir);
  return {
    bucket,
    complete: startOfDayIn(bucket.end, zone).getTime() <= now.getTime(),
    actual,
    goal,
    target,
    floor: goal ? effectiveFloor(goal.target, goal.floor, dir) : null,
    weight: goal?.weight ?? 1,
    attainment: att,
    status: goalStatus(att),
    score: goal ? goalScore(actual, goal.target, goal.floor, dir) : null,
    previousActual: previous,
    trend: trend(actual, previous, dir),
  };
}

/**
 * Cells for many employees, one grain, several metrics: one metricData query for
 * the actuals (AS_WAS over each employee's own facts) and one statement for the
 * goals that apply on each bucket's last day. Keyed employee → metric → cells.
 */
export async function employeeCells(
  sql: Sql,
  env: ActionEnv,
  o: { metrics: CompiledMetric[]; grain: GoalGrain; buckets: Bucket[]; employeeIds: string[] | null; now: Date },
): Promise<Map<string, Map<string, ScoreCell[]>>> {
  if (!o.buckets.length || !o.metrics.length) return new Map();
  const prev = previousBucket(o.buckets[0]);
  const names = o.metrics.map((m) => m.def.name);
  const actuals = await metricActuals(sql, env, {
    metrics: names,
    grain: o.grain,
    from: prev.start,
    to: o.buckets[o.buckets.length - 1].end,
    by: ['EMPLOYEE'],
    employeeIds: o.employeeIds,
  });
  const employees = o.employeeIds ?? [...new Set([...actuals.keys()].map((k) => k.split('|')[0]))].sort();
  const goals = await applicableGoals(sql, employees, o.buckets.map((b) => b.last), names);
  const out = new Map<string, Map<string, ScoreCell[]>>();
  for (const e of employees) {
    const byMetric = new Map<string, ScoreCell[]>();
    o.metrics.forEach((m, i) => {
      const value = (b: Bucket) => actuals.get(actualKey(e, b.start))?.[i] ?? null;
      byMetric.set(
        m.def.name,
        o.buckets.map((b) => judge(m, b, goals.get(`${e}|${b.last}|${m.def.name}`) ?? null, value(b), value(previousBucket(b)), o.now, env.orgTimezone)),
      );
    });
    out.set(e, byMetric);
  }
  return out;
}

/** Cells for one team: the metrics over the facts attributed inside its subtree (AS_WAS). */
async function teamCells(sql: Sql, env: ActionEnv, teamId: string, metrics: CompiledMetric[], grain: GoalGrain, buckets: Bucket[], now: Date): Promise<Map<string, ScoreCell[]>> {
  const prev = previousBucket(buckets[0]);
  const names = metrics.map((m) => m.def.name);
  const actuals = await metricActuals(sql, env, { metrics: names, grain, from: prev.start, to: buckets[buckets.length - 1].end, by: [], underTeam: teamId });
  const goals = await applicableTeamGoals(sql, [teamId], buckets.map((b) => b.last), names);
  const out = new Map<string, ScoreCell[]>();
  metrics.forEach((m, i) => {
    const value = (b: Bucket) => actuals.get(actualKey('', b.start))?.[i] ?? null;
    out.set(m.def.name, buckets.map((b) => judge(m, b, goals.get(`${teamId}|${b.last}|${m.def.name}`) ?? null, value(b), value(previousBucket(b)), now, env.orgTimezone)));
  });
  return out;
}

export interface ScorecardMetric {
  metric: CompiledMetric;
  grain: GoalGrain;
  cells: ScoreCell[];
}

export interface ScorecardTotal {
  grain: GoalGrain;
  bucket: Bucket;
  /** Σ weight × score / Σ weight over the metrics with a score in this bucket. */
  score: number | null;
  metricsScored: number;
}

export interface Scorecard {
  subject: ScoreSubject;
  from: IsoDate;
  to: IsoDate;
  metrics: ScorecardMetric[];
  totals: ScorecardTotal[];
}

/**
 * A scorecard over the dates [from, to) (SPEC §6.1). Its metrics are those with a
 * goal applying to the subject on some day of the window; each is cut into the
 * grain of its latest such goal, in whole buckets of the org time zone (the
 * buckets that overlap the window), and each bucket is judged against the goal in
 * force on its last day. Totals weigh the scores of the metrics that share a
 * bucket. Actuals come from the metrics layer: one query per grain.
 */
export async function computeScorecard(sql: Sql, env: ActionEnv, subject: ScoreSubject, from: IsoDate, to: IsoDate, now: Date): Promise<Scorecard> {
  const days = daysBetween(from, to);
  const goals = subject.kind === 'employee' ? await applicableGoals(sql, [subject.id], days) : await applicableTeamGoals(sql, [subject.id], days);
  // Each metric's grain: that of its goal on the latest day one applies.
  const grainOf = new Map<string, GoalGrain>();
  for (const d of [...days].reverse()) {
    for (const [key, g] of goals) if (key.startsWith(`${subject.id}|${d}|`) && !grainOf.has(g.metric)) grainOf.set(g.metric, g.grain);
  }
  const byGrain = new Map<GoalGrain, CompiledMetric[]>();
  for (const [name, grain] of [...grainOf].sort(([a], [b]) => a.localeCompare(b))) {
    const m = env.manifest.metrics.get(name);
    if (!m) continue; // a goal on a metric since removed from the catalog
    byGrain.set(grain, [...(byGrain.get(grain) ?? []), m]);
  }
  const metrics: ScorecardMetric[] = [];
  const totals: ScorecardTotal[] = [];
  for (const [grain, ms] of byGrain) {
    const buckets = bucketsCovering(from, to, grain);
    const cells =
      subject.kind === 'employee'
        ? (await employeeCells(sql, env, { metrics: ms, grain, buckets, employeeIds: [subject.id], now })).get(subject.id)!
        : await teamCells(sql, env, subject.id, ms, grain, buckets, now);
    for (const m of ms) metrics.push({ metric: m, grain, cells: cells.get(m.def.name)! });
    buckets.forEach((b, i) => {
      const parts = ms.map((m) => cells.get(m.def.name)![i]);
      totals.push({ grain, bucket: b, score: weightedTotal(parts), metricsScored: parts.filter((p) => p.score !== null).length });
    });
  }
  return { subject, from, to, metrics, totals };
}

