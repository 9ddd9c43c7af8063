import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  assertCanSeeEmployee,
  assertCanViewBoard,
  assertCenterWide,
  badInput,
  boardIsPublic,
  Contest as ContestRecord,
  contestStandings,
  createContest,
  employeeInScopeSql,
  freezeEndedContests,
  listContests,
  pointsBalance,
  pointsLedger,
  recognize,
  redeemReward,
  requireContest,
  runBadgeRules,
  visibleEntries,
} from '../../actions';
import { loadManifestOrThrow } from '../../semantic';
import { act, actorOf, gamificationDefs } from '../actor';
import { LIMITS } from '../limits';
import { ApiContext } from '../context';
import {
  Achievement,
  Badge,
  BadgeRuleInfo,
  BadgeRuleRun,
  Contest,
  ContestPrize,
  ContestStanding,
  CreateContestInput,
  PointsBalance,
  PointsEntry,
  Reward,
} from '../types/gamification';
import { boardView, toBoard, toEntry } from './LeaderboardResolver';

const MAX_LIST = 500;
const checkLimit = (limit: number) => {
  if (limit < 1 || limit > MAX_LIST) throw badInput(`limit: 1 to ${MAX_LIST}`);
};

function statusOf(c: ContestRecord, now: Date): string {
  if (c.frozenAt) return 'FROZEN';
  if (now < c.startsAt) return 'SCHEDULED';
  return now < c.endsAt ? 'RUNNING' : 'ENDED';
}

async function toContest(ctx: ApiContext, c: ContestRecord): Promise<Contest> {
  return Object.assign(new Contest(), {
    ...c,
    board: boardView(c.board, await boardIsPublic(ctx.ds, c.board)),
    prizes: c.prizes.map((p) => Object.assign(new ContestPrize(), p)),
    status: statusOf(c, new Date()),
  });
}

/** Badges, points, recognition, rewards and contests (SPEC §6.2, issue 9). */
@Resolver(() => Contest)
export class GamificationResolver {
  @Query(() => [Badge], { description: 'The badge catalog.' })
  badges(): Promise<Badge[]> {
    return act(async () => [...gamificationDefs().badges.values()].map((b) => Object.assign(new Badge(), b)));
  }

  @Query(() => [Reward], { description: 'Rewards points can buy.' })
  rewards(): Promise<Reward[]> {
    return act(async () => [...gamificationDefs().rewards.values()].map((r) => Object.assign(new Reward(), r)));
  }

  @Query(() => [BadgeRuleInfo], { description: 'The badge rules `switchboard schedule` runs.' })
  badgeRules(): Promise<BadgeRuleInfo[]> {
    return act(async () => gamificationDefs().rules.map((r) => Object.assign(new BadgeRuleInfo(), r)));
  }

  @Query(() => [Achievement], { description: "Badges held, newest first: an employee's (default you), or everyone's in your scope." })
  achievements(
    @Ctx() ctx: ApiContext,
    @Arg('employeeId', () => ID, { nullable: true }) employeeId?: string | null,
    @Arg('restatedOnly', () => Boolean, { defaultValue: false, description: 'Only awards whose data has changed since.' }) restatedOnly = false,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<Achievement[]> {
    return act(async () => {
      checkLimit(limit);
      const actor = await actorOf(ctx);
      const s = employeeInScopeSql(actor.scope, 'a.employee_id', 4);
      const rows = await ctx.sql.query(
        `SELECT a.*, a.period_start::text AS period_start, a.period_end::text AS period_end FROM achievement a
          WHERE ($1::text IS NULL OR a.employee_id = $1) AND (NOT $2::boolean OR a.still_qualifies IS NOT NULL) AND ${s.sql}
          ORDER BY a.awarded_at DESC, a.id DESC LIMIT $3`,
        [employeeId ?? (actor.scope.kind === 'employee' ? actor.principal.employeeId : null), restatedOnly, limit, ...s.params],
      );
      return rows.map(Achievement.from);
    });
  }

  @Query(() => PointsBalance, { description: 'Points earned, spent and the balance (default: yours).' })
  points(@Ctx() ctx: ApiContext, @Arg('employeeId', () => ID, { nullable: true }) employeeId?: string | null): Promise<PointsBalance> {
    return act(async () => {
      const actor = await actorOf(ctx);
      const id = employeeId ?? actor.principal.employeeId;
      if (!id) throw badInput('employeeId: give one (your token has no employee)');
      await assertCanSeeEmployee(ctx.sql, actor, id, 'points');
      return Object.assign(new PointsBalance(), await pointsBalance(ctx.sql, id));
    });
  }

  @Query(() => [PointsEntry], { description: 'The points ledger, newest first (default: yours).' })
  pointsLedger(
    @Ctx() ctx: ApiContext,
    @Arg('employeeId', () => ID, { nullable: true }) employeeId?: string | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<PointsEntry[]> {
    return act(async () => {
      checkLimit(limit);
      const actor = await actorOf(ctx);
      const id = employeeId ?? actor.principal.employeeId;
      if (!id) throw badInput('employeeId: give one (your token has no employee)');
      await assertCanSeeEmployee(ctx.sql, actor, id, 'pointsLedger');
      return (await pointsLedger(ctx.sql, id, limit)).map((e) => Object.assign(new PointsEntry(), e));
    });
  }

  @Mutation(() => Achievement, { description: 'Gives a badge (and its points) to an employee in your part of the org chart. Audited.' })
  recognize(
    @Ctx() ctx: ApiContext,
    @Arg('employeeId', () => ID) employeeId: string,
    @Arg('badge') badge: string,
    @Arg('reason') reason: string,
    @Arg('metric', () => String, { nullable: true }) metric?: string | null,
  ): Promise<Achievement> {
    return act(async () => {
      const id = await recognize(ctx.ds, await actorOf(ctx), gamificationDefs(), new Set(loadManifestOrThrow().metrics.keys()), { employeeId, badge, reason, metric });
      const rows = await ctx.ds.query(`SELECT *, period_start::text AS period_start, period_end::text AS period_end FROM achievement WHERE id = $1::bigint`, [id]);
      return Achievement.from(rows[0]);
    });
  }

  @Mutation(() => PointsBalance, { description: 'Spends your points on a reward. Audited.' })
  redeemReward(@Ctx() ctx: ApiContext, @Arg('reward') reward: string): Promise<PointsBalance> {
    return act(async () => Object.assign(new PointsBalance(), (await redeemReward(ctx.ds, await actorOf(ctx), gamificationDefs(), reward)).balance));
  }

  @Mutation(() => [BadgeRuleRun], { description: 'Runs the badge rules and freezes ended contests now (what `switchboard schedule` does). Executives and admins.' })
  runGamification(@Ctx() ctx: ApiContext): Promise<BadgeRuleRun[]> {
    return act(async () => {
      assertCenterWide(await actorOf(ctx), 'runGamification');
      const env = { manifest: loadManifestOrThrow(), orgTimezone: ctx.config.orgTimezone, today: ctx.today };
      const now = new Date();
      const runs = await runBadgeRules(ctx.ds, env, gamificationDefs(), now);
      await freezeEndedContests(ctx.ds, env, gamificationDefs(), now);
      return runs.map((r) => Object.assign(new BadgeRuleRun(), { ...r, restated: r.restated.length }));
    });
  }

  @Query(() => [Contest], { description: 'Contests on the boards you may see, newest first.' })
  contests(@Ctx() ctx: ApiContext, @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50): Promise<Contest[]> {
    return act(async () => {
      checkLimit(limit);
      const actor = await actorOf(ctx);
      const out: Contest[] = [];
      for (const c of await listContests(ctx.ds, MAX_LIST)) {
        try {
          await assertCanViewBoard(ctx.ds, actor, c.board);
          out.push(await toContest(ctx, c));
        } catch {
          /* a board the caller may not see */
        }
        if (out.length >= limit) break;
      }
      return out;
    });
  }

  @Query(() => Contest, { nullable: true })
  contest(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Contest | null> {
    return act(async () => {
      const c = await requireContest(ctx.ds, id);
      await assertCanViewBoard(ctx.ds, await actorOf(ctx), c.board);
      return toContest(ctx, c);
    });
  }

  @Mutation(() => Contest, { description: 'Creates a contest on a board in your subtree (the center board: executives and admins). Audited.' })
  createContest(@Ctx() ctx: ApiContext, @Arg('input', () => CreateContestInput) input: CreateContestInput): Promise<Contest> {
    return act(async () => {
      const env = { manifest: loadManifestOrThrow(), orgTimezone: ctx.config.orgTimezone, today: ctx.today };
      return toContest(ctx, await createContest(ctx.ds, env, await actorOf(ctx), gamificationDefs(), { ...input, board: toBoard(input.board) }));
    });
  }

  @FieldResolver(() => [ContestStanding], {
    description: 'Live while the contest runs; frozen once it has ended. Anonymous peers as on leaderboards.',
    complexity: ({ childComplexity }) => LIMITS.metricDataCost + childComplexity,
  })
  standings(@Root() contest: Contest, @Ctx() ctx: ApiContext, @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50): Promise<ContestStanding[]> {
    return act(async () => {
      checkLimit(limit);
      const actor = await actorOf(ctx);
      const c = await requireContest(ctx.ds, contest.id);
      const env = { manifest: loadManifestOrThrow(), orgTimezone: ctx.config.orgTimezone, today: ctx.today };
      const { standings } = await contestStandings(ctx.sql, env, c);
      const data = { ranked: standings.filter((s) => s.qualified), notQualified: standings.filter((s) => !s.qualified) };
      const v = await visibleEntries(ctx.ds, actor, data, await boardIsPublic(ctx.ds, c.board));
      const prize = new Map(standings.map((s) => [s.employeeId, s.prize]));
      return [...v.ranked, ...v.notQualified].slice(0, limit).map((e) =>
        Object.assign(new ContestStanding(), toEntry(e), { prize: prize.get(e.employeeId) ? Object.assign(new ContestPrize(), prize.get(e.employeeId)) : null }),
      );
    });
  }
}
