import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { badInput, deleteFeedback, feedbackSummary, giveFeedback, listFeedback, updateFeedback } from '../../actions';
import { appraisalConfig } from '../actionEnv';
import { act, actorOf } from '../actor';
import { ApiContext } from '../context';
import { checkLimit } from '../limit';
import { Feedback, FeedbackInput, FeedbackKind, FeedbackPatch, FeedbackSummary } from '../types/feedback';

/** Feedback (SPEC §6.3) with its visibility rules (metrics/appraisals/feedback.yaml sets the two-way minimum). */
@Resolver()
export class FeedbackResolver {
  @Query(() => [Feedback], { description: 'Feedback you may see: what you wrote, what is about you (two-way only from the minimum number of authors), and about the others in your scope.' })
  feedback(
    @Ctx() ctx: ApiContext,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string | null,
    @Arg('kind', () => FeedbackKind, { nullable: true }) kind?: FeedbackKind | null,
    @Arg('authored', () => Boolean, { nullable: true, description: 'Only what you wrote.' }) authored?: boolean | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<Feedback[]> {
    return act(async () => {
      checkLimit(limit);
      const min = appraisalConfig().feedback.twoWayMinimumAuthors;
      return (await listFeedback(ctx.ds, await actorOf(ctx), min, { subjectId, kind, authored, limit })).map(Feedback.from);
    });
  }

  @Query(() => FeedbackSummary)
  feedbackSummary(@Ctx() ctx: ApiContext, @Arg('subjectId', () => ID, { nullable: true, description: 'Default: you.' }) subjectId?: string | null): Promise<FeedbackSummary> {
    return act(async () => {
      const actor = await actorOf(ctx);
      const id = subjectId ?? actor.principal.employeeId;
      if (!id) throw badInput('subjectId: give one (your token has no employee)');
      return FeedbackSummary.from(await feedbackSummary(ctx.ds, actor, appraisalConfig().feedback.twoWayMinimumAuthors, id));
    });
  }

  @Mutation(() => Feedback, { description: 'Peer (a teammate today), two-way (your supervisor or a manager above you), self, or a note (people managers, within their subtree). Audited.' })
  giveFeedback(@Ctx() ctx: ApiContext, @Arg('input', () => FeedbackInput) input: FeedbackInput): Promise<Feedback> {
    return act(async () => Feedback.from(await giveFeedback(ctx.ds, await actorOf(ctx), input, ctx.clock)));
  }

  @Mutation(() => Feedback, { description: 'Its author only. Audited.' })
  updateFeedback(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('input', () => FeedbackPatch) input: FeedbackPatch): Promise<Feedback> {
    return act(async () => Feedback.from(await updateFeedback(ctx.ds, await actorOf(ctx), id, input, ctx.clock)));
  }

  @Mutation(() => Boolean, { description: 'Its author (or an executive or admin). Audited.' })
  deleteFeedback(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return act(async () => deleteFeedback(ctx.ds, await actorOf(ctx), id));
  }
}
