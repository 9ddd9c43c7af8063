import { addDays, IsoDate, Sql } from '../../canonical';
import { CompiledMetric } from '../../semantic';
import { ActionEnv } from '../actuals';
import { bucketsCovering, GoalGrain } from '../buckets';
import { employeeCells, ScoreCell } from '../scorecard';
import { DevelopmentPlan } from './plans';

export interface PlanProgressMetric {
  goalId: string;
  metric: CompiledMetric;
  grain: GoalGrain;
  /** The plan's window cut into the goal's grain, each bucket judged against the goal in force on its last day. */
  cells: ScoreCell[];
}

/**
 * A plan's progress: the metrics of its linked goals over the plan's window
 * (whole buckets of each goal's grain that overlap [startsOn, endsOn]), from the
 * metrics layer (one query per grain), and how many steps are done.
 */
export interface PlanProgress {
  planId: string;
  from: IsoDate;
  to: IsoDate;
  metrics: PlanProgressMetric[];
  steps: { total: number; done: number; skipped: number; overdue: number };
}

export async function planProgress(sql: Sql, env: ActionEnv, plan: DevelopmentPlan, now: Date): Promise<PlanProgress> {
  const to = addDays(plan.endsOn, 1);
  const byGrain = new Map<GoalGrain, { goalId: string; metric: CompiledMetric }[]>();
  for (const g of plan.goals) {
    const m = env.manifest.metrics.get(g.metric);
    if (!m) continue; // a goal on a metric since removed from the catalog
    const grain = g.grain as GoalGrain;
    byGrain.set(grain, [...(byGrain.get(grain) ?? []), { goalId: g.goalId, metric: m }]);
  }
  const metrics: PlanProgressMetric[] = [];
  for (const [grain, goals] of byGrain) {
    const buckets = bucketsCovering(plan.startsOn, to, grain);
    const distinct = [...new Map(goals.map((g) => [g.metric.def.name, g.metric])).values()];
    const cells = (await employeeCells(sql, env, { metrics: distinct, grain, buckets, employeeIds: [plan.employeeId], now })).get(plan.employeeId)!;
    for (const g of goals) metrics.push({ goalId: g.goalId, metric: g.metric, grain, cells: cells.get(g.metric.def.name)! });
  }
  const steps = plan.steps;
  return {
    planId: plan.id,
    from: plan.startsOn,
    to,
    metrics,
    steps: {
      total: steps.length,
      done: steps.filter((s) => s.status === 'done').length,
      skipped: steps.filter((s) => s.status === 'skipped').length,
      overdue: steps.filter((s) => s.status === 'open' && s.dueDate !== null && s.dueDate < env.today).length,
    },
  };
}
