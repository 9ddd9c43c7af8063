import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { acknowledgeAppraisal, createAppraisal, deleteAppraisal, getAppraisal, listAppraisals, refreshAppraisalSnapshot, submitAppraisal, updateAppraisal } from '../../actions';
import { appraisalConfig, envOf } from '../actionEnv';
import { act, actorOf } from '../actor';
import { ApiContext } from '../context';
import { checkLimit } from '../limit';
import { Appraisal, AppraisalInput, AppraisalPatch, AppraisalStatus, AppraisalTemplate } from '../types/appraisals';

/** Appraisals (SPEC §6.3), with competencies from metrics/appraisals/competencies.yaml. */
@Resolver()
export class AppraisalResolver {
  @Query(() => [AppraisalTemplate])
  appraisalTemplates(): Promise<AppraisalTemplate[]> {
    return act(async () => {
      const cfg = appraisalConfig();
      return [...cfg.templates.values()].map((t) => AppraisalTemplate.from(t, cfg));
    });
  }

  @Query(() => [Appraisal], { description: 'Yours once submitted, those you reviewed, and those of the employees in your scope.' })
  appraisals(
    @Ctx() ctx: ApiContext,
    @Arg('employeeId', () => ID, { nullable: true }) employeeId?: string | null,
    @Arg('status', () => AppraisalStatus, { nullable: true }) status?: AppraisalStatus | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<Appraisal[]> {
    return act(async () => {
      checkLimit(limit);
      return (await listAppraisals(ctx.ds, await actorOf(ctx), { employeeId, status, limit })).map(Appraisal.from);
    });
  }

  @Query(() => Appraisal)
  appraisal(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Appraisal> {
    return act(async () => Appraisal.from(await getAppraisal(ctx.ds, await actorOf(ctx), id)));
  }

  @Mutation(() => Appraisal, { description: "A draft for an employee in your subtree, with the period's scorecard frozen in. Audited." })
  createAppraisal(@Ctx() ctx: ApiContext, @Arg('input', () => AppraisalInput) input: AppraisalInput): Promise<Appraisal> {
    return act(async () => Appraisal.from(await createAppraisal(ctx.ds, envOf(ctx), appraisalConfig(), await actorOf(ctx), input, ctx.clock)));
  }

  @Mutation(() => Appraisal, { description: 'Changes a draft. Audited.' })
  updateAppraisal(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('input', () => AppraisalPatch) input: AppraisalPatch): Promise<Appraisal> {
    return act(async () => Appraisal.from(await updateAppraisal(ctx.ds, appraisalConfig(), await actorOf(ctx), id, input, ctx.clock)));
  }

  @Mutation(() => Appraisal, { description: "Retakes a draft's snapshot from today's data. Audited." })
  refreshAppraisalSnapshot(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Appraisal> {
    return act(async () => Appraisal.from(await refreshAppraisalSnapshot(ctx.ds, envOf(ctx), await actorOf(ctx), id, ctx.clock)));
  }

  @Mutation(() => Appraisal, { description: 'Submits a draft with every competency rated; it is frozen from then on. Audited.' })
  submitAppraisal(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Appraisal> {
    return act(async () => Appraisal.from(await submitAppraisal(ctx.ds, appraisalConfig(), await actorOf(ctx), id, ctx.clock)));
  }

  @Mutation(() => Appraisal, { description: 'The employee acknowledges their submitted appraisal, with an optional comment. Audited.' })
  acknowledgeAppraisal(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment?: string | null): Promise<Appraisal> {
    return act(async () => Appraisal.from(await acknowledgeAppraisal(ctx.ds, await actorOf(ctx), id, comment ?? null, ctx.clock)));
  }

  @Mutation(() => Boolean, { description: 'Deletes a draft. Audited.' })
  deleteAppraisal(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return act(async () => deleteAppraisal(ctx.ds, await actorOf(ctx), id));
  }
}
