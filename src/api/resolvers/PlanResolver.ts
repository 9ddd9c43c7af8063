import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { addPlanStep, closePlan, createPlan, deletePlanStep, getPlan, listPlans, planProgress, updatePlan, updatePlanStep } from '../../actions';
import { envOf } from '../actionEnv';
import { act, actorOf } from '../actor';
import { ApiContext } from '../context';
import { LIMITS } from '../limits';
import { checkLimit } from '../limit';
import {
  ClosePlanStatus,
  DevelopmentPlan,
  DevelopmentPlanInput,
  DevelopmentPlanPatch,
  PlanKind,
  PlanOutcome,
  PlanProgress,
  PlanStatus,
  PlanStepInput,
  PlanStepPatch,
} from '../types/plans';

/** Development plans and PIPs (SPEC §6.3). Every change is audited under entity dev_plan with the whole plan before and after. */
@Resolver(() => DevelopmentPlan)
export class PlanResolver {
  @Query(() => [DevelopmentPlan], { description: 'Plans of the employees in your scope (yours included), and those you are accountable for.' })
  developmentPlans(
    @Ctx() ctx: ApiContext,
    @Arg('employeeId', () => ID, { nullable: true }) employeeId?: string | null,
    @Arg('kind', () => PlanKind, { nullable: true }) kind?: PlanKind | null,
    @Arg('status', () => PlanStatus, { nullable: true }) status?: PlanStatus | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<DevelopmentPlan[]> {
    return act(async () => {
      checkLimit(limit);
      return (await listPlans(ctx.ds, await actorOf(ctx), { employeeId, kind, status, limit })).map(DevelopmentPlan.from);
    });
  }

  @Query(() => DevelopmentPlan)
  developmentPlan(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<DevelopmentPlan> {
    return act(async () => DevelopmentPlan.from(await getPlan(ctx.ds, await actorOf(ctx), id)));
  }

  @FieldResolver(() => PlanProgress, { description: "Its goal metrics over the plan's window, and its steps.", complexity: ({ childComplexity }) => LIMITS.metricDataCost + childComplexity })
  progress(@Ctx() ctx: ApiContext, @Root() p: DevelopmentPlan): Promise<PlanProgress> {
    return act(async () => PlanProgress.from(await planProgress(ctx.sql, envOf(ctx), p.record, ctx.clock())));
  }

  @Mutation(() => DevelopmentPlan, { description: 'For an employee in your subtree. Audited.' })
  createDevelopmentPlan(@Ctx() ctx: ApiContext, @Arg('input', () => DevelopmentPlanInput) input: DevelopmentPlanInput): Promise<DevelopmentPlan> {
    return act(async () => DevelopmentPlan.from(await createPlan(ctx.ds, await actorOf(ctx), input, ctx.clock)));
  }

  @Mutation(() => DevelopmentPlan, { description: 'Audited.' })
  updateDevelopmentPlan(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('input', () => DevelopmentPlanPatch) input: DevelopmentPlanPatch): Promise<DevelopmentPlan> {
    return act(async () => DevelopmentPlan.from(await updatePlan(ctx.ds, await actorOf(ctx), id, input, ctx.clock)));
  }

  @Mutation(() => DevelopmentPlan, { description: 'Completes a plan with its outcome, or cancels it. Audited.' })
  closeDevelopmentPlan(
    @Ctx() ctx: ApiContext,
    @Arg('id', () => ID) id: string,
    @Arg('status', () => ClosePlanStatus) status: ClosePlanStatus,
    @Arg('outcome', () => PlanOutcome, { nullable: true }) outcome?: PlanOutcome | null,
    @Arg('outcomeNotes', () => String, { nullable: true }) outcomeNotes?: string | null,
  ): Promise<DevelopmentPlan> {
    return act(async () => DevelopmentPlan.from(await closePlan(ctx.ds, await actorOf(ctx), id, { status, outcome, outcomeNotes }, ctx.clock)));
  }

  @Mutation(() => DevelopmentPlan, { description: 'Audited.' })
  addPlanStep(@Ctx() ctx: ApiContext, @Arg('planId', () => ID) planId: string, @Arg('input', () => PlanStepInput) input: PlanStepInput): Promise<DevelopmentPlan> {
    return act(async () => DevelopmentPlan.from(await addPlanStep(ctx.ds, await actorOf(ctx), planId, input, ctx.clock)));
  }

  @Mutation(() => DevelopmentPlan, { description: "A step's owner may change its status; a manager over the employee anything. Audited." })
  updatePlanStep(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('input', () => PlanStepPatch) input: PlanStepPatch): Promise<DevelopmentPlan> {
    return act(async () => DevelopmentPlan.from(await updatePlanStep(ctx.ds, await actorOf(ctx), id, input, ctx.clock)));
  }

  @Mutation(() => DevelopmentPlan, { description: 'Audited.' })
  deletePlanStep(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<DevelopmentPlan> {
    return act(async () => DevelopmentPlan.from(await deletePlanStep(ctx.ds, await actorOf(ctx), id, ctx.clock)));
  }
}
