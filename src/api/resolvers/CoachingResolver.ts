import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { cancelCoaching, coachingImpact, completeCoaching, getCoaching, listCoaching, listTasks, scheduleCoaching, updateCoaching } from '../../actions';
import { envOf } from '../actionEnv';
import { act, actorOf } from '../actor';
import { ApiContext } from '../context';
import { LIMITS } from '../limits';
import { checkLimit } from '../limit';
import { CoachingImpact, CoachingInput, CoachingPatch, CoachingSession, CoachingStatus, CompleteCoachingInput, CompletedCoaching } from '../types/coaching';
import { Task } from '../types/workflow';

/** Coaching sessions and their before-and-after view (SPEC §6.3). */
@Resolver(() => CoachingSession)
export class CoachingResolver {
  @Query(() => [CoachingSession], { description: 'Sessions of the employees in your scope, and those you coach; newest first.' })
  coachingSessions(
    @Ctx() ctx: ApiContext,
    @Arg('employeeId', () => ID, { nullable: true }) employeeId?: string | null,
    @Arg('coachId', () => ID, { nullable: true }) coachId?: string | null,
    @Arg('status', () => CoachingStatus, { nullable: true }) status?: CoachingStatus | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<CoachingSession[]> {
    return act(async () => {
      checkLimit(limit);
      return (await listCoaching(ctx.ds, await actorOf(ctx), { employeeId, coachId, status, limit })).map(CoachingSession.from);
    });
  }

  @Query(() => CoachingSession)
  coachingSession(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<CoachingSession> {
    return act(async () => CoachingSession.from(await getCoaching(ctx.ds, await actorOf(ctx), id)));
  }

  @Query(() => CoachingImpact, {
    description: 'The focus metrics over the N days before and after the session, with the difference.',
    complexity: ({ childComplexity }) => LIMITS.metricDataCost + childComplexity, // metric queries, priced like metricData
  })
  coachingImpact(@Ctx() ctx: ApiContext, @Arg('sessionId', () => ID) sessionId: string, @Arg('days', () => Int, { defaultValue: 14 }) days: number): Promise<CoachingImpact> {
    return act(async () => {
      const s = await getCoaching(ctx.ds, await actorOf(ctx), sessionId);
      return CoachingImpact.from(await coachingImpact(ctx.sql, envOf(ctx), s, days, ctx.clock()));
    });
  }

  @FieldResolver(() => CoachingImpact, { description: 'Before and after (see coachingImpact).', complexity: ({ childComplexity }) => LIMITS.metricDataCost + childComplexity })
  impact(@Ctx() ctx: ApiContext, @Root() s: CoachingSession, @Arg('days', () => Int, { defaultValue: 14 }) days: number): Promise<CoachingImpact> {
    return act(async () => CoachingImpact.from(await coachingImpact(ctx.sql, envOf(ctx), s, days, ctx.clock())));
  }

  @FieldResolver(() => [Task], { description: 'Its follow-up tasks that you may see.' })
  followUps(@Ctx() ctx: ApiContext, @Root() s: CoachingSession): Promise<Task[]> {
    return act(async () => (await listTasks(ctx.ds, await actorOf(ctx), { coachingSessionId: s.id, limit: 1000 })).map(Task.from));
  }

  @Mutation(() => CoachingSession, { description: 'For an employee in your subtree. Audited.' })
  scheduleCoaching(@Ctx() ctx: ApiContext, @Arg('input', () => CoachingInput) input: CoachingInput): Promise<CoachingSession> {
    return act(async () => CoachingSession.from(await scheduleCoaching(ctx.ds, envOf(ctx).manifest, await actorOf(ctx), input, ctx.clock)));
  }

  @Mutation(() => CoachingSession, { description: 'The coach or a manager over the employee. Audited.' })
  updateCoaching(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('input', () => CoachingPatch) input: CoachingPatch): Promise<CoachingSession> {
    return act(async () => CoachingSession.from(await updateCoaching(ctx.ds, envOf(ctx).manifest, await actorOf(ctx), id, input, ctx.clock)));
  }

  @Mutation(() => CompletedCoaching, { description: 'Marks the session held, with notes and follow-up tasks. Audited.' })
  completeCoaching(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('input', () => CompleteCoachingInput, { nullable: true }) input?: CompleteCoachingInput | null): Promise<CompletedCoaching> {
    return act(async () => {
      const r = await completeCoaching(ctx.ds, envOf(ctx).manifest, await actorOf(ctx), id, input ?? {}, ctx.clock);
      return Object.assign(new CompletedCoaching(), { session: CoachingSession.from(r.session), followUps: r.followUps.map(Task.from) });
    });
  }

  @Mutation(() => CoachingSession, { description: 'Audited.' })
  cancelCoaching(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<CoachingSession> {
    return act(async () => CoachingSession.from(await cancelCoaching(ctx.ds, await actorOf(ctx), id, ctx.clock)));
  }
}
