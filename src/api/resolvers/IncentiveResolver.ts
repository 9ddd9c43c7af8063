import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import {
  approvedAmounts,
  approvePayoutRun,
  badInput,
  computePayouts,
  IncentivePlan as PlanRecord,
  PayoutRun as RunRecord,
  PayoutTrail,
  payoutRuns,
  periodOf,
  runLines,
  runPayouts,
} from '../../actions';
import { IsoDate } from '../../canonical';
import { loadManifestOrThrow } from '../../semantic';
import { act, actorOf, incentivePlans } from '../actor';
import { LIMITS } from '../limits';
import { ApiContext } from '../context';
import { DateScalar } from '../scalars';
import { IncentivePlan, PayoutCalculation, PayoutMetric, PayoutReport, PayoutReportLine, PayoutRun, PayoutRunLine, PlanMetric, PlanTier } from '../types/incentives';

function toPlan(p: PlanRecord): IncentivePlan {
  return Object.assign(new IncentivePlan(), {
    name: p.name,
    label: p.label,
    description: p.description,
    period: p.period,
    currency: p.currency,
    targetPay: p.target_pay,
    metrics: p.metrics.map((m) => Object.assign(new PlanMetric(), m)),
    tiers: p.tiers.map((t) => Object.assign(new PlanTier(), { name: t.name, minScore: t.min_score, payPct: t.pay_pct })),
    cap: p.cap ?? null,
    eligibleRole: p.eligible.role ?? null,
    eligibleUnderTeam: p.eligible.under_team ?? null,
    version: p.version,
    file: p.file,
  });
}

function toCalc(t: PayoutTrail): PayoutCalculation | null {
  if (!t || !Array.isArray(t.metrics)) return null;
  return Object.assign(new PayoutCalculation(), { ...t, metrics: t.metrics.map((m) => Object.assign(new PayoutMetric(), m)) });
}

const toRun = (r: RunRecord) => Object.assign(new PayoutRun(), r);

function plan(name: string): PlanRecord {
  const p = incentivePlans().get(name);
  if (!p) throw badInput(`plan: unknown incentive plan ${JSON.stringify(name)}; plans: ${[...incentivePlans().keys()].join(', ') || 'none'}`);
  return p;
}

/** Incentive plans and payouts (issue 9): variable pay from attainment, frozen once approved. */
@Resolver()
export class IncentiveResolver {
  @Query(() => [IncentivePlan], { description: 'The incentive plans of metrics/incentives/.' })
  incentivePlans(): Promise<IncentivePlan[]> {
    return act(async () => [...incentivePlans().values()].map(toPlan));
  }

  @Query(() => PayoutReport, {
    complexity: ({ childComplexity }) => LIMITS.metricDataCost + childComplexity,
    description:
      "Each eligible employee's payout for the period holding `period`, within your scope: as computed on today's data, the approved amount, and the adjustment a restatement would pay.",
  })
  payouts(@Ctx() ctx: ApiContext, @Arg('plan') name: string, @Arg('period', () => DateScalar, { description: 'Any date inside the period.' }) period: IsoDate): Promise<PayoutReport> {
    return act(async () => {
      const p = plan(name);
      const bucket = periodOf(p, period);
      const actor = await actorOf(ctx);
      const env = { manifest: loadManifestOrThrow(), orgTimezone: ctx.config.orgTimezone, today: ctx.today };
      const lines = await computePayouts(ctx.sql, env, p, bucket, actor.scope, new Date());
      const runs = await payoutRuns(ctx.sql, p.name, bucket);
      const paid = await approvedAmounts(ctx.sql, p.name, bucket);
      const anyApproved = runs.some((r) => r.status === 'approved');
      return Object.assign(new PayoutReport(), {
        plan: toPlan(p),
        periodStart: bucket.start,
        periodEnd: bucket.last,
        runs: runs.map(toRun),
        lines: lines.map((l) =>
          Object.assign(new PayoutReportLine(), {
            employeeId: l.employeeId,
            current: toCalc(l.trail),
            approvedAmount: paid.get(l.employeeId) ?? 0,
            adjustment: anyApproved ? Math.round((l.amount - (paid.get(l.employeeId) ?? 0)) * 100) / 100 : 0,
          }),
        ),
      });
    });
  }

  @Query(() => [PayoutRunLine], { description: "A payout run's lines, within your scope." })
  payoutRunLines(@Ctx() ctx: ApiContext, @Arg('runId', () => ID) runId: string): Promise<PayoutRunLine[]> {
    return act(async () => {
      if (!/^[0-9a-f-]{36}$/i.test(runId)) throw badInput(`runId: not a run id (got ${JSON.stringify(runId)})`);
      const lines = await runLines(ctx.ds, [runId], (await actorOf(ctx)).scope);
      return lines.map((l) => Object.assign(new PayoutRunLine(), { ...l, calculation: toCalc(l.trail) }));
    });
  }

  @Mutation(() => PayoutRun, { description: 'Computes a draft payout run (after an approval: a draft adjustment run with the differences). Executives and admins. Audited.' })
  runPayouts(@Ctx() ctx: ApiContext, @Arg('plan') name: string, @Arg('period', () => DateScalar) period: IsoDate): Promise<PayoutRun> {
    return act(async () => {
      const env = { manifest: loadManifestOrThrow(), orgTimezone: ctx.config.orgTimezone, today: ctx.today };
      return toRun(await runPayouts(ctx.ds, env, await actorOf(ctx), plan(name), period, new Date()));
    });
  }

  @Mutation(() => PayoutRun, { description: 'Approves a draft run; it is frozen from then on. Executives and admins. Audited.' })
  approvePayoutRun(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<PayoutRun> {
    return act(async () => toRun(await approvePayoutRun(ctx.ds, await actorOf(ctx), id)));
  }
}
